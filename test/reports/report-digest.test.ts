// The digest (`cli report`) writes the same figures as the API, in Markdown, CSV or JSON.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildDigest } from '../../src/reports/report-digest.js';
import { loadFixtures, openEmbedded, WEEK, type OpenedStore } from './report-fixtures.js';

let opened: OpenedStore;
beforeAll(async () => {
  opened = await openEmbedded();
  await loadFixtures(opened.store);
});
afterAll(async () => {
  await opened.cleanup();
});

describe('report digest', () => {
  it('markdown: a title with the period and one table per figure set', async () => {
    const md = await buildDigest(opened.store, { ...WEEK, format: 'md' });
    expect(md.split('\n')[0]).toBe('# Concierge digest 2026-03-01 – 2026-03-07');
    expect(md).toContain('| 6 | 3 | 2 | 0.6667 | 0.4 | 0.3333 | 0.49 | 50 |');
    expect(md).toContain('| customer_request | 1 |');
  });
  it('csv and json carry the same summary', async () => {
    const csv = await buildDigest(opened.store, { ...WEEK, format: 'csv' });
    expect(csv).toContain('# summary\r\nmessages,conversations,customers,containmentRate,fallbackRate,handoffRate,avgConfidence,p95LatencyMs\r\n6,3,2,0.6667,0.4,0.3333,0.49,50\r\n');
    const json = JSON.parse(await buildDigest(opened.store, { ...WEEK, format: 'json' })) as { summary: { messages: number }; handoffs: { total: number } };
    expect(json.summary.messages).toBe(6);
    expect(json.handoffs.total).toBe(2);
  });
});
