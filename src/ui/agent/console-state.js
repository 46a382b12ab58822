// Shared by the console's modules: the page's elements, what the console currently shows, the API call and formats.

const el = (id) => document.getElementById(id);

export const ui = {
  who: el('who'), whoName: el('who-name'), signout: el('signout'), live: el('live'), liveText: el('live-text'),
  signinView: el('signin-view'), loginForm: el('login-form'), loginUser: el('login-username'), loginPassword: el('login-password'),
  loginError: el('login-error'), loginSubmit: el('login-submit'),
  consoleView: el('console-view'), queue: el('queue'), queueCount: el('queue-count'), queueEmpty: el('queue-empty'),
  mine: el('mine'), mineCount: el('mine-count'), mineEmpty: el('mine-empty'),
  monitor: el('monitor'), monitorCount: el('monitor-count'), monitorEmpty: el('monitor-empty'),
  callbacks: el('callbacks'), callbacksCount: el('callbacks-count'), callbacksEmpty: el('callbacks-empty'),
  placeholder: el('conv-placeholder'), body: el('conv-body'), title: el('conv-title'), meta: el('conv-meta'), reason: el('handoff-reason'),
  error: el('conv-error'), transcript: el('transcript'), claim: el('claim'), pick: el('pick'), release: el('release'), endGroup: el('end-group'),
  outcome: el('outcome'), close: el('close'), composer: el('composer'), text: el('composer-text'), send: el('send'),
  suggestions: el('suggestions'), notes: el('notes'), notesList: el('notes-list'), noteForm: el('note-form'), noteText: el('note-text'),
  customerBody: el('customer-body'),
};

export const state = {
  me: null,
  snapshot: { queue: [], mine: [], monitor: [], callbacks: [] },
  receivedAt: Date.now(),
  openId: null,
  open: null,
  contextFor: null,
  customerName: null,
  events: null,
  busy: false,
};

export const OUTCOME_LABELS = {
  returned_to_bot: 'handed back to the bot', cancelled: 'taken out of the queue', resolved: 'Resolved', not_resolved: 'Not resolved',
  unresolved: 'Unresolved', follow_up: 'Follow-up needed', escalated: 'Escalated', agent_disconnected: 'agent disconnected',
};
export const TRIGGER_LABELS = {
  customer_request: 'Asked for a person',
  repeated_fallback: 'Bot failed twice',
  complaint: 'Complaint',
  churn_risk: 'At risk of leaving',
  high_value_at_risk: 'High-value customer leaving',
  intent_without_reply: 'Topic the bot has no answer for',
  agent_pick: 'Picked from the monitor',
  cancel_request: 'Wants to cancel an order',
};

export { api } from '/shared/api.js';

export function waited(seconds) {
  const s = Math.max(0, Math.round(seconds));
  if (s < 60) return `${s}s`;
  const m = Math.floor(s / 60);
  return m < 60 ? `${m}m ${String(s % 60).padStart(2, '0')}s` : `${Math.floor(m / 60)}h ${m % 60}m`;
}

export const time = (iso) => new Date(iso).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' });
export const date = (iso) => new Date(iso).toLocaleDateString([], { day: 'numeric', month: 'short', year: 'numeric' });
export const money = (amount, currency = 'GBP') => {
  try { return new Intl.NumberFormat([], { style: 'currency', currency }).format(amount); } catch { return `${amount.toFixed(2)} ${currency}`; }
};
