// The customer web chat: sends messages, renders replies (quick replies, cards), keeps the conversation across
// reloads (sessionStorage + history) and polls for agent messages. Text goes in with textContent only, never as HTML.
import { make } from '/shared/dom.js';

const STORAGE_KEY = 'concierge.webchat.v1';
const POLL_MS = 4000;
const POLL_MAX_BACKOFF_MS = 30000;
const MAX_CHARS = 2000;

const el = (id) => document.getElementById(id);
const ui = {
  conversation: el('conversation'),
  messages: el('messages'),
  starters: el('starters'),
  typing: el('typing'),
  status: el('status'),
  statusText: el('status-text'),
  identityButton: el('identity-button'),
  identityLabel: el('identity-label'),
  signinPanel: el('signin-panel'),
  signinForm: el('signin-form'),
  signinRef: el('signin-ref'),
  signinError: el('signin-error'),
  signedIn: el('signed-in'),
  signedInRef: el('signed-in-ref'),
  switchButton: el('switch-button'),
  signoutButton: el('signout-button'),
  notice: el('notice'),
  noticeText: el('notice-text'),
  noticeRetry: el('notice-retry'),
  noticeClose: el('notice-close'),
  composer: el('composer'),
  input: el('composer-text'),
  send: el('send'),
};

/* ---------- State ---------- */

/** What survives a reload: the conversation, its token, the read cursor and who is signed in. */
function loadState() {
  try {
    const raw = JSON.parse(sessionStorage.getItem(STORAGE_KEY) ?? 'null');
    const str = (v) => (typeof v === 'string' && v.length > 0 ? v : null);
    if (raw && typeof raw === 'object') {
      return { conversationId: str(raw.conversationId), token: str(raw.token), cursor: str(raw.cursor), ref: str(raw.ref), identityToken: str(raw.identityToken) };
    }
  } catch {
    // Unreadable storage is the same as an empty one.
  }
  return { conversationId: null, token: null, cursor: null, ref: null, identityToken: null };
}

const state = loadState();

function saveState() {
  try {
    sessionStorage.setItem(STORAGE_KEY, JSON.stringify(state));
  } catch {
    // Private mode or a full quota: the chat still works, it just won't survive a reload.
  }
}

/** Ids already on screen, so a poll never shows a message twice. */
const seen = new Set();
/** Customer and bot messages up to this id were shown from a POST response (they had no ids then). */
let ownUpTo = null;
/** Bumped on every send, so a poll that started before it cannot add replies the POST already showed. */
let sendEpoch = 0;
let busy = false;
let polling = false;
let pollTimer = null;
let pollFailures = 0;
let retryAction = null;
/** The agent who last wrote in this conversation, for the header. */
let currentAgent = null;

class ApiError extends Error {
  constructor(status, code, message) {
    super(message);
    this.status = status;
    this.code = code;
  }
}

const maxId = (...ids) => ids.filter(Boolean).reduce((a, b) => (a === null || b > a ? b : a), null);

/* ---------- HTTP ---------- */

async function api(method, path, body) {
  const headers = { Accept: 'application/json' };
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  if (state.token) headers['X-Conversation-Token'] = state.token;
  let response;
  try {
    response = await fetch(path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body), credentials: 'same-origin', cache: 'no-store' });
  } catch {
    throw new ApiError(0, 'NETWORK', 'Concierge can’t be reached right now. Check your connection.');
  }
  let data = null;
  try {
    data = await response.json();
  } catch {
    data = null;
  }
  if (!response.ok) {
    const error = data && typeof data === 'object' ? data.error : null;
    const message = error && typeof error.message === 'string' ? error.message : `The server answered ${response.status}.`;
    throw new ApiError(response.status, error && typeof error.code === 'string' ? error.code : `HTTP_${response.status}`, message);
  }
  if (!data || typeof data !== 'object') throw new ApiError(response.status, 'BAD_RESPONSE', 'The server sent an answer the chat could not read.');
  return data;
}

/* ---------- Rendering ---------- */


