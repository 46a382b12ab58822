// The recommend-eval command end to end on the small fixture, with the popularity baseline checked by hand.
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { runRecommendEvalCommand } from '../../src/recommend/evaluate.js';
import { evaluateScorer } from '../../src/recommend/offline-eval.js';
import { buildInteractions } from '../../src/recommend/interactions.js';
import { basket } from './helpers.js';

const fixture = fileURLToPath(new URL('../fixtures/recommend/transactions.csv', import.meta.url));
const g = (rank: number): number => 1 / Math.log2(rank + 1);

describe('runRecommendEvalCommand on the fixture', () => {
  it('prints both tables and returns the documented figures', async () => {
    const lines: string[] = [];
    const result = await runRecommendEvalCommand(['--data', fixture, '--json'], (l) => lines.push(l));
    // Clean invoices per customer: 12001 ×3, 12002 ×2, 12003 ×2, 12005 ×4 (12004 and 12006 have one) ⇒ 4 test customers.
    expect(result.users).toBe(4);
    // Training popularity (distinct buyers): 21001 4, 21002 3, 21003 3, 21004 2, 21005 1 ⇒ ranks 1..5.
    // Held out: 12001 {21001, 21002} ranks 1, 2 ⇒ 1; 12002 {21002, 21005} ranks 2, 5; 12003 {21003, 21005} ranks 3, 5;
    // 12005 {21005} rank 5.
    const ideal2 = g(1) + g(2);
    const expected = (1 + (g(2) + g(5)) / ideal2 + (g(3) + g(5)) / ideal2 + g(5)) / 4;
    expect(result.baselines.popularity.ndcg10).toBeCloseTo(expected, 4);
    expect(result.baselines.popularity.hr10).toBe(1);
    // Repeats excluded: 12001 and 12005 have nothing new; 12002 {21005} at rank 2 of [21004, 21005];
    // 12003 {21005} at rank 3 of [21002, 21004, 21005].
    expect(result.repeatsExcluded.users).toBe(2);
    expect(result.repeatsExcluded.popularity.ndcg10).toBeCloseTo((g(2) + g(3)) / 2, 4);
    for (const v of [result.ndcg10, result.hr10, result.recall10, result.coverage, result.baselines.itemknn.ndcg10]) {
      expect(v).toBeGreaterThanOrEqual(0);
      expect(v).toBeLessThanOrEqual(1);
    }
    expect(Object.keys(result).slice(0, 6)).toEqual(['ndcg10', 'hr10', 'recall10', 'coverage', 'users', 'baselines']);
    expect(Object.keys(result.baselines)).toEqual(['popularity', 'itemknn']);
    const text = lines.join('\n');
    expect(text).toMatch(/Repeat purchases count as hits/);
    expect(text).toMatch(/Repeats excluded/);
    expect(text).toMatch(/^hybrid +\d\.\d{3}/m);
    expect(text).toMatch(/^item-kNN +\d\.\d{3}/m);
    expect(JSON.parse(JSON.stringify(result))).toEqual(result);
  });

  it('asks for --data', async () => {
    await expect(runRecommendEvalCommand([], () => {})).rejects.toMatchObject({ code: 'USAGE' });
    await expect(runRecommendEvalCommand(['--data', fixture, '--bogus'], () => {})).rejects.toMatchObject({ code: 'USAGE' });
  });
});

describe('evaluateScorer', () => {
  it('passes the held-out invoice time as now and masks repeats in the second mode', () => {
    const data = buildInteractions([basket('u1', '1', 0, ['A', 'B']), basket('u2', '2', 1, ['C'])]);
    const test = new Map([['u1', basket('u1', '3', 9, ['A', 'C'])]]);
    const seen: number[] = [];
    // A fixed ranking A > B > C for everyone.
    const result = evaluateScorer((_h, out, now) => {
      seen.push(now);
      out.set([3, 2, 1]);
    }, data, test);
    expect(seen).toEqual([test.get('u1')!.time]);
    // With repeats: A rank 1, C rank 3 of 2 relevant.
    expect(result.withRepeats.ndcg).toBeCloseTo((g(1) + g(3)) / (g(1) + g(2)), 12);
    // Without: A and B masked, C alone is relevant and ranks first.
    expect(result.repeatsExcluded).toMatchObject({ ndcg: 1, hr: 1, recall: 1, users: 1 });
  });
});
