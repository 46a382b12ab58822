// The embedded store's compiled pipeline path against mingo: every pipeline the reports send (captured while they run
// over the hand-built week) must be handled by the fast path — no fallback — and give mingo's answer; odd shapes and
// value types must fall back rather than answer differently.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Aggregator } from 'mingo';
import { Unsupported } from '../../../src/store/embedded/fast-pipeline.js';
import { runFastPipeline } from '../../../src/store/embedded/fast-stages.js';
import type { AggregationPipeline, Store } from '../../../src/store/ports.js';
import { resolveFilters } from '../../../src/reports/report-filters.js';
import { summaryReport } from '../../../src/reports/summary-report.js';
import { intentReport, intentUtterances } from '../../../src/reports/intent-report.js';
import { confidenceReport } from '../../../src/reports/confidence-report.js';
import { fallbackReport } from '../../../src/reports/fallback-report.js';
import { handoffReport } from '../../../src/reports/handoff-report.js';
import { churnMixReport } from '../../../src/reports/churn-mix-report.js';
import { loadFixtures, openEmbedded, WEEK, type OpenedStore } from '../../reports/report-fixtures.js';

type Doc = Record<string, unknown>;
const mingo = (pipeline: unknown[], docs: Doc[]) => new Aggregator(pipeline as Doc[]).run(docs) as Doc[];
// Group output order is unspecified (MongoDB gives any order), so rows are compared as sorted JSON.
const canonical = (rows: Doc[]) => rows.map((r) => JSON.stringify(r, Object.keys(r).sort())).sort();