const initials = (name) =>
  String(name)
    .split(/[\s._-]+/)
    .filter(Boolean)
    .slice(0, 2)
    .map((part) => part[0].toUpperCase())
    .join('') || 'A';

function isNearBottom() {
  const c = ui.conversation;
  return c.scrollHeight - c.scrollTop - c.clientHeight < 120;
}

function scrollToBottom() {
  ui.conversation.scrollTop = ui.conversation.scrollHeight;
}

function actionButton(action, className) {
  const button = make('button', className, String(action.title ?? action.value ?? ''));
  button.type = 'button';
  button.dataset.value = String(action.value ?? action.title ?? '');
  return button;
}

function validActions(actions) {
  return Array.isArray(actions) ? actions.filter((a) => a && (typeof a.value === 'string' || typeof a.title === 'string')) : [];
}

function renderCard(card) {
  const box = make('div', 'card');
  const head = make('div', 'card-head');
  head.append(make('h3', 'card-title', String(card.title ?? '')));
  if (card.subtitle) head.append(make('p', 'card-subtitle', String(card.subtitle)));
  box.append(head);
  if (card.text) box.append(make('p', 'card-text', String(card.text)));
  const facts = Array.isArray(card.facts) ? card.facts.filter((f) => f && f.label !== undefined) : [];
  if (facts.length > 0) {
    const table = make('table', 'facts');
    const caption = make('caption', 'visually-hidden', `${card.title ?? 'Details'}`);
    const tbody = make('tbody');
    for (const fact of facts) {
      const row = make('tr');
      const label = make('th', '', String(fact.label));
      label.scope = 'row';
      row.append(label, make('td', '', String(fact.value ?? '')));
      tbody.append(row);
    }
    table.append(caption, tbody);
    box.append(table);
  }
  const buttons = validActions(card.buttons);
  if (buttons.length > 0) {
    const group = make('div', 'card-buttons');
    group.setAttribute('role', 'group');
    group.setAttribute('aria-label', `${card.title ?? 'Card'} actions`);
    for (const action of buttons) group.append(actionButton(action, 'chip'));
    box.append(group);
  }
  return box;
}

const SPEAKER = { customer: 'You', bot: 'Concierge' };

/** Adds one message to the log; returns its element, or null when it was already shown. */
function addMessage(message, options = {}) {
  if (message.id) {
    if (seen.has(message.id)) return null;
    seen.add(message.id);
  }
  const sender = message.sender === 'customer' || message.sender === 'agent' || message.sender === 'system' ? message.sender : 'bot';
  const agent = sender === 'agent' ? String(message.agent || 'Support agent') : '';
  const stick = options.forceScroll || isNearBottom();

  if (sender === 'customer' || sender === 'agent') removeQuickReplies();
  if (sender !== 'system') ui.starters.hidden = true;

  const item = make('li', `message ${sender}`);
  item.dataset.sender = sender;
  item.dataset.agent = agent;
  if (message.id) item.dataset.id = message.id;
  if (options.pending) item.classList.add('pending');

  const previous = ui.messages.lastElementChild;
  if (previous && previous.dataset.sender === sender && previous.dataset.agent === agent && sender !== 'system') {
    item.classList.add('continued');
  }

  if (sender === 'bot' || sender === 'agent') {
    const avatar = make('span', `avatar ${sender}`, sender === 'bot' ? 'C' : initials(agent));
    avatar.setAttribute('aria-hidden', 'true');
    item.append(avatar);
  }

  const body = make('div', 'body');
  if (sender === 'agent' && !item.classList.contains('continued')) {
    const label = make('span', 'sender-label', `${agent} · Support team`);
    label.setAttribute('aria-hidden', 'true');
    body.append(label);
  }
  const text = typeof message.text === 'string' ? message.text : '';
  if (text || !message.card) {
    const bubble = make('p', 'bubble');
    if (sender !== 'system') bubble.append(make('span', 'visually-hidden', `${sender === 'agent' ? `${agent} (agent)` : SPEAKER[sender]} said: `));
    bubble.append(document.createTextNode(text));
    body.append(bubble);
  }
  if (message.card && typeof message.card === 'object') body.append(renderCard(message.card));
  const actions = validActions(message.suggestedActions);
  if (actions.length > 0 && sender !== 'customer') {
    const group = make('div', 'quick-replies');
    group.setAttribute('role', 'group');
    group.setAttribute('aria-label', 'Suggested replies');
    for (const action of actions) group.append(actionButton(action, 'chip'));
    body.append(group);
  }
  item.append(body);
  ui.messages.append(item);

  if (sender === 'agent') {
    currentAgent = agent;
    if (ui.status.dataset.state !== 'offline') showRestingStatus();
  } else if (sender === 'bot' && currentAgent) {
    // The bot only speaks again once the agent handed the conversation back.
    currentAgent = null;
    if (ui.status.dataset.state !== 'offline') showRestingStatus();
  }
  if (stick) scrollToBottom();
  return item;
}

