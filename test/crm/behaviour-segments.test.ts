// Behavioural segments: names from centroids and a fit on customers whose groups are obvious.
import { describe, expect, it } from 'vitest';
import { assignSegment, clusterNames, fitBehaviourModel, nameCentroid } from '../../src/crm/behaviour-segments.js';
import type { CustomerStats } from '../../src/crm/customer-stats.js';

describe('segment names', () => {
  it('names a centroid by its strongest departures from the average (up to three)', () => {
    // Feature order: recency, orders, average order value, distinct products (z-scores).
    expect(nameCentroid([-1.2, 1.5, 0.1, 0.8])).toBe('Frequent, recent, wide-range buyers');
    expect(nameCentroid([1.4, -0.9, -0.2, 0.3])).toBe('Lapsed, one-off buyers');
    expect(nameCentroid([0.2, 0.3, 0.9, -0.1])).toBe('Big-basket buyers');
    expect(nameCentroid([0.1, -0.2, 0.3, 0.4])).toBe('Typical buyers');
  });

  it('numbers repeated names', () => {
    expect(clusterNames([[0, 0, 0, 0], [1, 0, 0, 0], [0.1, 0, 0, 0]])).toEqual(['Typical buyers', 'Lapsed buyers', 'Typical buyers (2)']);
  });
});

describe('fitBehaviourModel', () => {
  const ref = Date.UTC(2026, 0, 1);
  const at = (daysAgo: number) => new Date(ref - daysAgo * 86_400_000).toISOString();
  const stats = (id: string, daysAgo: number, orders: number, value: number, products: number): CustomerStats => ({
    customerId: id, orders, lifetimeValue: value, currency: 'GBP', firstOrderAt: at(400), lastOrderAt: at(daysAgo), distinctProducts: products,
  });
  const loyal = Array.from({ length: 6 }, (_, i) => stats(`L${i}`, 2 + i, 30 + i, 3000 + 10 * i, 80 + i));
  const gone = Array.from({ length: 6 }, (_, i) => stats(`G${i}`, 300 + i, 1, 20 + i, 3));

  it('separates loyal from lapsed customers and names them', () => {
    const model = fitBehaviourModel([...loyal, ...gone], ref, { kMax: 4 })!;
    expect(model.k).toBe(2);
    expect(model.silhouette).toBeGreaterThan(0.8);
    const a = assignSegment(model, stats('new', 1, 40, 4000, 90), ref);
    const b = assignSegment(model, stats('old', 350, 1, 15, 2), ref);
    expect(a.id).not.toBe(b.id);
    // Every feature departs by about one standard deviation here, so the three strongest name each group.
    expect(a.name).toBe('Wide-range, frequent, big-basket buyers');
    expect(b.name).toBe('Narrow-range, one-off, small-basket buyers');
    expect(model.sizes.sort()).toEqual([6, 6]);
  });

  it('needs at least four customers', () => {
    expect(fitBehaviourModel(loyal.slice(0, 3), ref)).toBeNull();
  });
});
