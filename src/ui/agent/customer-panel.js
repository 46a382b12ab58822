// The customer panel: who this is and why they may have come. Renders the customer-intelligence `profile` object
// when the context response has one (segment, RFM, churn drivers, running retention offers, next purchase,
// interactions on every channel), else the basic fields (customer, orders, churn, recommendations, interactions).
import { make } from '/shared/dom.js';
import { api, date, money, state, ui } from './console-state.js';

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

const clip = (text, n = 80) => (text.length > n ? `${text.slice(0, n - 3)}…` : text);

function churnSection(churn, emptyText) {
  if (!churn) return section('Churn risk', make('p', 'muted', emptyText));
  return section(
    'Churn risk',
    make('p', '', `${Math.round(churn.probability * 100)}% chance of leaving (${churn.band}).`),
    facts(churn.drivers.map((d) => `Because: ${d}`), 'No strong drivers.'),
  );
}

function pastInteractions(items) {
  return section(
    'Past interactions',
    facts(
      items
        .filter((i) => i.conversationId === undefined || i.conversationId !== state.openId)
        .slice(0, 8)
        .map((i) => `${date(i.at)} · ${i.channel} · ${i.sender}${i.intent ? ` (${i.intent})` : ''}: ${clip(i.text)}`),
      'None on other conversations.',
    ),
  );
}

export function clearCustomer() {
  ui.customerBody.replaceChildren(make('p', 'empty', 'No customer selected.'));
  delete ui.customerBody.dataset.customer;
  state.contextFor = null;
}

export function showNoProfile() {
  ui.customerBody.replaceChildren(make('p', 'empty', 'The customer has not signed in: no profile to show.'));
}

export async function loadCustomer(customerId) {
  ui.customerBody.replaceChildren(make('p', 'muted', 'Loading the profile…'));
  try {
    const ctx = await api(`/api/agent/customers/${encodeURIComponent(customerId)}/context`);
    if (state.contextFor !== customerId) return;
    if (ctx.profile) renderProfile(ctx.profile, ctx);
    else renderBasic(ctx);
  } catch (error) {
    if (state.contextFor !== customerId) return;
    ui.customerBody.replaceChildren(make('p', 'error', `Profile unavailable: ${error.message}`));
  }
}

function named(id, name) {
  ui.customerBody.dataset.customer = id;
  state.customerName = { id, name };
  if (state.open?.conversation.customerId === id) ui.title.textContent = `Conversation with ${name} (${id})`;
}

/** Accepted retention offers still running: staff must not promise a second one on top. */
function offersSection(offers) {
  const lines = offers.map((o) => `${o.title} · until ${date(o.expiresAt)} · accepted ${date(o.acceptedAt)} (${o.id})`);
  return section('Retention offers', facts(lines, 'No offer running.'));
}

// A negative total is a credit note (the shop's cancellation records), shown as the amount credited.
const orderAmount = (o) => (o.total < 0 ? `credit ${money(-o.total, o.currency)}` : money(o.total, o.currency));

function recentOrders(orders) {
  return section('Recent orders', facts(orders.slice(0, 5).map((o) => `${o.id} · ${o.status} · ${orderAmount(o)} · ${date(o.placedAt)}`), 'No orders.'));
}

function renderProfile(p, ctx) {
  const name = p.name ?? ctx.customer?.name ?? p.customerId;
  const badges = make('div', 'badges');
  if (p.rfm?.segment) badges.append(make('span', 'badge', p.rfm.segment));
  if (p.behaviourSegment?.name) badges.append(make('span', 'badge', p.behaviourSegment.name));
  if (p.churn) badges.append(make('span', `badge ${p.churn.band}`, `${p.churn.band} churn risk`));
  for (const c of p.channels ?? []) badges.append(make('span', 'badge', c));
  const contact = [p.email, p.since ? `customer since ${date(p.since)}` : null].filter(Boolean).join(' · ');
  const o = p.orders;
  const orderFacts = o
    ? [`${o.count} orders · ${money(o.lifetimeValue, o.currency)} in total`, o.lastOrderAt ? `Last order ${date(o.lastOrderAt)}` : null].filter(Boolean)
    : [];
  if (p.nextPurchase) orderFacts.push(`Next purchase expected around ${date(p.nextPurchase.expectedAt)} (every ~${Math.round(p.nextPurchase.meanGapDays)} days)`);
  if (p.rfm) orderFacts.push(`RFM ${p.rfm.recency}-${p.rfm.frequency}-${p.rfm.monetary} (score ${p.rfm.score})`);
  ui.customerBody.replaceChildren(
    make('p', 'customer-name', name),
    make('p', 'muted', `${p.customerId}${contact ? ` · ${contact}` : ''}`),
    badges,
    churnSection(p.churn, 'No churn score.'),
    section('Orders', facts(orderFacts, 'No orders.')),
    offersSection(p.activeOffers ?? []),
    recentOrders(ctx.orders ?? []),
    section('Suggest', facts((p.recommendations ?? []).map((r) => `${r.name} — ${r.reason}`), 'No recommendations.')),
    pastInteractions(p.recentInteractions ?? []),
    make('p', 'muted small', `Profile computed ${date(p.computedAt)} ${new Date(p.computedAt).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' })}`),
  );
  named(p.customerId, name);
}

function renderBasic({ customer, orders, churn, recommendations, interactions }) {
  const badges = make('div', 'badges');
  badges.append(make('span', 'badge', customer.source));
  if (customer.subscription?.contract) badges.append(make('span', 'badge', customer.subscription.contract));
  if (churn) badges.append(make('span', `badge ${churn.band}`, `${churn.band} churn risk`));
  const contact = [customer.email, customer.phone, customer.country].filter(Boolean).join(' · ');
  ui.customerBody.replaceChildren(
    make('p', 'customer-name', customer.name),
    make('p', 'muted', `${customer.id}${contact ? ` · ${contact}` : ''}`),
    badges,
    churnSection(churn, 'No churn score (no subscription on file).'),
    offersSection((customer.retention?.offers ?? []).filter((o) => Date.parse(o.expiresAt) > Date.now())),
    recentOrders(orders),
    section('Suggest', facts(recommendations.map((r) => `${r.name} (${money(r.unitPrice)}) — ${r.reason}`), 'No recommendations.')),
    pastInteractions(interactions),
  );
  named(customer.id, customer.name);
}