/** Quick replies answer the latest bot message only; once the customer or an agent speaks they are stale. */
function removeQuickReplies() {
  for (const group of ui.messages.querySelectorAll('.quick-replies')) group.remove();
}

function addSystemNote(text) {
  addMessage({ sender: 'system', text }, { forceScroll: true });
}

function clearMessages() {
  ui.messages.replaceChildren();
  seen.clear();
  ownUpTo = null;
  currentAgent = null;
  ui.starters.hidden = false;
}

function showTyping(on) {
  const stick = isNearBottom();
  ui.typing.hidden = !on;
  if (on && stick) scrollToBottom();
}

function setStatus(kind, text) {
  ui.status.dataset.state = kind;
  ui.statusText.textContent = text;
}

/** What the header says when nothing is wrong: who the customer is talking to. */
function showRestingStatus() {
  if (currentAgent) setStatus('agent', `Chatting with ${currentAgent}`);
  else setStatus('online', 'Online');
}

function setOnline() {
  pollFailures = 0;
  if (ui.status.dataset.state === 'offline') showRestingStatus();
}

function setOffline() {
  setStatus('offline', 'Reconnecting…');
}

function showNotice(text, retry) {
  ui.noticeText.textContent = text;
  retryAction = retry ?? null;
  ui.noticeRetry.hidden = !retry;
  ui.notice.hidden = false;
}

function hideNotice() {
  ui.notice.hidden = true;
  retryAction = null;
}

/* ---------- Composer ---------- */

function autosize() {
  ui.input.style.height = 'auto';
  ui.input.style.height = `${Math.min(ui.input.scrollHeight + 2, 140)}px`;
}

function updateSendButton() {
  ui.send.disabled = busy || ui.input.value.trim().length === 0;
}

function focusComposer() {
  // On touch screens focusing would pop the keyboard up after every tap on a quick reply.
  if (window.matchMedia && window.matchMedia('(pointer: fine)').matches) ui.input.focus();
}

/* ---------- Conversation ---------- */

function forgetConversation() {
  state.conversationId = null;
  state.token = null;
  state.cursor = null;
  saveState();
  clearTimeout(pollTimer);
  currentAgent = null;
  showRestingStatus();
}

function describeSendError(error) {
  if (error.code === 'NETWORK') return 'Your message wasn’t sent: Concierge can’t be reached. Check your connection and try again.';
  return `Your message wasn’t sent. ${error.message}`;
}

