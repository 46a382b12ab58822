// Leave-intents-out threshold rows: the held intents' rows become out-of-scope rows scored without their own class.
import { describe, expect, it } from 'vitest';
import { chooseThreshold } from '../../../src/nlu/calibration.js';
import { thresholdRowsWithUnseenTopics } from '../../../src/nlu/ensemble/pseudo-oos.js';

const intents = ['a', 'b', 'c', 'd', 'oos'];
const lp = (...p: number[]) => Float64Array.from(p, Math.log);

describe('thresholdRowsWithUnseenTopics', () => {
  it('scores a held intent row without its class (renormalised) and keeps the others as they are', () => {
    const rows = [lp(0.7, 0.2, 0.05, 0.03, 0.02), lp(0.1, 0.8, 0.05, 0.03, 0.02), lp(0.1, 0.1, 0.1, 0.1, 0.6)];
    const labels = ['a', 'b', 'oos'];
    const all = thresholdRowsWithUnseenTopics(intents, rows, labels, 'oos', { fraction: 1, seed: 1 });
    expect(all.heldIntents).toEqual(['a', 'b', 'c', 'd']);
    expect(all.pseudoRows).toBe(2);
    // Row 0 without "a": b has 0.2 / 0.3 of what is left, and it is not the oos class, so not yet rejected.
    expect(all.scores[0]).toMatchObject({ inScope: false, correct: false });
    expect(all.scores[0]!.confidence).toBeCloseTo(0.2 / 0.3, 9);
    expect(all.scores[2]).toMatchObject({ inScope: false, correct: true });
    expect(all.scores[2]!.confidence).toBeCloseTo(0.6, 9);
    const none = thresholdRowsWithUnseenTopics(intents, rows, labels, 'oos', { fraction: 0, seed: 1 });
    expect(none.pseudoRows).toBe(0);
    expect(none.scores[0]).toMatchObject({ inScope: true, correct: true });
    expect(none.scores[0]!.confidence).toBeCloseTo(0.7, 9);
  });

  it('raises the threshold when unseen topics look confident, compared with seen out-of-scope rows only', () => {
    // Confident in-scope rows (0.9), seen oos rows the model already rejects, and rows of intent "d" whose second
    // choice is confident-ish (0.6 of the rest) — an unseen topic would be answered at a low threshold.
    const rows = [...Array(6)].map((_, i) => (i % 2 ? lp(0.9, 0.04, 0.03, 0.02, 0.01) : lp(0.03, 0.9, 0.04, 0.02, 0.01)));
    const labels: string[] = rows.map((_, i) => (i % 2 ? 'a' : 'b'));
    rows.push(lp(0.05, 0.05, 0.05, 0.05, 0.8), lp(0.24, 0.04, 0.04, 0.6, 0.08));
    labels.push('oos', 'd');
    const seenOnly = chooseThreshold(thresholdRowsWithUnseenTopics(intents, rows.slice(0, 7), labels.slice(0, 7), 'oos', { fraction: 0, seed: 3 }).scores);
    // Seed 1 holds out "d" (one intent of four).
    const withUnseen = thresholdRowsWithUnseenTopics(intents, rows, labels, 'oos', { fraction: 0.25, seed: 1 });
    expect(withUnseen.heldIntents).toEqual(['d']);
    const chosen = chooseThreshold(withUnseen.scores);
    expect(seenOnly.threshold).toBeLessThan(0.6);
    expect(chosen.threshold).toBeGreaterThan(0.6);
    expect(chosen.oosRecall).toBe(1);
    expect(chosen.inScopeAccuracy).toBe(1);
  });
});
