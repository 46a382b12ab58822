// The retraining loop from the dashboard: "Label…" on any utterance, the labels list, and the admin's Retrain button.
// Codes against /api/training/*; when that API is absent (404) the panel says so instead of failing.
import { make } from '/shared/dom.js';
import { api } from '/shared/api.js';
import { renderTable, pct } from './tables.js';

const el = (id) => document.getElementById(id);
const state = { intents: [], pending: null, role: null, onChange: () => {} };

export function labelButton(utterance) {
  const button = make('button', 'button ghost small', 'Label…');
  button.type = 'button';
  button.addEventListener('click', () => openDialog(utterance));
  return button;
}

function openDialog(utterance) {
  state.pending = utterance;
  el('label-text').textContent = utterance.text;
  el('label-error').textContent = '';
  el('label-new').value = '';
  const select = el('label-intent');
  select.replaceChildren(make('option', '', '(choose)'));
  select.firstChild.value = '';
  for (const intent of state.intents) {
    const option = make('option', '', intent);
    option.value = intent;
    select.append(option);
  }
  el('label-dialog').showModal();
}

export function initLabelling(role, onChange) {
  state.role = role;
  state.onChange = onChange;
  el('label-cancel').addEventListener('click', () => el('label-dialog').close());
  el('label-form').addEventListener('submit', async (event) => {
    event.preventDefault();
    const intent = el('label-new').value.trim() || el('label-intent').value;
    if (!/^[a-z][a-z0-9_]{1,59}$/u.test(intent)) {
      el('label-error').textContent = 'Choose an intent, or type a new name in lower_case_with_underscores.';
      return;
    }
    try {
      const body = { text: state.pending.text, intent, ...(state.pending.id ? { interactionId: state.pending.id } : {}) };
      await api('/api/training/labels', { body });
      el('label-dialog').close();
      await refreshLabels();
    } catch (error) {
      el('label-error').textContent = error.status === 404 ? 'Labelling is not available on this server yet.' : error.message;
    }
  });
}

export async function refreshLabels() {
  const info = el('model-info');
  const list = el('labels');
  info.replaceChildren();
  try {
    const model = await api('/api/training/model');
    state.intents = model.intents ?? [];
    info.append(make('p', 'hint', `Live model ${model.version} · accuracy ${pct(model.accuracy)} · macro-F1 ${pct(model.macroF1)} · ${model.labelsPending} labels pending`));
    if (state.role === 'admin') info.append(retrainButton());
  } catch (error) {
    info.append(make('p', 'hint', error.status === 404 ? 'Retraining is not available on this server yet.' : error.message));
  }
  try {
    const { labels } = await api('/api/training/labels');
    renderTable(list, {
      columns: ['text', 'intent', 'model said', 'by', 'when', ''],
      rows: labels.map((l) => [l.text, l.intent, l.predictedIntent ?? null, l.createdBy, l.createdAt.slice(0, 16).replace('T', ' '), removeButton(l)]),
      empty: 'No labels yet: use "Label…" on an unrecognised question.',
    });
  } catch (error) {
    list.replaceChildren(make('p', 'hint', error.status === 404 ? '' : error.message));
  }
}

function removeButton(label) {
  const button = make('button', 'button ghost small', 'Remove');
  button.type = 'button';
  button.addEventListener('click', async () => {
    try { await api(`/api/training/labels/${encodeURIComponent(label.id)}`, { method: 'DELETE' }); } catch (error) { button.textContent = error.message; return; }
    await refreshLabels();
  });
  return button;
}

/** Old versus new on the same rows, the figures the decision was made on. */
function showRetrain(container, r) {
  const heading = make('p', r.replaced ? 'retrain-verdict ok' : 'retrain-verdict kept', r.replaced ? 'New model is live' : 'Kept the live model');
  const rows = [[`Held-out tests (${r.paired ? r.paired.tests : '—'})`, pct(r.previous?.accuracy), pct(r.candidate.accuracy)]];
  if (r.newLabels) {
    const l = r.newLabels;
    rows.push([`New labels (${l.labels}, checked by ${l.folds}-fold cross-validation)`, `${l.previousRight} right`, `${l.candidateRight} right`]);
  }
  rows.push([`Accuracy on all ${r.evaluation.rows} rows`, pct(r.evaluation.previous), pct(r.evaluation.candidate)], ['Macro-F1 (held-out tests)', pct(r.previous?.macroF1), pct(r.candidate.macroF1)]);
  const table = make('div');
  renderTable(table, { columns: ['', 'live model', 'new model'], rows });
  const notes = [`${r.reason}.`, `${r.labelsUsed} labels used.`];
  if (r.paired) notes.push(`Held-out tests right before and wrong now: ${r.paired.worse}; the other way: ${r.paired.better}.`);
  container.replaceChildren(heading, table, make('p', 'hint', notes.join(' ')));
}

function retrainButton() {
  const box = make('div', 'retrain');
  const button = make('button', 'button primary', 'Retrain');
  button.type = 'button';
  const result = make('div', 'retrain-result');
  button.addEventListener('click', async () => {
    button.disabled = true;
    result.replaceChildren(make('p', 'hint', 'Retraining… (a minute or so: each batch of new labels is checked by training without it)'));
    try {
      const r = await api('/api/training/retrain', { body: {} });
      showRetrain(result, r);
      state.onChange();
    } catch (error) {
      result.textContent = error.status === 404 ? 'Retraining is not available on this server yet.' : error.message;
    } finally {
      button.disabled = false;
    }
  });
  box.append(button, result);
  return box;
}