async function send(rawText, { retried = false } = {}) {
  const text = String(rawText ?? '').trim().slice(0, MAX_CHARS);
  if (busy || text.length === 0) return;
  busy = true;
  sendEpoch += 1;
  hideNotice();
  const previousDraft = ui.input.value.trim() === text ? '' : ui.input.value;
  ui.input.value = previousDraft;
  autosize();
  updateSendButton();
  const bubble = addMessage({ sender: 'customer', text }, { pending: true, forceScroll: true });
  showTyping(true);
  let resend = false;

  try {
    const body = { text };
    if (state.conversationId) body.conversationId = state.conversationId;
    // A shop-signed identity opens the conversation; the server remembers whose it is after that.
    if (state.identityToken && !state.conversationId) body.customerToken = state.identityToken;
    else if (state.ref && !state.identityToken) body.customerRef = state.ref;
    const response = await api('POST', '/api/web/messages', body);
    if (typeof response.conversationId === 'string' && response.conversationId !== state.conversationId) {
      state.conversationId = response.conversationId;
      state.cursor = null;
    }
    if (typeof response.conversationToken === 'string') state.token = response.conversationToken;
    saveState();
    bubble.classList.remove('pending');
    showTyping(false);
    for (const reply of Array.isArray(response.replies) ? response.replies : []) addMessage({ ...reply, sender: 'bot' }, { forceScroll: true });
    setOnline();
    if (typeof response.cursor === 'string') ownUpTo = maxId(ownUpTo, response.cursor);
    busy = false;
    // Catch up from the old cursor: an agent may have written while this message was being typed.
    await poll().catch(() => undefined);
  } catch (error) {
    bubble.remove();
    const failed = error instanceof ApiError ? error : new ApiError(0, 'UNKNOWN', 'Something unexpected happened.');
    if (failed.code === 'CONVERSATION_NOT_FOUND' && state.conversationId && !retried) {
      // The conversation ended or the server forgot it: start a fresh one and send the same words again.
      forgetConversation();
      clearMessages();
      addSystemNote('Your earlier conversation has ended, so this is a new one.');
      resend = true;
    } else {
      // Never lose what the customer wrote: put it back in the composer.
      ui.input.value = previousDraft ? `${text}\n${previousDraft}` : text;
      autosize();
      if (failed.code === 'NETWORK') setOffline();
      showNotice(describeSendError(failed), () => send(ui.input.value));
    }
  } finally {
    busy = false;
    showTyping(false);
    updateSendButton();
    schedulePoll();
  }
  if (resend) await send(text, { retried: true });
}

/** Fetches messages after the cursor and shows the ones not on screen yet. */
async function poll() {
  if (!state.conversationId || polling) return;
  polling = true;
  const epoch = sendEpoch;
  const conversationId = state.conversationId;
  try {
    const query = state.cursor ? `?after=${encodeURIComponent(state.cursor)}` : '';
    const data = await api('GET', `/api/web/conversations/${encodeURIComponent(conversationId)}/messages${query}`);
    // A send started meanwhile: its POST shows those replies; this answer may be missing them or repeat them.
    if (epoch !== sendEpoch || conversationId !== state.conversationId) return;
    const messages = Array.isArray(data.messages) ? data.messages : [];
    for (const message of messages) {
      if (!message || typeof message.id !== 'string') continue;
      if (ownUpTo && message.id <= ownUpTo && message.sender !== 'agent') {
        seen.add(message.id);
        continue;
      }
      addMessage(message);
    }
    state.cursor = maxId(state.cursor, typeof data.cursor === 'string' ? data.cursor : null, ownUpTo);
    saveState();
    setOnline();
    // A visible sync counter: lets a test (or a curious developer) see that a poll finished.
    ui.messages.dataset.syncs = String(Number(ui.messages.dataset.syncs ?? 0) + 1);
  } finally {
    polling = false;
  }
}

/**
 * Live push: an event stream per conversation that says "something new" when an agent writes, joins or leaves; the
 * page then polls at once. Read with fetch (the token goes in a header, not the URL). Polling stays as the fallback.
 */
