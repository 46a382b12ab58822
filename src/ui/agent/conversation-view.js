// The open conversation: transcript, claim / take over / hand back / close with an outcome, the composer with
// suggested replies, and the handoff's notes.
import { make } from '/shared/dom.js';
import { api, date, OUTCOME_LABELS, state, time, TRIGGER_LABELS, ui } from './console-state.js';
import { clearCustomer, loadCustomer, showNoProfile } from './customer-panel.js';

/** False until the transcript was drawn once: a newly opened conversation starts scrolled to the end. */
let quietScroll = false;
let onListsChanged = () => {};

function showError(message) {
  ui.error.textContent = message;
  ui.error.hidden = !message;
}

export function closeConversation() {
  state.openId = null;
  state.open = null;
  ui.body.hidden = true;
  ui.placeholder.hidden = false;
  clearCustomer();
}

export async function openConversation(id) {
  state.openId = id;
  state.contextFor = null;
  quietScroll = false;
  showError('');
  ui.transcript.replaceChildren();
  ui.suggestions.replaceChildren();
  ui.outcome.value = '';
  ui.placeholder.hidden = true;
  ui.body.hidden = false;
  onListsChanged();
  await loadConversation(id);
}

export async function loadConversation(id, { quiet = false } = {}) {
  try {
    const data = await api(`/api/agent/conversations/${encodeURIComponent(id)}`);
    if (state.openId !== id) return;
    const lastBefore = state.open?.interactions.at(-1)?.id;
    state.open = data;
    renderConversation(data);
    if (data.interactions.at(-1)?.id !== lastBefore) void loadSuggestions(id);
    const customerId = data.conversation.customerId;
    if (customerId && state.contextFor !== customerId) {
      state.contextFor = customerId;
      void loadCustomer(customerId);
    } else if (!customerId) {
      showNoProfile();
    }
  } catch (error) {
    if (!quiet || state.openId === id) showError(error.message);
  }
}

function renderHeader({ conversation, handoff }, mineNow) {
  const name = conversation.customerId && state.customerName?.id === conversation.customerId ? `${state.customerName.name} (${conversation.customerId})` : conversation.customerId;
  ui.title.textContent = name ? `Conversation with ${name}` : 'Conversation with a guest';
  const holder = conversation.state === 'assigned' ? (mineNow ? 'you' : conversation.assignedAgent) : null;
  const stateText = { bot: 'with the bot', queued: 'waiting in the queue', assigned: `held by ${holder}`, closed: 'closed' }[conversation.state];
  ui.meta.textContent = `${conversation.channel} · ${stateText} · started ${date(conversation.startedAt)} ${time(conversation.startedAt)}`;
  if (handoff) {
    const label = TRIGGER_LABELS[handoff.trigger] ?? handoff.trigger;
    const reason = handoff.reason && handoff.reason.toLowerCase() !== label.toLowerCase() ? ` — ${handoff.reason}` : '';
    const outcome = handoff.outcome ? ` · outcome: ${OUTCOME_LABELS[handoff.outcome] ?? handoff.outcome}` : '';
    ui.reason.textContent = `Handoff: ${label}${reason}${outcome}`;
  } else {
    ui.reason.textContent = '';
  }
  ui.claim.hidden = conversation.state !== 'queued';
  ui.pick.hidden = conversation.state !== 'bot';
  ui.endGroup.hidden = !mineNow;
  ui.text.disabled = !mineNow;
  ui.text.placeholder = mineNow
    ? 'Write to the customer… (Enter sends, Shift+Enter for a new line)'
    : { bot: 'The bot is handling this conversation: take over to reply', queued: 'Claim the conversation to reply', assigned: `${holder} is handling this conversation`, closed: 'This conversation is closed' }[conversation.state];
  ui.send.disabled = !mineNow || ui.text.value.trim() === '';
  ui.suggestions.hidden = !mineNow;
  ui.notes.hidden = !handoff;
  const notes = handoff?.notes ?? [];
  ui.notesList.replaceChildren(...notes.map((n) => make('li', '', `${n.agent} · ${time(n.at)}: ${n.text}`)));
  ui.notesList.hidden = notes.length === 0;
}

