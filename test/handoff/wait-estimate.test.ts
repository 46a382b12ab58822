// The wait estimate: hand-computed medians and minutes, and "we can't estimate" without agents or enough data.
import { describe, expect, it } from 'vitest';
import { estimateWait, median, MIN_SAMPLES } from '../../src/handoff/wait-estimate.js';

describe('wait estimate', () => {
  it('takes the median of handling times', () => {
    expect(median([])).toBeNull();
    expect(median([300, 60, 120])).toBe(120);
    expect(median([60, 120, 180, 600])).toBe(150);
  });

  it('estimates position × median ÷ agents online, rounded up to minutes', () => {
    // median 240 s; position 3, 2 agents → 3 × 240 / 2 = 360 s = 6 minutes.
    const e = estimateWait({ position: 3, agentsOnline: 2, handlingSeconds: [120, 240, 600] });
    expect(e).toMatchObject({ minutes: 6, medianHandlingSeconds: 240, samples: 3, agentsOnline: 2 });
    expect(e.text).toBe('The wait should be about 6 minutes.');
    // 1 × 100 / 1 = 100 s → 2 minutes (rounded up).
    expect(estimateWait({ position: 1, agentsOnline: 1, handlingSeconds: [100, 100, 100] }).minutes).toBe(2);
    expect(estimateWait({ position: 1, agentsOnline: 4, handlingSeconds: [30, 30, 30] }).text).toBe('The wait should be about a minute.');
  });

  it("says it can't estimate with too few finished handoffs or nobody online", () => {
    const few = estimateWait({ position: 1, agentsOnline: 3, handlingSeconds: Array(MIN_SAMPLES - 1).fill(60) });
    expect(few).toMatchObject({ minutes: null, text: "We can't estimate the wait yet." });
    const nobody = estimateWait({ position: 1, agentsOnline: 0, handlingSeconds: [60, 60, 60, 60] });
    expect(nobody.minutes).toBeNull();
    expect(nobody.text).toMatch(/Nobody from the team is online right now/);
  });
});
