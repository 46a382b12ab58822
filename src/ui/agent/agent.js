// The agent console: sign in, follow the queue and own conversations live (Server-Sent Events), open one to read the
// transcript and the customer's profile, claim, reply, hand back or close. Text goes in with textContent only.
import { make } from '/shared/dom.js';
import { api } from '/shared/api.js';

const OUTCOME_LABELS = { returned_to_bot: 'handed back to the bot', cancelled: 'taken out of the queue', resolved: 'Resolved', unresolved: 'Unresolved', follow_up: 'Follow-up needed', escalated: 'Escalated' };
const TRIGGER_LABELS = {
  customer_request: 'Asked for a person',
  repeated_failure: 'Bot failed twice',
  negative_sentiment: 'Upset customer',
  churn_risk: 'At risk of leaving',
  agent_pickup: 'Picked from monitor',
  cancel_request: 'Wants to cancel an order',
};

const el = (id) => document.getElementById(id);
const ui = {
  who: el('who'), whoName: el('who-name'), signout: el('signout'), live: el('live'), liveText: el('live-text'),
  signinView: el('signin-view'), loginForm: el('login-form'), loginUser: el('login-username'), loginPassword: el('login-password'),
  loginError: el('login-error'), loginSubmit: el('login-submit'),
  consoleView: el('console-view'), queue: el('queue'), queueCount: el('queue-count'), queueEmpty: el('queue-empty'),
  mine: el('mine'), mineCount: el('mine-count'), mineEmpty: el('mine-empty'),
  placeholder: el('conv-placeholder'), body: el('conv-body'), title: el('conv-title'), meta: el('conv-meta'), reason: el('handoff-reason'),
  error: el('conv-error'), transcript: el('transcript'), claim: el('claim'), release: el('release'), closeGroup: el('close-group'),
  outcome: el('outcome'), close: el('close'), composer: el('composer'), text: el('composer-text'), send: el('send'),
  customerBody: el('customer-body'),
};

/** False until the transcript was drawn once: a newly opened conversation starts scrolled to the end. */
let quietScroll = false;

const state = { me: null, snapshot: { queue: [], mine: [] }, receivedAt: Date.now(), openId: null, open: null, contextFor: null, customerName: null, events: null, busy: false };



function waited(seconds) {
  const s = Math.max(0, Math.round(seconds));
  if (s < 60) return `${s}s`;
  const m = Math.floor(s / 60);
  return m < 60 ? `${m}m ${String(s % 60).padStart(2, '0')}s` : `${Math.floor(m / 60)}h ${m % 60}m`;
}

const time = (iso) => new Date(iso).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' });
const date = (iso) => new Date(iso).toLocaleDateString([], { day: 'numeric', month: 'short', year: 'numeric' });
const money = (amount, currency = 'GBP') => {
  try { return new Intl.NumberFormat([], { style: 'currency', currency }).format(amount); } catch { return `${amount.toFixed(2)} ${currency}`; }
};

// ---- sign in / out ----

function showSignin() {
  state.me = null;
  state.events?.close();
  state.events = null;
  ui.who.hidden = true;
  ui.consoleView.hidden = true;
  ui.signinView.hidden = false;
  ui.loginUser.focus();
}

function showConsole(me) {
  state.me = me;
  ui.whoName.textContent = me.username;
  ui.who.hidden = false;
  ui.signinView.hidden = true;
  ui.consoleView.hidden = false;
  connectEvents();
}

ui.loginForm.addEventListener('submit', async (event) => {
  event.preventDefault();
  ui.loginError.textContent = '';
  const username = ui.loginUser.value.trim();
  const password = ui.loginPassword.value;
  if (!username || !password) {
    ui.loginError.textContent = 'Enter your username and password.';
    return;
  }
  ui.loginSubmit.disabled = true;
  try {
    const me = await api('/api/auth/login', { body: { username, password } });
    ui.loginPassword.value = '';
    showConsole(me);
  } catch (error) {
    ui.loginError.textContent = error.message;
  } finally {
    ui.loginSubmit.disabled = false;
  }
});

ui.signout.addEventListener('click', async () => {
  try { await api('/api/auth/logout', { method: 'POST' }); } catch { /* signed out locally either way */ }
  closeConversation();
  showSignin();
});

// ---- live updates ----

function setLive(kind, text) {
  ui.live.dataset.state = kind;
  ui.liveText.textContent = text;
}

function connectEvents() {
  state.events?.close();
  const source = new EventSource('/api/agent/events');
  state.events = source;
  setLive('connecting', 'Connecting…');
  source.addEventListener('open', () => setLive('live', 'Live'));
  source.addEventListener('queue', (event) => {
    setLive('live', 'Live');
    state.snapshot = JSON.parse(event.data);
    state.receivedAt = Date.now();
    renderLists();
    if (state.openId) void loadConversation(state.openId, { quiet: true });
  });
  source.addEventListener('error', async () => {
    setLive('offline', 'Reconnecting…');
    // EventSource retries by itself; a lapsed session needs a new sign-in instead.
    try { await api('/api/auth/me'); } catch (error) { if (error.status === 401) showSignin(); }
  });
}

