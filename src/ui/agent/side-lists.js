// The sidebar: the queue, the agent's own conversations, live bot conversations (monitor) and callback requests.
import { make } from '/shared/dom.js';
import { api, state, time, TRIGGER_LABELS, ui, waited } from './console-state.js';

let onOpen = () => {};

/** `open(id)` is called when the agent picks a conversation from any list. */
export function initLists(open) {
  onOpen = open;
  // Waiting times keep counting between events.
  setInterval(() => {
    const elapsed = (Date.now() - state.receivedAt) / 1000;
    for (const node of ui.queue.querySelectorAll('.waited')) {
      node.textContent = node.textContent.replace(/^Waiting [^·]+/, `Waiting ${waited(Number(node.dataset.waited) + elapsed)} `);
    }
  }, 5000);
}

function listItem(id, top, right, subs) {
  const li = make('li');
  const button = make('button');
  button.type = 'button';
  button.dataset.id = id;
  if (id === state.openId) button.setAttribute('aria-current', 'true');
  const head = make('span', 'item-top');
  head.append(make('span', '', top), right);
  button.append(head, ...subs.filter(Boolean).map((s) => (typeof s === 'string' ? make('span', 'item-sub', s) : s)));
  button.addEventListener('click', () => onOpen(id));
  li.append(button);
  return li;
}

function fill(list, count, empty, items) {
  list.replaceChildren(...items);
  list.dataset.count = String(items.length);
  count.textContent = String(items.length);
  empty.hidden = items.length > 0;
}

function callbackItem(c) {
  const li = make('li', 'callback');
  const head = make('span', 'item-top');
  head.append(make('span', '', c.customerId ?? 'Guest'), make('span', 'priority', c.contactKind === 'email' ? 'e-mail' : 'phone'));
  const done = make('button', 'button ghost small', 'Done');
  done.type = 'button';
  done.addEventListener('click', async () => {
    done.disabled = true;
    try { await api(`/api/agent/callbacks/${encodeURIComponent(c.handoffId)}/done`, { body: {} }); } catch { done.disabled = false; }
  });
  const open = make('button', 'button ghost small', 'Transcript');
  open.type = 'button';
  open.addEventListener('click', () => onOpen(c.conversationId));
  const row = make('span', 'callback-actions');
  row.append(open, done);
  li.append(head, make('span', 'item-sub contact', c.contact), make('span', 'item-sub', `${TRIGGER_LABELS[c.trigger] ?? c.trigger} · ref ${c.reference} · ${time(c.requestedAt)}`), row);
  return li;
}

export function renderLists() {
  const { queue, mine, monitor, callbacks } = state.snapshot;
  const elapsed = (Date.now() - state.receivedAt) / 1000;
  fill(ui.queue, ui.queueCount, ui.queueEmpty, queue.map((q) => {
    const priority = make('span', q.priority >= 100 ? 'priority high' : 'priority', `P ${Math.round(q.priority)}`);
    priority.title = 'Priority: churn risk × customer value';
    const wait = make('span', 'item-sub waited', `Waiting ${waited(q.waitedSeconds + elapsed)} · #${q.position} · ${q.channel}`);
    wait.dataset.waited = String(q.waitedSeconds);
    const label = TRIGGER_LABELS[q.trigger] ?? q.trigger;
    const reason = q.reason && q.reason.toLowerCase() !== label.toLowerCase() ? q.reason : null;
    return listItem(q.conversationId, q.customerId ?? 'Guest', priority, [label, reason, wait]);
  }));
  fill(ui.mine, ui.mineCount, ui.mineEmpty, mine.map((c) => listItem(c.conversationId, c.customerId ?? 'Guest', make('span', 'priority', c.channel), [`Last message ${time(c.lastMessageAt)}`])));
  fill(ui.monitor, ui.monitorCount, ui.monitorEmpty, monitor.map((c) => {
    const failing = c.failedTurns > 0 ? make('span', 'priority high', `${c.failedTurns} not understood`) : make('span', 'priority', c.channel);
    return listItem(c.conversationId, c.customerId ?? 'Guest', failing, [`${c.lastIntent ?? 'no intent yet'} · ${time(c.lastMessageAt)}`]);
  }));
  fill(ui.callbacks, ui.callbacksCount, ui.callbacksEmpty, callbacks.map(callbackItem));
}