let push = null;
async function listenForPush() {
  const conversationId = state.conversationId;
  if (!conversationId || !state.token || push?.conversationId === conversationId) return;
  push?.controller.abort();
  const controller = new AbortController();
  push = { conversationId, controller };
  try {
    const response = await fetch(`/api/web/conversations/${encodeURIComponent(conversationId)}/events`, {
      headers: { 'x-conversation-token': state.token },
      signal: controller.signal,
    });
    if (!response.ok || !response.body) throw new Error(`push ${response.status}`);
    const reader = response.body.getReader();
    const decoder = new TextDecoder();
    let buffer = '';
    for (;;) {
      const { value, done } = await reader.read();
      if (done) break;
      buffer += decoder.decode(value, { stream: true });
      let end;
      while ((end = buffer.indexOf('\n\n')) !== -1) {
        const block = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        if (/^event: message$/m.test(block)) schedulePoll(polling || busy ? 300 : 0);
      }
    }
  } catch {
    // Aborted, refused or dropped: the regular poll carries on; try the stream again a little later.
  }
  if (push?.controller === controller) {
    push = null;
    if (!controller.signal.aborted) setTimeout(() => void listenForPush(), 5000);
  }
}

function schedulePoll(delay) {
  clearTimeout(pollTimer);
  if (!state.conversationId) {
    push?.controller.abort();
    push = null;
    return;
  }
  void listenForPush();
  const backoff = Math.min(POLL_MS * 2 ** pollFailures, POLL_MAX_BACKOFF_MS);
  pollTimer = setTimeout(pollTick, delay ?? backoff);
}

async function pollTick() {
  if (!state.conversationId || document.hidden) return; // visibilitychange starts it again
  if (!busy) {
    try {
      await poll();
    } catch (error) {
      if (error instanceof ApiError && error.code === 'CONVERSATION_NOT_FOUND') {
        forgetConversation();
        addSystemNote('This conversation has ended. Send a message to start a new one.');
        return;
      }
      pollFailures += 1;
      if (error instanceof ApiError && error.code === 'NETWORK') setOffline();
    }
  }
  schedulePoll();
}

/** After a reload: show the whole stored conversation again. */
async function restoreConversation() {
  if (!state.conversationId) return;
  hideNotice();
  showTyping(true);
  state.cursor = null;
  try {
    await poll();
  } catch (error) {
    if (error instanceof ApiError && error.code === 'CONVERSATION_NOT_FOUND') {
      forgetConversation();
      addSystemNote('Your previous conversation has ended. Say hello to start a new one.');
    } else {
      if (error instanceof ApiError && error.code === 'NETWORK') setOffline();
      showNotice('Your conversation couldn’t be loaded. ' + (error instanceof ApiError ? error.message : ''), restoreConversation);
    }
  } finally {
    showTyping(false);
    schedulePoll();
  }
}

/* ---------- Sign-in ---------- */

function renderIdentity() {
  const signedIn = Boolean(state.ref);
  ui.identityLabel.textContent = signedIn ? state.ref : 'Sign in';
  ui.identityButton.title = signedIn ? `Signed in as ${state.ref}` : 'Sign in with your customer id or e-mail';
  ui.identityButton.setAttribute('aria-label', signedIn ? `Signed in as ${state.ref}. Account options` : 'Sign in');
  ui.signedInRef.textContent = state.ref ?? '';
}

function openPanel(showForm) {
  const signedIn = Boolean(state.ref);
  const form = showForm || !signedIn;
  ui.signinForm.hidden = !form;
  ui.signedIn.hidden = form;
  ui.signinPanel.hidden = false;
  ui.identityButton.setAttribute('aria-expanded', 'true');
  ui.signinError.textContent = '';
  ui.signinRef.removeAttribute('aria-invalid');
  if (form) {
    ui.signinRef.value = state.ref ?? '';
    ui.signinRef.focus();
  } else {
    ui.switchButton.focus();
  }
}

function closePanel() {
  ui.signinPanel.hidden = true;
  ui.identityButton.setAttribute('aria-expanded', 'false');
}

/** A different identity gets a new conversation, so nobody's answers mix with someone else's. */
function changeIdentity(ref, identityToken = null) {
  if (ref === state.ref && identityToken === state.identityToken) return;
  const hadConversation = Boolean(state.conversationId) || ui.messages.childElementCount > 0;
  state.ref = ref;
  state.identityToken = identityToken;
  forgetConversation();
  if (hadConversation) clearMessages();
  renderIdentity();
  showRestingStatus();
  addSystemNote(ref ? `Signed in as ${ref}. Ask me about your orders or account.` : 'Signed out. This is a new conversation.');
}