// ---- lists ----

function listItem(id, top, right, subs) {
  const li = make('li');
  const button = make('button');
  button.type = 'button';
  button.dataset.id = id;
  if (id === state.openId) button.setAttribute('aria-current', 'true');
  const head = make('span', 'item-top');
  head.append(make('span', '', top), right);
  button.append(head, ...subs.filter(Boolean).map((s) => (typeof s === 'string' ? make('span', 'item-sub', s) : s)));
  button.addEventListener('click', () => openConversation(id));
  li.append(button);
  return li;
}

function renderLists() {
  const { queue, mine } = state.snapshot;
  const elapsed = (Date.now() - state.receivedAt) / 1000;
  ui.queue.replaceChildren(
    ...queue.map((q) => {
      const priority = make('span', q.priority >= 100 ? 'priority high' : 'priority', `P ${Math.round(q.priority)}`);
      priority.title = 'Priority: churn risk × customer value';
      const wait = make('span', 'item-sub waited', `Waiting ${waited(q.waitedSeconds + elapsed)} · #${q.position} · ${q.channel}`);
      wait.dataset.waited = String(q.waitedSeconds);
      const label = TRIGGER_LABELS[q.trigger] ?? q.trigger;
      const reason = q.reason && q.reason.toLowerCase() !== label.toLowerCase() ? q.reason : null;
      return listItem(q.conversationId, q.customerId ?? 'Guest', priority, [label, reason, wait]);
    }),
  );
  ui.queue.dataset.count = String(queue.length);
  ui.queueCount.textContent = String(queue.length);
  ui.queueEmpty.hidden = queue.length > 0;
  ui.mine.replaceChildren(...mine.map((c) => listItem(c.conversationId, c.customerId ?? 'Guest', make('span', 'priority', c.channel), [`Last message ${time(c.lastMessageAt)}`])));
  ui.mineCount.textContent = String(mine.length);
  ui.mineEmpty.hidden = mine.length > 0;
}

// Waiting times keep counting between events.
setInterval(() => {
  const elapsed = (Date.now() - state.receivedAt) / 1000;
  for (const node of ui.queue.querySelectorAll('.waited')) {
    node.textContent = node.textContent.replace(/^Waiting [^·]+/, `Waiting ${waited(Number(node.dataset.waited) + elapsed)} `);
  }
}, 5000);

// The event stream covers the queue and the agent's own conversations; one the agent merely watches (handed back,
// closed, held by someone else) is refreshed by a slow poll instead.
const WATCH_POLL_MS = 5000;
setInterval(() => {
  const id = state.openId;
  if (!id || !state.me || document.hidden) return;
  const { queue, mine } = state.snapshot;
  if (queue.some((q) => q.conversationId === id) || mine.some((c) => c.conversationId === id)) return;
  void loadConversation(id, { quiet: true });
}, WATCH_POLL_MS);

// ---- conversation ----

function showError(message) {
  ui.error.textContent = message;
  ui.error.hidden = !message;
}

function closeConversation() {
  state.openId = null;
  state.open = null;
  ui.body.hidden = true;
  ui.placeholder.hidden = false;
  ui.customerBody.replaceChildren(make('p', 'empty', 'No customer selected.'));
  state.contextFor = null;
}

async function openConversation(id) {
  state.openId = id;
  state.contextFor = null;
  quietScroll = false;
  showError('');
  ui.transcript.replaceChildren();
  ui.placeholder.hidden = true;
  ui.body.hidden = false;
  renderLists();
  await loadConversation(id);
}

async function loadConversation(id, { quiet = false } = {}) {
  try {
    const data = await api(`/api/agent/conversations/${encodeURIComponent(id)}`);
    if (state.openId !== id) return;
    state.open = data;
    renderConversation(data);
    const customerId = data.conversation.customerId;
    if (customerId && state.contextFor !== customerId) {
      state.contextFor = customerId;
      void loadCustomer(customerId);
    } else if (!customerId) {
      ui.customerBody.replaceChildren(make('p', 'empty', 'The customer has not signed in: no profile to show.'));
    }
  } catch (error) {
    if (!quiet || state.openId === id) showError(error.message);
  }
}

