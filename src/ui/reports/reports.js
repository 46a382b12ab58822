// The reports dashboard: sign-in, filters, summary tiles, charts, tables with CSV links, drill-down, labelling.
import { make } from '/shared/dom.js';
import { api } from '/shared/api.js';
import { colour, drawChart } from './charts.js';
import { initLabelling, labelButton, refreshLabels } from './labelling.js';
import { pct, renderTable } from './tables.js';

const el = (id) => document.getElementById(id);
const state = { query: '', confidence: null };

function filterQuery() {
  const params = new URLSearchParams({ from: el('f-from').value, to: el('f-to').value });
  if (el('f-channel').value) params.set('channel', el('f-channel').value);
  if (el('f-segment').value.trim()) params.set('segment', el('f-segment').value.trim());
  return params.toString();
}

const csv = (path, table) => `/api/reports/${path}?${state.query}&format=csv${table ? `&table=${table}` : ''}`;

function tiles(s) {
  const items = [
    ['Messages', s.messages], ['Conversations', s.conversations], ['Customers', s.customers], ['Containment', pct(s.containmentRate)],
    ['Fallback rate', pct(s.fallbackRate)], ['Handoff rate', pct(s.handoffRate)], ['Avg confidence', pct(s.avgConfidence)], ['p95 latency', s.p95LatencyMs === null ? '—' : `${Math.round(s.p95LatencyMs)} ms`],
  ];
  el('tiles').replaceChildren(...items.map(([label, value]) => {
    const tile = make('div', 'card tile');
    tile.append(make('span', 'tile-value', String(value)), make('span', 'tile-label', label));
    return tile;
  }));
}

function intents(r) {
  const top = r.intents.slice(0, 8);
  drawChart('chart-intents', {
    type: 'line',
    data: { labels: r.days.map((d) => d.slice(5)), datasets: top.map((i, n) => ({ label: i.intent, data: i.daily, borderColor: colour(n), backgroundColor: colour(n), tension: 0.2 })) },
    options: { plugins: { legend: { position: 'bottom' } }, scales: { y: { beginAtZero: true, ticks: { precision: 0 } } } },
  });
  renderTable(el('table-intents'), {
    csvHref: csv('intents', 'intent-volume'),
    columns: ['intent', 'messages', 'previous period', 'trend', ''],
    rows: r.intents.map((i) => [i.intent, i.total, i.previousTotal, i.trend === null ? 'new' : `${i.trend > 0 ? '+' : ''}${pct(i.trend)}`, drillButton(i.intent)]),
  });
}

function drillButton(intent) {
  const b = make('button', 'button ghost small', 'Utterances');
  b.type = 'button';
  b.addEventListener('click', () => drill(intent, 1));
  return b;
}

async function drill(intent, page) {
  const r = await api(`/api/reports/intents/${encodeURIComponent(intent)}/utterances?${state.query}&page=${page}&pageSize=20`);
  el('drill').hidden = false;
  el('drill-title').textContent = `“${intent}” — ${r.total} messages`;
  const body = el('drill-body');
  renderTable(body, {
    csvHref: `/api/reports/intents/${encodeURIComponent(intent)}/utterances?${state.query}&format=csv&pageSize=200`,
    columns: ['when', 'channel', 'confidence', 'text', ''],
    rows: r.utterances.map((u) => [u.at.slice(0, 16).replace('T', ' '), u.channel, pct(u.confidence), u.text, labelButton(u)]),
  });
  const pages = Math.max(1, Math.ceil(r.total / r.pageSize));
  const nav = make('div', 'pager');
  const prev = make('button', 'button ghost small', '‹ Newer');
  const next = make('button', 'button ghost small', 'Older ›');
  prev.disabled = page <= 1;
  next.disabled = page >= pages;
  prev.addEventListener('click', () => drill(intent, page - 1));
  next.addEventListener('click', () => drill(intent, page + 1));
  nav.append(prev, make('span', 'hint', `page ${page} of ${pages}`), next);
  body.append(nav);
  el('drill').scrollIntoView({ block: 'start' });
}

function fallbacks(r) {
  drawChart('chart-fallbacks', {
    type: 'line',
    data: { labels: r.daily.map((d) => d.day.slice(5)), datasets: [{ label: 'fallback rate %', data: r.daily.map((d) => (d.rate === null ? null : d.rate * 100)), borderColor: colour(4), backgroundColor: colour(4), spanGaps: true }] },
    options: { plugins: { legend: { display: false } }, scales: { y: { beginAtZero: true, suggestedMax: 40 } } },
  });
  renderTable(el('table-fallbacks'), { csvHref: csv('fallbacks', 'fallback-daily'), columns: ['turns', 'fallbacks', 'rate'], rows: [[r.turns, r.fallbacks, pct(r.rate)]] });
  const container = el('clusters');
  renderTable(container, {
    csvHref: csv('fallbacks', 'unrecognised-clusters'),
    columns: ['asked', 'question', 'also asked as', ''],
    rows: r.clusters.slice(0, 15).map((c) => [c.count, c.label, c.examples.slice(1, 3).join(' · ') || null, labelButton({ text: c.label, id: c.interactionIds[0] })]),
    empty: 'Every message was understood in this period.',
  });
}