/* ---------- Events ---------- */

ui.composer.addEventListener('submit', (event) => {
  event.preventDefault();
  send(ui.input.value);
});

ui.input.addEventListener('keydown', (event) => {
  if (event.key === 'Enter' && !event.shiftKey && !event.isComposing) {
    event.preventDefault();
    if (!ui.send.disabled) send(ui.input.value);
  }
});

ui.input.addEventListener('input', () => {
  autosize();
  updateSendButton();
});

// Quick replies, card buttons and starter chips all send their value.
for (const container of [ui.messages, ui.starters]) {
  container.addEventListener('click', (event) => {
    const button = event.target instanceof HTMLElement ? event.target.closest('button[data-value]') : null;
    if (!button || busy) return;
    send(button.dataset.value);
    focusComposer();
  });
}

ui.identityButton.addEventListener('click', () => {
  if (ui.signinPanel.hidden) openPanel(false);
  else closePanel();
});

ui.signinForm.addEventListener('submit', (event) => {
  event.preventDefault();
  const ref = ui.signinRef.value.trim();
  if (!ref) {
    ui.signinError.textContent = 'Enter your customer id or e-mail address.';
    ui.signinRef.setAttribute('aria-invalid', 'true');
    ui.signinRef.focus();
    return;
  }
  changeIdentity(ref);
  closePanel();
  ui.input.focus();
});

ui.switchButton.addEventListener('click', () => openPanel(true));

/**
 * The shop's site signs its customer in and opens the chat at `#identity=<token>` (README, "Signed-in customers"):
 * the token is taken out of the address bar at once and only its `sub` is shown; the server checks the signature.
 */
function identityFromAddress() {
  const match = /(?:^#|&)identity=([A-Za-z0-9_.-]+)/.exec(location.hash);
  if (!match) return null;
  history.replaceState(null, '', location.pathname + location.search);
  try {
    const claims = JSON.parse(atob(match[1].split('.')[1].replace(/-/g, '+').replace(/_/g, '/')));
    return typeof claims.sub === 'string' && claims.sub ? { token: match[1], ref: claims.sub } : null;
  } catch {
    return null;
  }
}

/** Where the demo's typed-in sign-in is off, the button is shown only to a customer the shop signed in. */
async function applySignInPolicy() {
  try {
    const config = await api('GET', '/api/web/config');
    const offered = config.demoSignIn === true;
    ui.switchButton.hidden = !offered;
    ui.identityButton.hidden = !offered && !state.identityToken;
    if (!offered && state.ref && !state.identityToken) changeIdentity(null);
  } catch {
    // Without the answer the button stays; the server still refuses what it does not allow.
  }
}

ui.signoutButton.addEventListener('click', () => {
  changeIdentity(null);
  closePanel();
  ui.identityButton.focus();
});

ui.signinPanel.addEventListener('keydown', (event) => {
  if (event.key === 'Escape') {
    closePanel();
    ui.identityButton.focus();
  }
});

ui.noticeRetry.addEventListener('click', () => {
  const action = retryAction;
  hideNotice();
  if (action) action();
});

ui.noticeClose.addEventListener('click', () => {
  hideNotice();
  ui.input.focus();
});

document.addEventListener('visibilitychange', () => {
  if (!document.hidden) schedulePoll(0);
});

window.addEventListener('online', () => schedulePoll(0));

/* ---------- Start ---------- */

const signed = identityFromAddress();
// A fresh token for the same customer (the shop mints one per page view) keeps the conversation going.
if (signed && signed.ref === state.ref && state.identityToken) {
  state.identityToken = signed.token;
  saveState();
} else if (signed) {
  changeIdentity(signed.ref, signed.token);
}
applySignInPolicy();
renderIdentity();
updateSendButton();
restoreConversation();
