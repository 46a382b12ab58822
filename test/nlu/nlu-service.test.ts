// The understanding step: threshold → intent or null, entities alongside, odd text, and loading the model file.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { createEntityExtractor } from '../../src/nlu/entities.js';
import { loadLanguageUnderstanding, createLanguageUnderstanding } from '../../src/nlu/nlu-service.js';
import type { IntentClassifier, IntentRanking } from '../../src/nlu/types.js';

const modelsDir = fileURLToPath(new URL('../../models', import.meta.url));

/** A classifier whose answer is scripted, so the threshold logic is tested on its own. */
function scripted(ranking: IntentRanking): IntentClassifier & { calls: string[] } {
  const calls: string[] = [];
  return { name: 'scripted', calls, classify: async (text) => (calls.push(text), ranking) };
}

const ranking: IntentRanking = [
  { intent: 'order_status', confidence: 0.6 },
  { intent: 'cancel_order', confidence: 0.4 },
];

describe('createLanguageUnderstanding', () => {
  const extractor = createEntityExtractor();

  it('answers with the top intent at or above the threshold', async () => {
    const nlu = createLanguageUnderstanding(scripted(ranking), extractor, 0.6, ['order_status', 'cancel_order']);
    const result = await nlu.understand('where is order 536365');
    expect(result).toMatchObject({ intent: 'order_status', confidence: 0.6, ranking });
    expect(result.entities).toEqual([{ type: 'orderId', text: '536365', value: '536365' }]);
    expect(nlu.intents).toEqual(['order_status', 'cancel_order']);
  });

  it('returns intent null below the threshold but keeps the ranking', async () => {
    const nlu = createLanguageUnderstanding(scripted(ranking), extractor, 0.61);
    expect(await nlu.understand('where is it')).toMatchObject({ intent: null, confidence: 0.6, ranking });
  });

  it('does not classify empty or wordless text', async () => {
    const classifier = scripted(ranking);
    const nlu = createLanguageUnderstanding(classifier, extractor, 0.1);
    for (const text of ['', '   ', '?!', '🎉🎉', undefined as unknown as string]) {
      expect(await nlu.understand(text)).toEqual({ intent: null, confidence: 0, ranking: [], entities: [] });
    }
    expect(classifier.calls).toEqual([]);
  });

  it('refuses a threshold outside [0, 1]', () => {
    expect(() => createLanguageUnderstanding(scripted(ranking), extractor, 1.5)).toThrow(expect.objectContaining({ code: 'NLU_THRESHOLD_INVALID' }));
    expect(() => createLanguageUnderstanding(scripted(ranking), extractor, Number.NaN)).toThrow();
  });
});

describe('loadLanguageUnderstanding', () => {
  it('fails with MODEL_MISSING when there is no model file', () => {
    const dir = mkdtempSync(join(tmpdir(), 'nlu-empty-'));
    expect(() => loadLanguageUnderstanding({ modelsDir: dir })).toThrow(expect.objectContaining({ code: 'MODEL_MISSING', status: 503 }));
  });

  it('fails with MODEL_INVALID on broken JSON or the wrong shape', () => {
    for (const content of ['{not json', '{"version": 2}', JSON.stringify({ version: 1, trainedAt: 'x', intents: ['a'], classifier: {}, threshold: 0.5 })]) {
      const dir = mkdtempSync(join(tmpdir(), 'nlu-bad-'));
      writeFileSync(join(dir, 'intent-model.json'), content);
      expect(() => loadLanguageUnderstanding({ modelsDir: dir })).toThrow(expect.objectContaining({ code: 'MODEL_INVALID' }));
    }
  });

  it('loads the committed model quickly and understands a message', async () => {
    const started = performance.now();
    const nlu = loadLanguageUnderstanding({ modelsDir, productNames: ['JUMBO BAG RED RETROSPOT'] });
    expect(performance.now() - started).toBeLessThan(1000);
    const result = await nlu.understand('Where is my order #548213?');
    expect(result.intent).toBe('order_status');
    expect(result.confidence).toBeGreaterThanOrEqual(nlu.threshold);
    expect(result.ranking).toHaveLength(nlu.intents.length);
    expect(result.ranking.reduce((s, r) => s + r.confidence, 0)).toBeCloseTo(1, 9);
    expect(result.entities).toEqual([{ type: 'orderId', text: '#548213', value: '548213' }]);
    expect((await nlu.understand('is the jumbo bag red retrospot in stock')).entities[0]?.type).toBe('product');
  });

  it('applies a threshold override', async () => {
    const nlu = loadLanguageUnderstanding({ modelsDir, thresholdOverride: 1 });
    expect(nlu.threshold).toBe(1);
    expect((await nlu.understand('banana')).intent).toBeNull();
  });
});
