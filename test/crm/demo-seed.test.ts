import { describe, expect, it } from 'vitest';
import { demoData, loadDemoSample } from '../../src/crm/demo-seed.js';
import { recommendFromHistory } from '../../src/recommend/history-recommender.js';

describe('demo data', () => {
  const sample = loadDemoSample();
  const now = new Date('2026-11-23T12:00:00Z');

  it('is deterministic for a given day and has a few hundred customers with orders and subscriptions', () => {
    const a = demoData(sample, now);
    expect(demoData(sample, now)).toEqual(a);
    expect(a.customers.length).toBeGreaterThanOrEqual(200);
    expect(a.customers.every((c) => c.subscription && c.name && c.email)).toBe(true);
    expect(new Set(a.orders.map((o) => o.customerId)).size).toBe(a.customers.length);
  });

  it('moves dates so the newest order is two days old and recent orders are on their way', () => {
    const { orders } = demoData(sample, now);
    const newest = orders.reduce((max, o) => (o.placedAt > max ? o.placedAt : max), '');
    expect(Date.parse(newest)).toBe(now.getTime() - 2 * 86_400_000);
    expect(orders.some((o) => o.status === 'processing' && o.expectedDeliveryAt)).toBe(true);
    expect(orders.some((o) => o.status === 'shipped')).toBe(true);
    expect(orders.filter((o) => o.id.startsWith('C')).every((o) => o.status === 'cancelled')).toBe(true);
  });

  it('gives every customer recommendations from their own history, with a reason', () => {
    const { orders } = demoData(sample, now);
    const products = new Map(sample.products.map((p) => [p.id, p]));
    const customerId = orders[0]?.customerId ?? '';
    const recs = recommendFromHistory(orders.filter((o) => o.customerId === customerId), products, 3);
    expect(recs.length).toBeGreaterThan(0);
    expect(recs[0]?.reason).toMatch(/^You('ve ordered this \d+ times| bought this on)/);
    expect(recs.map((r) => r.score)).toEqual([...recs.map((r) => r.score)].sort((x, y) => y - x));
  });
});
