// A seeded stratified hold-out split: the same share of every intent goes to validation, so a small intent is
// never missing from training and the split is the same on every run.
import type { LabelledText } from '../types.js';
import { mulberry32, shuffleInPlace } from './seeded-random.js';

export interface Split<T> {
  train: T[];
  validation: T[];
}

/**
 * Puts round(fraction × n_c) rows of each label c in validation (at most n_c − 1, so every label keeps a training
 * row; a label with one row stays in training). Row order within each part follows the input.
 */
export function stratifiedSplit<T extends LabelledText>(rows: readonly T[], fraction: number, seed: number): Split<T> {
  if (!(fraction >= 0 && fraction < 1)) throw new RangeError(`validation fraction must be in [0, 1), got ${fraction}`);
  const byLabel = new Map<string, number[]>();
  rows.forEach((r, i) => {
    const list = byLabel.get(r.intent);
    if (list) list.push(i);
    else byLabel.set(r.intent, [i]);
  });
  const random = mulberry32(seed);
  const held = new Set<number>();
  for (const label of [...byLabel.keys()].sort()) {
    const idx = byLabel.get(label)!;
    shuffleInPlace(idx, random);
    const take = Math.min(idx.length - 1, Math.round(fraction * idx.length));
    for (const i of idx.slice(0, take)) held.add(i);
  }
  return { train: rows.filter((_, i) => !held.has(i)), validation: rows.filter((_, i) => held.has(i)) };
}
