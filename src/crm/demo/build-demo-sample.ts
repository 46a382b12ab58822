// Developer script (not run at start-up): derives the shipped demo sample from the public data sets in
// ../shared/datasets. Deterministic: the same files give the same sample.
//   npx tsx src/crm/demo/build-demo-sample.ts [datasetsDir]
import { createHash } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { readTransactions } from '../../recommend/read-transactions.js';
import { readTelcoLabelled } from '../churn-training.js';
import { ordersFromLines, productsFromLines } from '../retail-orders.js';
import type { DemoSample } from '../demo-seed.js';

const CUSTOMERS = 300;
const datasets = process.argv[2] ?? join(import.meta.dirname, '..', '..', '..', '..', 'shared', 'datasets');
const rank = (key: string) => createHash('sha256').update(`concierge-demo-v1\n${key}`).digest('hex');

const lines = await readTransactions(join(datasets, 'online-retail', 'transactions.csv'));
const orders = ordersFromLines(lines);
const byCustomer = new Map<string, typeof orders>();
for (const o of orders) byCustomer.set(o.customerId, [...(byCustomer.get(o.customerId) ?? []), o]);
const lastDay = lines.reduce((max, l) => Math.max(max, l.timestamp), 0);

// Customers with 3–12 invoices and at most 400 lines, a third of them with an order in the data's last 10 days,
// so the demo has parcels on their way as well as long histories.
const eligible = [...byCustomer.entries()].filter(([, os]) => os.length >= 3 && os.length <= 12 && os.reduce((n, o) => n + o.lines.length, 0) <= 400);
const recent = eligible.filter(([, os]) => os.some((o) => lastDay - Date.parse(o.placedAt) < 10 * 86_400_000));
const pick = (list: typeof eligible, n: number) => [...list].sort((a, b) => rank(a[0]).localeCompare(rank(b[0]))).slice(0, n);
const chosenRecent = pick(recent, CUSTOMERS / 3);
const taken = new Set(chosenRecent.map(([id]) => id));
const chosen = [...chosenRecent, ...pick(eligible.filter(([id]) => !taken.has(id)), CUSTOMERS - chosenRecent.length)].sort((a, b) => a[0].localeCompare(b[0]));

// Telco rows stratified by label in the data set's own proportion, paired one-to-one with the retail customers.
const telco = await readTelcoLabelled(join(datasets, 'telco-churn', 'WA_Fn-UseC_-Telco-Customer-Churn.csv'));
const withIds = telco.map((t, i) => ({ ...t, key: rank(`telco-${i}`) })).sort((a, b) => a.key.localeCompare(b.key));
const churners = withIds.filter((t) => t.churned);
const nChurn = Math.round((CUSTOMERS * churners.length) / withIds.length);
const telcoPick = [...churners.slice(0, nChurn), ...withIds.filter((t) => !t.churned).slice(0, CUSTOMERS - nChurn)].sort((a, b) => a.key.localeCompare(b.key));

const customerIds = new Set(chosen.map(([id]) => id));
const usedItems = new Set(chosen.flatMap(([, os]) => os.flatMap((o) => o.lines.map((l) => l.productId))));
const sample: DemoSample = {
  about: 'Derived from UCI Online Retail (CC0, via the onlineretail R package) and IBM Telco Customer Churn (Apache-2.0). Names and e-mails are generated.',
  dataEndsAt: chosen.flatMap(([, os]) => os.map((o) => o.placedAt)).reduce((max, t) => (t > max ? t : max), ''),
  products: productsFromLines(lines.filter((l) => customerIds.has(l.customerId) || usedItems.has(l.itemId))).filter((p) => usedItems.has(p.id)),
  customers: chosen.map(([id, os], i) => ({
    id,
    subscription: { ...(telcoPick[i] ?? telcoPick[0])?.attributes } as Record<string, unknown>,
    orders: os.map((o) => ({ id: o.id, placedAt: o.placedAt, lines: o.lines.map((l) => [l.productId, l.description, l.quantity, l.unitPrice] as [string, string, number, number]) })),
  })),
};
const out = join(import.meta.dirname, 'demo-sample.json');
writeFileSync(out, JSON.stringify(sample));
console.log(`wrote ${out}: ${sample.customers.length} customers, ${sample.customers.reduce((n, c) => n + c.orders.length, 0)} orders, ${sample.products.length} products`);
