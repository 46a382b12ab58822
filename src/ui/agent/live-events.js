// The console's live channel: Server-Sent Events from /api/agent/events. `queue` events carry the lists, and
// `conversation` events name a conversation that changed. EventSource reconnects by itself and sends Last-Event-ID;
// a `resync` event (or any reconnect) makes the console reload what it shows.
import { api, state, ui } from './console-state.js';

function setLive(kind, text) {
  ui.live.dataset.state = kind;
  ui.liveText.textContent = text;
}

export function connectEvents({ onSnapshot, onConversation, onResync, onSignedOut }) {
  state.events?.close();
  const source = new EventSource('/api/agent/events');
  state.events = source;
  let dropped = false;
  setLive('connecting', 'Connecting…');
  source.addEventListener('open', () => {
    setLive('live', 'Live');
    if (dropped) onResync();
    dropped = false;
  });
  source.addEventListener('queue', (event) => {
    setLive('live', 'Live');
    state.snapshot = { queue: [], mine: [], monitor: [], callbacks: [], ...JSON.parse(event.data) };
    state.receivedAt = Date.now();
    onSnapshot();
  });
  source.addEventListener('conversation', (event) => onConversation(JSON.parse(event.data)));
  source.addEventListener('resync', () => onResync());
  source.addEventListener('error', async () => {
    dropped = true;
    setLive('offline', 'Reconnecting…');
    // EventSource retries by itself; a lapsed session needs a new sign-in instead.
    try { await api('/api/auth/me'); } catch (error) { if (error.status === 401) onSignedOut(); }
  });
}

export function disconnectEvents() {
  state.events?.close();
  state.events = null;
}