describe('embedded fast pipeline', () => {
  let opened: OpenedStore;
  const captured: { collection: 'interactions' | 'handoffs'; pipeline: AggregationPipeline }[] = [];
  let store: Store;

  beforeAll(async () => {
    opened = await openEmbedded();
    await loadFixtures(opened.store);
    const spy = (collection: 'interactions' | 'handoffs') => (pipeline: AggregationPipeline) => {
      captured.push({ collection, pipeline });
      return opened.store[collection].aggregate(pipeline);
    };
    store = { ...opened.store, interactions: { ...opened.store.interactions, aggregate: spy('interactions') }, handoffs: { ...opened.store.handoffs, aggregate: spy('handoffs') } };
  });
  afterAll(async () => opened.cleanup());

  it('answers every report pipeline itself, exactly as mingo does, for every filter', async () => {
    for (const filters of [WEEK, { ...WEEK, channel: 'teams' }, { ...WEEK, segment: 'Champions' }, { from: '2026-02-01', to: '2026-03-31' }]) {
      const f = resolveFilters(filters);
      await Promise.all([summaryReport(store, f), intentReport(store, f), confidenceReport(store, f), fallbackReport(store, f), handoffReport(store, f), churnMixReport(store, f)]);
      await intentUtterances(store, f, 'order_status', { page: 1, pageSize: 2 });
    }
    expect(captured.length).toBeGreaterThan(40);
    for (const { collection, pipeline } of captured) {
      const docs = (await opened.store[collection].aggregate([{ $match: {} }])) as Doc[];
      expect(docs.length).toBeGreaterThan(0);
      const fast = runFastPipeline(pipeline, docs);
      const slow = mingo(pipeline, docs);
      // $facet rows hold arrays of groups: compare each branch as a set of rows.
      if (pipeline.some((s) => '$facet' in s)) {
        expect(Object.keys(fast[0]!)).toEqual(Object.keys(slow[0]!));
        for (const k of Object.keys(slow[0]!)) expect(canonical(fast[0]![k] as Doc[])).toEqual(canonical(slow[0]![k] as Doc[]));
      } else {
        expect(canonical(fast)).toEqual(canonical(slow));
      }
    }
  });

  it('keeps MongoDB semantics for missing values, type brackets and sort order', () => {
    const docs: Doc[] = [
      { _id: 'a', g: 'x', n: 1, at: '2026-01-02' },
      { _id: 'b', g: 'x', at: '2026-01-01' },
      { _id: 'c', n: 5, at: 3 },
      { _id: 'd', g: 'y', n: 0.5, at: '2026-01-03', r: [{ i: 'p', c: 0.9 }, { i: 'q', c: 0.8 }] },
    ];
    const pipelines: Doc[][] = [
      [{ $match: { at: { $gte: '2026-01-01', $lt: '2026-01-03' } } }],
      [{ $match: { n: { $nin: [1] }, 'r.1': { $exists: false } } }],
      [{ $group: { _id: '$g', n: { $sum: '$n' }, c: { $sum: 1 }, l: { $last: '$n' }, f: { $first: '$n' }, p: { $push: '$n' }, s: { $addToSet: '$n' }, mx: { $max: '$n' }, mn: { $min: '$n' } } }],
      [{ $match: { 'r.1': { $exists: true } } }, { $project: { _id: 0, top: { $arrayElemAt: ['$r.i', 0] }, m: { $subtract: [{ $arrayElemAt: ['$r.c', 0] }, { $arrayElemAt: ['$r.c', 1] }] } } }],
      [{ $match: { n: { $exists: true } } }, { $sort: { n: -1 } }, { $skip: 1 }, { $limit: 1 }, { $project: { n: 1, missing: 1 } }],
      [{ $group: { _id: { g: '$g', big: { $cond: [{ $gte: ['$n', 1] }, 1, 0] } }, k: { $sum: 1 } } }],
      [{ $match: { g: 'nobody' } }, { $count: 'n' }],
    ];
    for (const p of pipelines) expect(canonical(runFastPipeline(p, docs))).toEqual(canonical(mingo(p, docs)));
  });

  it('unwinds arrays (index, empty, null and missing kept on request) and sizes sets as mingo does', () => {
    const docs: Doc[] = [
      { _id: 'a', c: 'x', p: ['p1', 'p2', 'p1'] },
      { _id: 'b', c: 'x', p: [] },
      { _id: 'c', c: 'y', p: null },
      { _id: 'd', c: 'y' },
      { _id: 'e', c: 'y', p: ['p3'] },
    ];
    const pipelines: Doc[][] = [
      [{ $unwind: '$p' }],
      [{ $unwind: { path: '$p', includeArrayIndex: 'i' } }],
      [{ $unwind: { path: '$p', includeArrayIndex: 'i', preserveNullAndEmptyArrays: true } }],
      [{ $unwind: { path: '$p', preserveNullAndEmptyArrays: true } }],
      [
        { $unwind: { path: '$p', includeArrayIndex: 'i', preserveNullAndEmptyArrays: true } },
        { $group: { _id: '$c', firsts: { $sum: { $cond: [{ $eq: [{ $ifNull: ['$i', 0] }, 0] }, 1, 0] } }, ps: { $addToSet: '$p' } } },
        { $project: { firsts: 1, n: { $size: { $setDifference: ['$ps', [null]] } }, all: { $size: '$ps' } } },
      ],
      // Fused with the $group (one reused row per document): nothing the group keeps may change afterwards.
      [{ $unwind: { path: '$p', includeArrayIndex: 'i' } }, { $group: { _id: '$c', all: { $push: '$p' }, idx: { $push: '$i' }, f: { $first: '$p' }, l: { $last: '$_id' } } }],
    ];
    for (const p of pipelines) expect(canonical(runFastPipeline(p, docs))).toEqual(canonical(mingo(p, docs)));
  });

  it('gives way to mingo on shapes and values it does not know, and never changes the documents', () => {
    const docs: Doc[] = [{ _id: 'a', tags: ['x', 'y'], n: 'not a number' }];
    const before = structuredClone(docs);
    expect(() => runFastPipeline([{ $unwind: '$n' }], docs)).toThrow(Unsupported);
    expect(() => runFastPipeline([{ $unwind: '$tags.x' }], docs)).toThrow(Unsupported);
    expect(() => runFastPipeline([{ $project: { s: { $size: '$n' } } }], docs)).toThrow(Unsupported);
    expect(() => runFastPipeline([{ $match: { tags: 'x' } }], docs)).toThrow(Unsupported);
    expect(() => runFastPipeline([{ $project: { m: { $multiply: ['$n', 2] } } }], docs)).toThrow(Unsupported);
    const out = runFastPipeline([{ $match: {} }], docs);
    (out[0]!.tags as string[]).push('z');
    expect(docs).toEqual(before);
  });
});
