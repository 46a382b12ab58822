// The handoff event bus: delivery to subscribers, unsubscribe, a failing listener, and replay / resync by event id.
import { describe, expect, it } from 'vitest';
import { createHandoffEvents } from '../../src/handoff/handoff-events.js';

describe('handoff event bus', () => {
  it('delivers each event to every subscriber with increasing ids, and stops after unsubscribe', () => {
    const bus = createHandoffEvents();
    const a: string[] = [];
    const b: string[] = [];
    const stopA = bus.subscribe((e) => a.push(`${e.type}:${e.conversationId}`));
    bus.subscribe((e) => b.push(e.type));
    const first = bus.publish({ type: 'queued', conversationId: 'c1' });
    stopA();
    const second = bus.publish({ type: 'claimed', conversationId: 'c1', agent: 'ann' });
    expect(a).toEqual(['queued:c1']);
    expect(b).toEqual(['queued', 'claimed']);
    expect(first.id).not.toBe(second.id);
    expect(Number(second.id.split('-')[1])).toBe(Number(first.id.split('-')[1]) + 1);
    expect(bus.listenerCount()).toBe(1);
  });

  it('keeps delivering when one listener throws, and reports the error', () => {
    const errors: unknown[] = [];
    const bus = createHandoffEvents({ onListenerError: (e) => errors.push(e) });
    const seen: string[] = [];
    bus.subscribe(() => {
      throw new Error('boom');
    });
    bus.subscribe((e) => seen.push(e.type));
    bus.publish({ type: 'bot_turn', conversationId: 'c2' });
    expect(seen).toEqual(['bot_turn']);
    expect(errors).toHaveLength(1);
  });

  it('replays what came after a known id, and asks for a resync when the id is too old, unknown or from another process', () => {
    const bus = createHandoffEvents({ history: 3 });
    const ids = ['a', 'b', 'c', 'd', 'e'].map((c) => bus.publish({ type: 'customer_message', conversationId: c }).id);
    expect(bus.since(ids[3]!)?.map((e) => e.conversationId)).toEqual(['e']);
    expect(bus.since(ids[4]!)).toEqual([]);
    // History holds c, d, e: after b nothing was lost, after a "b" was.
    expect(bus.since(ids[1]!)?.map((e) => e.conversationId)).toEqual(['c', 'd', 'e']);
    expect(bus.since(ids[0]!)).toBeNull();
    expect(bus.since('not-an-id')).toBeNull();
    expect(bus.since(createHandoffEvents().publish({ type: 'queued', conversationId: 'x' }).id)).toBeNull();
  });
});