function renderConversation({ conversation, handoff, interactions }) {
  const mineNow = conversation.state === 'assigned' && conversation.assignedAgent === state.me?.username;
  const name = conversation.customerId && state.customerName?.id === conversation.customerId ? `${state.customerName.name} (${conversation.customerId})` : conversation.customerId;
  ui.title.textContent = name ? `Conversation with ${name}` : 'Conversation with a guest';
  const holder = conversation.state === 'assigned' ? (mineNow ? 'you' : conversation.assignedAgent) : null;
  const stateText = { bot: 'with the bot', queued: 'waiting in the queue', assigned: `held by ${holder}`, closed: 'closed' }[conversation.state];
  ui.meta.textContent = `${conversation.channel} · ${stateText} · started ${date(conversation.startedAt)} ${time(conversation.startedAt)}`;
  ui.body.dataset.state = conversation.state;
  ui.body.dataset.mine = String(mineNow);
  if (handoff) {
    const label = TRIGGER_LABELS[handoff.trigger] ?? handoff.trigger;
    const reason = handoff.reason && handoff.reason.toLowerCase() !== label.toLowerCase() ? ` — ${handoff.reason}` : '';
    const outcome = handoff.outcome ? ` · outcome: ${OUTCOME_LABELS[handoff.outcome] ?? handoff.outcome}` : '';
    ui.reason.textContent = `Handoff: ${label}${reason}${outcome}`;
  } else {
    ui.reason.textContent = '';
  }
  ui.claim.hidden = conversation.state !== 'queued';
  ui.release.hidden = !mineNow;
  ui.closeGroup.hidden = !mineNow;
  ui.text.disabled = !mineNow;
  ui.text.placeholder = mineNow
    ? 'Write to the customer… (Enter sends, Shift+Enter for a new line)'
    : { bot: 'The bot is handling this conversation', queued: 'Claim the conversation to reply', assigned: `${holder} is handling this conversation`, closed: 'This conversation is closed' }[conversation.state];
  ui.send.disabled = !mineNow || ui.text.value.trim() === '';

  const atBottom = ui.transcript.scrollHeight - ui.transcript.scrollTop - ui.transcript.clientHeight < 40;
  ui.transcript.replaceChildren(
    ...interactions.map((m) => {
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
    }),
  );
  if (atBottom || !quietScroll) ui.transcript.scrollTop = ui.transcript.scrollHeight;
  quietScroll = true;
}

async function act(path, body) {
  const id = state.openId;
  if (!id || state.busy) return;
  state.busy = true;
  showError('');
  try {
    await api(`/api/agent/conversations/${encodeURIComponent(id)}/${path}`, { body: body ?? {} });
    await loadConversation(id);
  } catch (error) {
    showError(error.message);
    await loadConversation(id, { quiet: true });
  } finally {
    state.busy = false;
  }
}

ui.claim.addEventListener('click', () => act('claim'));
ui.release.addEventListener('click', () => act('release'));
ui.close.addEventListener('click', () => act('close', { outcome: ui.outcome.value }));

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

// ---- customer panel ----

function section(title, ...children) {
  const wrap = make('section');
  wrap.append(make('h3', '', title), ...children);
  return wrap;
}

function facts(items, emptyText) {
  if (items.length === 0) return make('p', 'muted', emptyText);
  const ul = make('ul', 'facts');
  ul.append(...items.map((t) => make('li', '', t)));
  return ul;
}

async function loadCustomer(customerId) {
  ui.customerBody.replaceChildren(make('p', 'muted', 'Loading the profile…'));
  try {
    const ctx = await api(`/api/agent/customers/${encodeURIComponent(customerId)}/context`);
    if (state.contextFor !== customerId) return;
    renderCustomer(ctx);
  } catch (error) {
    if (state.contextFor !== customerId) return;
    ui.customerBody.replaceChildren(make('p', 'error', `Profile unavailable: ${error.message}`));
  }
}

function renderCustomer({ customer, orders, churn, recommendations, interactions }) {
  const badges = make('div', 'badges');
  badges.append(make('span', 'badge', customer.source));
  if (customer.subscription?.contract) badges.append(make('span', 'badge', customer.subscription.contract));
  if (churn) badges.append(make('span', `badge ${churn.band}`, `${churn.band} churn risk`));
  const contact = [customer.email, customer.phone, customer.country].filter(Boolean).join(' · ');

  const churnPart = churn
    ? [
        make('p', '', `${Math.round(churn.probability * 100)}% chance of leaving (${churn.band}).`),
        facts(churn.drivers.map((d) => `Because: ${d}`), 'No strong drivers.'),
      ]
    : [make('p', 'muted', 'No churn score (no subscription on file).')];

  ui.customerBody.replaceChildren(
    make('p', 'customer-name', customer.name),
    make('p', 'muted', `${customer.id}${contact ? ` · ${contact}` : ''}`),
    badges,
    section('Churn risk', ...churnPart),
    section('Recent orders', facts(orders.slice(0, 5).map((o) => `${o.id} · ${o.status} · ${money(o.total, o.currency)} · ${date(o.placedAt)}`), 'No orders.')),
    section('Suggest', facts(recommendations.map((r) => `${r.name} (${money(r.unitPrice)}) — ${r.reason}`), 'No recommendations.')),
    section(
      'Past interactions',
      facts(
        interactions
          .filter((i) => i.conversationId !== state.openId)
          .slice(0, 8)
          .map((i) => `${date(i.at)} · ${i.channel} · ${i.sender}: ${i.text.length > 80 ? `${i.text.slice(0, 77)}…` : i.text}`),
        'None on other conversations.',
      ),
    ),
  );
  ui.customerBody.dataset.customer = customer.id;
  state.customerName = { id: customer.id, name: customer.name };
  if (state.open?.conversation.customerId === customer.id) ui.title.textContent = `Conversation with ${customer.name} (${customer.id})`;
}

// ---- start ----

api('/api/auth/me').then(showConsole, () => showSignin());
