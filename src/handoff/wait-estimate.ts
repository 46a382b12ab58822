// An honest waiting-time estimate for a customer in the queue: from how long agents took over recently finished
// handoffs and how many agents have the console open. Without enough data it says so instead of guessing.

/** Below this many finished handoffs a median is too noisy to quote to a customer. */
export const MIN_SAMPLES = 3;
/** How many recent handoffs the median is taken over. */
export const RECENT_HANDOFFS = 50;

export interface WaitEstimate {
  /** Estimated minutes, or null when we cannot estimate. */
  minutes: number | null;
  /** Median handling time in seconds of the recent handoffs, when there were enough. */
  medianHandlingSeconds: number | null;
  samples: number;
  agentsOnline: number;
  /** A sentence for the customer. */
  text: string;
}

export function median(values: number[]): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? (sorted[mid] ?? 0) : ((sorted[mid - 1] ?? 0) + (sorted[mid] ?? 0)) / 2;
}

/**
 * Each online agent finishes about one conversation per median handling time, so the customer at `position` waits
 * about position × median / agents. Rounded up to whole minutes: an estimate that errs short breaks trust faster.
 */
export function estimateWait(input: { position: number; agentsOnline: number; handlingSeconds: number[] }): WaitEstimate {
  const samples = input.handlingSeconds.length;
  const base = { samples, agentsOnline: input.agentsOnline };
  if (input.agentsOnline <= 0) {
    return { ...base, minutes: null, medianHandlingSeconds: null, text: "Nobody from the team is online right now, so we can't estimate the wait yet." };
  }
  const med = samples >= MIN_SAMPLES ? median(input.handlingSeconds) : null;
  if (med === null) return { ...base, minutes: null, medianHandlingSeconds: null, text: "We can't estimate the wait yet." };
  const minutes = Math.max(1, Math.ceil((Math.max(1, input.position) * med) / input.agentsOnline / 60));
  const text = minutes === 1 ? 'The wait should be about a minute.' : `The wait should be about ${minutes} minutes.`;
  return { ...base, minutes, medianHandlingSeconds: med, text };
}