function renderMessage(m) {
  const li = make('li', `message ${m.sender}`);
  li.dataset.id = m.id;
  const who = m.sender === 'agent' ? (m.agent ?? 'Agent') : m.sender === 'bot' ? 'Bot' : 'Customer';
  li.append(make('span', 'sender-label', `${who} · ${time(m.at)}${m.intent ? ` · ${m.intent}` : ''}`));
  if (m.text) li.append(make('span', 'bubble', m.text));
  const card = m.payload?.card;
  if (card && typeof card === 'object') {
    const facts = Array.isArray(card.facts) ? card.facts.map((f) => `${f.label}: ${f.value}`).join(' · ') : '';
    li.append(make('span', 'bubble card', [card.title, card.subtitle, facts].filter(Boolean).join('\n')));
  }
  const actions = Array.isArray(m.payload?.suggestedActions) ? m.payload.suggestedActions : [];
  if (actions.length > 0) li.append(make('span', 'offered', `Offered: ${actions.map((a) => a.title).join(' · ')}`));
  return li;
}

function renderConversation(data) {
  const { conversation, interactions } = data;
  const mineNow = conversation.state === 'assigned' && conversation.assignedAgent === state.me?.username;
  ui.body.dataset.state = conversation.state;
  ui.body.dataset.mine = String(mineNow);
  renderHeader(data, mineNow);
  const atBottom = ui.transcript.scrollHeight - ui.transcript.scrollTop - ui.transcript.clientHeight < 40;
  ui.transcript.replaceChildren(...interactions.map(renderMessage));
  if (atBottom || !quietScroll) ui.transcript.scrollTop = ui.transcript.scrollHeight;
  quietScroll = true;
}

async function loadSuggestions(id) {
  try {
    const { suggestions } = await api(`/api/agent/conversations/${encodeURIComponent(id)}/suggestions`);
    if (state.openId !== id) return;
    ui.suggestions.replaceChildren(
      ...(suggestions.length > 0 ? [make('span', 'suggestions-label', 'Suggested')] : []),
      ...suggestions.map((s) => {
        const chip = make('button', 'suggestion');
        chip.append(make('span', 'suggestion-text', s.text));
        chip.type = 'button';
        chip.title = `${s.label} (${Math.round(s.confidence * 100)}%): click to put it in the reply box and edit it`;
        chip.addEventListener('click', () => {
          ui.text.value = s.text;
          ui.text.focus();
          ui.send.disabled = ui.text.disabled;
        });
        return chip;
      }),
    );
  } catch {
    ui.suggestions.replaceChildren();
  }
}

async function act(path, body) {
  const id = state.openId;
  if (!id || state.busy) return;
  state.busy = true;
  showError('');
  try {
    await api(`/api/agent/conversations/${encodeURIComponent(id)}/${path}`, { body: body ?? {} });
    // The outcome belonged to the handoff that just ended; the next one starts unchosen.
    if (path === 'release' || path === 'close') ui.outcome.value = '';
    await loadConversation(id);
  } catch (error) {
    showError(error.message);
    await loadConversation(id, { quiet: true });
  } finally {
    state.busy = false;
  }
}

/** `listsChanged()` redraws the sidebar (the open conversation is marked there). */
export function initConversation(listsChanged) {
  onListsChanged = listsChanged;
  ui.claim.addEventListener('click', () => act('claim'));
  ui.pick.addEventListener('click', () => act('pick'));
  ui.release.addEventListener('click', () => act('release', ui.outcome.value ? { outcome: ui.outcome.value } : {}));
  ui.close.addEventListener('click', () => act('close', { outcome: ui.outcome.value || 'resolved' }));

  ui.text.addEventListener('input', () => { ui.send.disabled = ui.text.disabled || ui.text.value.trim() === ''; });
  ui.text.addEventListener('keydown', (event) => {
    if (event.key === 'Enter' && !event.shiftKey && !event.isComposing) {
      event.preventDefault();
      ui.composer.requestSubmit();
    }
  });
  ui.composer.addEventListener('submit', async (event) => {
    event.preventDefault();
    const text = ui.text.value.trim();
    const id = state.openId;
    if (!text || !id || ui.text.disabled) return;
    ui.send.disabled = true;
    showError('');
    try {
      await api(`/api/agent/conversations/${encodeURIComponent(id)}/messages`, { body: { text } });
      ui.text.value = '';
      quietScroll = false;
      await loadConversation(id);
    } catch (error) {
      // The text stays in the box so nothing is lost.
      showError(`Not sent: ${error.message}`);
    } finally {
      ui.send.disabled = ui.text.disabled || ui.text.value.trim() === '';
    }
  });
  ui.noteForm.addEventListener('submit', async (event) => {
    event.preventDefault();
    const text = ui.noteText.value.trim();
    const id = state.openId;
    if (!text || !id) return;
    try {
      await api(`/api/agent/conversations/${encodeURIComponent(id)}/notes`, { body: { text } });
      ui.noteText.value = '';
      await loadConversation(id, { quiet: true });
    } catch (error) {
      showError(`Note not saved: ${error.message}`);
    }
  });
}
