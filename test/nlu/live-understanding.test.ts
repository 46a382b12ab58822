// The understanding step over the swappable holder, with a scripted classifier so each rule is tested on its own:
// threshold, the out-of-scope class, the ambiguous pair, odd text, the threshold override and the swap.
import { describe, expect, it } from 'vitest';
import { createEntityExtractor } from '../../src/nlu/entities.js';
import type { TrainedIntentClassifier } from '../../src/nlu/live/intent-trainer.js';
import { createLiveUnderstanding, LiveModelHolder, type LiveModel } from '../../src/nlu/live/live-understanding.js';
import type { IntentRanking } from '../../src/nlu/types.js';

function model(ranking: IntentRanking, threshold = 0.4, version = 1): LiveModel {
  const classifier: TrainedIntentClassifier = {
    name: 'scripted',
    intents: ['cancel_order', 'oos', 'order_status'],
    temperature: 1,
    threshold,
    thresholdObjective: 'test',
    oosLabel: 'oos',
    classify: async () => ranking,
    toJSON: () => ({ type: 'scripted' }),
  };
  return { classifier, meta: { version, clarification: { margin: 0.2, floor: 0.25 } } as LiveModel['meta'] };
}

const extractor = createEntityExtractor();

describe('createLiveUnderstanding', () => {
  it('answers the top intent at or above the threshold; the out-of-scope class is never listed as an intent', async () => {
    const nlu = createLiveUnderstanding(new LiveModelHolder(model([{ intent: 'order_status', confidence: 0.8 }, { intent: 'oos', confidence: 0.15 }, { intent: 'cancel_order', confidence: 0.05 }])), extractor);
    const result = await nlu.understand('where is order 536365');
    expect(result).toMatchObject({ intent: 'order_status', confidence: 0.8, ranking: [{ intent: 'order_status' }, { intent: 'cancel_order' }] });
    expect(result.ambiguous).toBeUndefined();
    expect(result.entities[0]).toMatchObject({ type: 'orderId', value: '536365' });
    expect(nlu.intents).toEqual(['cancel_order', 'order_status']);
  });

  it('rejects when the out-of-scope class wins or the confidence is under the threshold', async () => {
    const oos = createLiveUnderstanding(new LiveModelHolder(model([{ intent: 'oos', confidence: 0.7 }, { intent: 'order_status', confidence: 0.3 }])), extractor);
    expect(await oos.understand('tell me a joke')).toMatchObject({ intent: null, confidence: 0.3, ranking: [{ intent: 'order_status' }] });
    const low = createLiveUnderstanding(new LiveModelHolder(model([{ intent: 'order_status', confidence: 0.35 }, { intent: 'cancel_order', confidence: 0.1 }])), extractor);
    expect((await low.understand('hmm')).intent).toBeNull();
    const overridden = createLiveUnderstanding(new LiveModelHolder(model([{ intent: 'order_status', confidence: 0.35 }])), extractor, { thresholdOverride: 0.3 });
    expect((await overridden.understand('hmm')).intent).toBe('order_status');
    expect(() => createLiveUnderstanding(new LiveModelHolder(model([])), extractor, { thresholdOverride: 2 })).toThrow(expect.objectContaining({ code: 'NLU_THRESHOLD_INVALID' }));
  });

  it('marks the top two as ambiguous when close and both above the floor, never when out of scope wins', async () => {
    const close = createLiveUnderstanding(new LiveModelHolder(model([{ intent: 'order_status', confidence: 0.5 }, { intent: 'cancel_order', confidence: 0.4 }])), extractor);
    expect((await close.understand('cancel or track')).ambiguous).toEqual(['order_status', 'cancel_order']);
    const oosTop = createLiveUnderstanding(new LiveModelHolder(model([{ intent: 'oos', confidence: 0.4 }, { intent: 'order_status', confidence: 0.3 }, { intent: 'cancel_order', confidence: 0.3 }])), extractor);
    expect((await oosTop.understand('weather')).ambiguous).toBeUndefined();
  });

  it('does not classify empty or wordless text', async () => {
    const nlu = createLiveUnderstanding(new LiveModelHolder(model([{ intent: 'order_status', confidence: 1 }])), extractor);
    for (const text of ['', '   ', '?!', undefined as unknown as string]) expect(await nlu.understand(text)).toEqual({ intent: null, confidence: 0, ranking: [], entities: [] });
  });

  it('uses whichever model the holder holds now', async () => {
    const holder = new LiveModelHolder(model([{ intent: 'order_status', confidence: 0.9 }]));
    const nlu = createLiveUnderstanding(holder, extractor);
    expect((await nlu.understand('x y')).intent).toBe('order_status');
    holder.swap(model([{ intent: 'cancel_order', confidence: 0.9 }], 0.4, 2));
    expect((await nlu.understand('x y')).intent).toBe('cancel_order');
    expect(holder.current.meta.version).toBe(2);
  });
});
