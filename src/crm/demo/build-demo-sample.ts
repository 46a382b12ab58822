// Developer script (not run at start-up): derives the shipped demo sample from the public data sets in
// ../shared/datasets. Deterministic: the same files give the same sample, byte for byte.
//   npx tsx src/crm/demo/build-demo-sample.ts [datasetsDir]
import { createHash } from 'node:crypto';
import { createReadStream, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'csv-parse';
import { readTransactions } from '../../recommend/read-transactions.js';
import { readTelcoLabelled } from '../churn-training.js';
import { compactDemoSample, type DemoSample } from '../demo-sample.js';
import { ordersFromLines, productsFromLines } from '../retail-orders.js';

const CUSTOMERS = 300;
const DAY = 86_400_000;
const datasets = process.argv[2] ?? join(import.meta.dirname, '..', '..', '..', '..', 'shared', 'datasets');
const rank = (key: string) => createHash('sha256').update(`concierge-demo-v1\n${key}`).digest('hex');

const lines = await readTransactions(join(datasets, 'online-retail', 'transactions.csv'));
const orders = ordersFromLines(lines);
const byCustomer = new Map<string, typeof orders>();
for (const o of orders) byCustomer.set(o.customerId, [...(byCustomer.get(o.customerId) ?? []), o]);
const lastDay = lines.reduce((max, l) => Math.max(max, l.timestamp), 0);
const countries = new Map<string, string>();
for await (const [id, country] of createReadStream(join(datasets, 'online-retail', 'customers.csv')).pipe(parse({ from_line: 2 })) as AsyncIterable<[string, string]>) {
  countries.set(id, country);
}

// Customers with 3–12 invoices and at most 400 lines, a third of them with an order in the data's last 10 days,
// so the demo has parcels on their way as well as long histories.
const eligible = [...byCustomer.entries()].filter(([, os]) => os.length >= 3 && os.length <= 12 && os.reduce((n, o) => n + o.lines.length, 0) <= 400);
const recent = eligible.filter(([, os]) => os.some((o) => lastDay - Date.parse(o.placedAt) < 10 * DAY));
const pick = (list: typeof eligible, n: number) => [...list].sort((a, b) => rank(a[0]).localeCompare(rank(b[0]))).slice(0, n);
const chosenRecent = pick(recent, CUSTOMERS / 3);
const taken = new Set(chosenRecent.map(([id]) => id));
const chosen = [...chosenRecent, ...pick(eligible.filter(([id]) => !taken.has(id)), CUSTOMERS - chosenRecent.length)].sort((a, b) => a[0].localeCompare(b[0]));

// Telco rows stratified by label in the data set's own proportion (26.5 % churned), paired one-to-one with the
// retail customers in a seeded order.
const telco = await readTelcoLabelled(join(datasets, 'telco-churn', 'WA_Fn-UseC_-Telco-Customer-Churn.csv'));
const withKeys = telco.map((t, i) => ({ ...t, key: rank(`telco-${i}`) })).sort((a, b) => a.key.localeCompare(b.key));
const churners = withKeys.filter((t) => t.churned);
const nChurn = Math.round((CUSTOMERS * churners.length) / withKeys.length);
const telcoPick = [...churners.slice(0, nChurn), ...withKeys.filter((t) => !t.churned).slice(0, CUSTOMERS - nChurn)].sort((a, b) => a.key.localeCompare(b.key));

const customerIds = new Set(chosen.map(([id]) => id));
const usedItems = new Set(chosen.flatMap(([, os]) => os.flatMap((o) => o.lines.map((l) => l.productId))));
const sample: DemoSample = {
  licence: {
    text: 'Derived from two public data sets whose licences allow redistribution; names and e-mail addresses are generated from the customer id, and dates are shifted when seeding.',
    sources: [
      {
        name: 'UCI Online Retail (Chen, Sain and Guo 2012), via the R package onlineretail 0.1.2, with the donor\'s permission (Dr Daqing Chen)',
        url: 'https://github.com/allanvc/onlineretail',
        commit: '3a77afe42f2650c54221573f9537e45cde646834',
        licence: 'CC0',
        used: `the invoices (stock codes, descriptions, quantities, prices, times) and countries of ${chosen.length} customers`,
      },
      {
        name: 'IBM Telco Customer Churn sample data (fictional)',
        url: 'https://github.com/IBM/telco-customer-churn-on-icp4d',
        commit: 'd5371f5d83a446ad5673cbcca3b814b926491f8a',
        licence: 'Apache-2.0',
        used: `the subscription attributes and churn labels of ${telcoPick.length} rows (their ids dropped), each paired with one retail customer`,
      },
    ],
  },
  dataEndsAt: chosen.flatMap(([, os]) => os.map((o) => o.placedAt)).reduce((max, t) => (t > max ? t : max), ''),
  products: productsFromLines(lines.filter((l) => customerIds.has(l.customerId) || usedItems.has(l.itemId))).filter((p) => usedItems.has(p.id)),
  customers: chosen.map(([id, os], i) => {
    const telcoRow = telcoPick[i] ?? telcoPick[0];
    if (!telcoRow) throw new Error('no telco rows');
    const country = countries.get(id);
    return { id, ...(country ? { country } : {}), subscription: telcoRow.attributes, orders: os.map((o) => ({ id: o.id, placedAt: o.placedAt, lines: o.lines })) };
  }),
};
const out = join(import.meta.dirname, 'demo-sample.json');
const json = JSON.stringify(compactDemoSample(sample));
writeFileSync(out, json);
const churned = sample.customers.filter((c) => c.subscription.churned).length;
console.log(`wrote ${out} (${(json.length / 1e6).toFixed(2)} MB): ${sample.customers.length} customers (${churned} churned), ${sample.customers.reduce((n, c) => n + c.orders.length, 0)} orders, ${sample.products.length} products`);
