// Report maths against the hand-built week in report-fixtures.ts, on the embedded store and on MongoDB (CongoDB):
// every figure below was worked out by hand from the fixtures, and both stores must give exactly these numbers.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { churnMixReport } from '../../src/reports/churn-mix-report.js';
import { confidenceReport } from '../../src/reports/confidence-report.js';
import { fallbackReport } from '../../src/reports/fallback-report.js';
import { handoffReport } from '../../src/reports/handoff-report.js';
import { intentReport, intentUtterances } from '../../src/reports/intent-report.js';
import { resolveFilters } from '../../src/reports/report-filters.js';
import { summaryReport } from '../../src/reports/summary-report.js';
import type { Store } from '../../src/store/ports.js';
import { loadFixtures, openEmbedded, openMongo, startCongo, WEEK, type OpenedStore } from './report-fixtures.js';

let congo: Awaited<ReturnType<typeof startCongo>>;
beforeAll(async () => {
  congo = await startCongo();
});
afterAll(async () => {
  await congo.stop();
});

const week = resolveFilters(WEEK);

function describeReports(name: string, open: () => Promise<OpenedStore>) {
  describe(`reports on ${name}`, () => {
    let opened: OpenedStore;
    let store: Store;
    beforeAll(async () => {
      opened = await open();
      store = opened.store;
      await loadFixtures(store);
    });
    afterAll(async () => {
      await opened.cleanup();
    });

    it('summary: messages, conversations, customers, rates, confidence and p95 latency', async () => {
      expect(await summaryReport(store, week)).toEqual({
        filters: week, messages: 6, conversations: 3, customers: 2, containmentRate: 0.6667, fallbackRate: 0.4,
        handoffRate: 0.3333, avgConfidence: 0.49, p95LatencyMs: 50,
      });
    });

    it('summary honours the channel and segment filters', async () => {
      const teams = await summaryReport(store, resolveFilters({ ...WEEK, channel: 'teams' }));
      expect(teams).toMatchObject({ messages: 2, conversations: 1, customers: 1, containmentRate: 0, fallbackRate: 0, handoffRate: 1, avgConfidence: 0.8, p95LatencyMs: 30 });
      const champions = await summaryReport(store, resolveFilters({ ...WEEK, segment: 'Champions' }));
      expect(champions).toMatchObject({ messages: 2, conversations: 1, customers: 1, fallbackRate: 0.5, avgConfidence: 0.55 });
    });

    it('an empty period gives zero counts and unknown (null) rates', async () => {
      expect(await summaryReport(store, resolveFilters({ from: '2025-01-01', to: '2025-01-02' }))).toMatchObject({
        messages: 0, conversations: 0, customers: 0, containmentRate: null, fallbackRate: null, avgConfidence: null, p95LatencyMs: null,
      });
    });

    it('intent volume per day with the trend against the previous week', async () => {
      const report = await intentReport(store, week);
      expect(report.previous).toEqual({ from: '2026-02-22', to: '2026-02-28' });
      expect(report.days).toHaveLength(7);
      expect(report.intents).toEqual([
        { intent: 'order_status', total: 2, previousTotal: 1, trend: 1, daily: [1, 0, 1, 0, 0, 0, 0] },
        { intent: 'human_agent', total: 1, previousTotal: 0, trend: null, daily: [0, 1, 0, 0, 0, 0, 0] },
      ]);
    });

    it('drill-down: an intent’s messages, newest first, paged', async () => {
      const first = await intentUtterances(store, week, 'order_status', { page: 1, pageSize: 1 });
      expect(first.total).toBe(2);
      expect(first.utterances.map((u) => [u.id, u.text, u.confidence])).toEqual([['m6', "where's my stuff", 0.45]]);
      const second = await intentUtterances(store, week, 'order_status', { page: 2, pageSize: 1 });
      expect(second.utterances.map((u) => u.id)).toEqual(['m1']);
    });

    it('confidence histogram per intent and confused pairs from low margins and relabels', async () => {
      const report = await confidenceReport(store, week);
      expect(report.intents).toEqual([
        { intent: 'order_status', total: 2, histogram: [0, 0, 0, 0, 1, 0, 0, 0, 0, 1] },
        { intent: 'human_agent', total: 1, histogram: [0, 0, 0, 0, 0, 0, 0, 0, 1, 0] },
      ]);
      expect(report.confusedPairs).toEqual([
        { predicted: 'order_status', other: 'return_refund', lowMargin: 1, relabels: 1, total: 2 },
        { predicted: 'greeting', other: 'thanks', lowMargin: 1, relabels: 0, total: 1 },
        { predicted: 'human_agent', other: 'complaint', lowMargin: 1, relabels: 0, total: 1 },
      ]);
    });

    it('fallback rate per day and unrecognised messages clustered by similar text', async () => {
      const report = await fallbackReport(store, week);
      expect(report).toMatchObject({ turns: 5, fallbacks: 2, rate: 0.4, unrecognised: 3, lowConfidence: 1 });
      expect(report.daily.slice(0, 3)).toEqual([
        { day: '2026-03-01', turns: 2, fallbacks: 1, rate: 0.5 },
        { day: '2026-03-02', turns: 1, fallbacks: 0, rate: 0 },
        { day: '2026-03-03', turns: 2, fallbacks: 1, rate: 0.5 },
      ]);
      expect(report.daily[6]).toEqual({ day: '2026-03-07', turns: 0, fallbacks: 0, rate: null });
      expect(report.clusters).toEqual([
        // Equally frequent texts: the leader is the first in locale order; ids come newest first.
        { label: 'can i pay with bitcoin please', count: 2, examples: ['can i pay with bitcoin please', 'Can I pay with bitcoin?'], interactionIds: ['m5', 'm2'] },
        { label: "where's my stuff", count: 1, examples: ["where's my stuff"], interactionIds: ['m6'] },
      ]);
    });

    it('handoffs by trigger and outcome, wait and handling percentiles; channel selects conversations', async () => {
      expect(await handoffReport(store, week)).toEqual({
        filters: week,
        total: 2,
        byTrigger: [{ trigger: 'customer_request', count: 1 }, { trigger: 'repeated_fallback', count: 1 }],
        byOutcome: [{ outcome: 'resolved', count: 1 }, { outcome: 'waiting', count: 1 }],
        waitSeconds: { count: 1, p50: 60, p90: 60, p95: 60 },
        handlingSeconds: { count: 1, p50: 600, p90: 600, p95: 600 },
      });
      expect((await handoffReport(store, resolveFilters({ ...WEEK, channel: 'teams' }))).byTrigger).toEqual([{ trigger: 'customer_request', count: 1 }]);
    });

    it('churn mix: each customer once by risk band and segment; offers made, accepted, declined', async () => {
      const report = await churnMixReport(store, week);
      expect(report).toEqual({
        filters: week,
        customers: 2,
        riskBands: [{ band: 'low', customers: 1 }, { band: 'medium', customers: 0 }, { band: 'high', customers: 1 }, { band: 'unknown', customers: 0 }],
        segments: [{ segment: 'At Risk', customers: 1 }, { segment: 'Champions', customers: 1 }],
        offers: { offered: 2, accepted: 1, declined: 0, acceptanceRate: 0.5 },
      });
    });
  });
}

describeReports('the embedded store', openEmbedded);
describeReports('MongoDB (in-process CongoDB server)', () => openMongo(congo.uri));

describe('report filters', () => {
  const now = new Date('2026-03-31T15:00:00Z');
  it('defaults to the last 30 days up to today', () => {
    expect(resolveFilters({}, now)).toEqual({ from: '2026-03-02', to: '2026-03-31' });
  });
  it('refuses bad dates, reversed periods, unknown channels and odd segments with 400', () => {
    for (const bad of [{ from: '2026-02-30' }, { from: '31/03/2026' }, { from: '2026-03-05', to: '2026-03-01' }, { channel: 'fax' }, { segment: '{"$gt":""}' }, { from: '2020-01-01', to: '2026-01-01' }]) {
      expect(() => resolveFilters(bad, now), JSON.stringify(bad)).toThrow(expect.objectContaining({ status: 400, code: 'VALIDATION_FAILED' }));
    }
  });
});