function confidence(r) {
  state.confidence = r;
  const select = el('confidence-intent');
  const chosen = select.value;
  select.replaceChildren(...r.intents.map((i) => Object.assign(make('option', '', `${i.intent} (${i.total})`), { value: i.intent })));
  if (r.intents.some((i) => i.intent === chosen)) select.value = chosen;
  drawConfidence();
  renderTable(el('table-confused'), {
    csvHref: csv('confidence', 'confused-pairs'),
    columns: ['model said', 'confused with', 'close calls', 'relabels'],
    rows: r.confusedPairs.slice(0, 8).map((p) => [p.predicted, p.other, p.lowMargin, p.relabels]),
  });
}

function drawConfidence() {
  const r = state.confidence;
  const intent = r?.intents.find((i) => i.intent === el('confidence-intent').value) ?? r?.intents[0];
  drawChart('chart-confidence', {
    type: 'bar',
    data: { labels: r.bins.map((b) => b.toFixed(1)), datasets: [{ label: intent?.intent ?? '', data: intent?.histogram ?? [], backgroundColor: colour(0) }] },
    options: { plugins: { legend: { display: false } }, scales: { y: { beginAtZero: true, ticks: { precision: 0 } } } },
  });
}

function handoffs(r) {
  drawChart('chart-handoffs', {
    type: 'bar',
    data: { labels: r.byTrigger.map((t) => t.trigger), datasets: [{ label: 'handoffs', data: r.byTrigger.map((t) => t.count), backgroundColor: colour(1) }] },
    options: { indexAxis: 'y', plugins: { legend: { display: false } }, scales: { x: { beginAtZero: true, ticks: { precision: 0 } } } },
  });
  const s = (x) => (x === null ? null : `${Math.round(x)} s`);
  renderTable(el('table-handoffs'), {
    csvHref: csv('handoffs'),
    columns: ['', 'count', 'p50', 'p90', 'p95'],
    rows: [['wait', r.waitSeconds.count, s(r.waitSeconds.p50), s(r.waitSeconds.p90), s(r.waitSeconds.p95)], ['handling', r.handlingSeconds.count, s(r.handlingSeconds.p50), s(r.handlingSeconds.p90), s(r.handlingSeconds.p95)],
      ...r.byOutcome.map((o) => [`outcome: ${o.outcome}`, o.count, null, null, null])],
  });
}

function churn(r) {
  drawChart('chart-churn', {
    type: 'doughnut',
    data: { labels: r.riskBands.map((b) => `${b.band} risk`), datasets: [{ data: r.riskBands.map((b) => b.customers), backgroundColor: ['#16a34a', '#d97706', '#dc2626', '#94a3b8'] }] },
    options: { plugins: { legend: { position: 'right' } } },
  });
  renderTable(el('table-churn'), {
    csvHref: csv('churn-mix'),
    columns: ['segment', 'customers'],
    rows: [...r.segments.map((s) => [s.segment, s.customers]), ['offers made / accepted / declined', `${r.offers.offered} / ${r.offers.accepted} / ${r.offers.declined}`]],
  });
}

async function refresh() {
  state.query = filterQuery();
  el('dash-error').hidden = true;
  try {
    const get = (p) => api(`/api/reports/${p}?${state.query}`);
    const [s, i, f, c, h, m] = await Promise.all(['summary', 'intents', 'fallbacks', 'confidence', 'handoffs', 'churn-mix'].map(get));
    tiles(s); intents(i); fallbacks(f); confidence(c); handoffs(h); churn(m);
    document.body.dataset.loaded = 'true';
  } catch (error) {
    if (error.status === 401) return showSignin();
    el('dash-error').textContent = error.message;
    el('dash-error').hidden = false;
  }
}

function showSignin() {
  el('who').hidden = true;
  el('dashboard').hidden = true;
  el('signin-view').hidden = false;
}

async function showDashboard(me) {
  if (me.role !== 'manager' && me.role !== 'admin') {
    el('login-error').textContent = 'Reports are for managers and admins.';
    return showSignin();
  }
  el('who-name').textContent = me.username;
  el('who').hidden = false;
  el('signin-view').hidden = true;
  el('dashboard').hidden = false;
  initLabelling(me.role, refresh);
  const today = new Date();
  el('f-to').value = today.toISOString().slice(0, 10);
  el('f-from').value = new Date(today.getTime() - 29 * 86_400_000).toISOString().slice(0, 10);
  await refresh();
  await refreshLabels();
}

el('login-form').addEventListener('submit', async (event) => {
  event.preventDefault();
  el('login-error').textContent = '';
  try {
    const me = await api('/api/auth/login', { body: { username: el('login-username').value.trim(), password: el('login-password').value } });
    el('login-password').value = '';
    await showDashboard(me);
  } catch (error) {
    el('login-error').textContent = error.message;
  }
});
el('filters').addEventListener('submit', (event) => { event.preventDefault(); refresh(); });
el('confidence-intent').addEventListener('change', drawConfidence);
el('signout').addEventListener('click', async () => { await api('/api/auth/logout', { body: {} }).catch(() => undefined); showSignin(); });

api('/api/auth/me').then(showDashboard, showSignin);
