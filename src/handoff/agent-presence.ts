// Which agents have the console open, from their live event-stream connections, and the grace period: when an
// agent's last connection drops, their conversations stay theirs for `graceMs` (a page reload or a network blip
// costs nothing) and then go back to the queue. Timers are injected so tests drive them without sleeping.
import type { Logger } from '../logger.js';

export interface Timers {
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

export interface AgentPresence {
  /** Registers one live connection; call the returned function when it closes. */
  connect(agent: string): () => void;
  /** Agents with at least one live connection. */
  online(): number;
  isOnline(agent: string): boolean;
  /** Starts the grace period for an agent with no connection (e.g. conversations held across a restart). */
  startGrace(agent: string): void;
  /** Agents whose grace period is running. */
  pending(): string[];
  stop(): void;
}

export interface AgentPresenceDependencies {
  graceMs: number;
  /** Called once when an agent's grace period runs out; returns the conversations to the queue. */
  onExpire: (agent: string) => Promise<void>;
  timers?: Timers;
  logger?: Logger;
}

const realTimers: Timers = {
  setTimeout: (fn, ms) => setTimeout(fn, ms).unref(),
  clearTimeout: (handle) => clearTimeout(handle as NodeJS.Timeout),
};

export function createAgentPresence(deps: AgentPresenceDependencies): AgentPresence {
  const timers = deps.timers ?? realTimers;
  const connections = new Map<string, number>();
  const grace = new Map<string, unknown>();

  function cancelGrace(agent: string): void {
    const handle = grace.get(agent);
    if (handle === undefined) return;
    timers.clearTimeout(handle);
    grace.delete(agent);
  }

  function startGrace(agent: string): void {
    if ((connections.get(agent) ?? 0) > 0 || grace.has(agent)) return;
    const handle = timers.setTimeout(() => {
      grace.delete(agent);
      if ((connections.get(agent) ?? 0) > 0) return;
      deps.logger?.info('handoff.presence.grace_expired', { agent });
      deps.onExpire(agent).catch((err: unknown) => deps.logger?.error('handoff.presence.expire_failed', { agent, err }));
    }, deps.graceMs);
    grace.set(agent, handle);
  }

  return {
    connect(agent) {
      cancelGrace(agent);
      connections.set(agent, (connections.get(agent) ?? 0) + 1);
      let open = true;
      return () => {
        if (!open) return;
        open = false;
        const left = (connections.get(agent) ?? 1) - 1;
        if (left > 0) {
          connections.set(agent, left);
          return;
        }
        connections.delete(agent);
        startGrace(agent);
      };
    },
    online: () => connections.size,
    isOnline: (agent) => (connections.get(agent) ?? 0) > 0,
    startGrace,
    pending: () => [...grace.keys()],
    stop() {
      for (const agent of [...grace.keys()]) cancelGrace(agent);
    },
  };
}
