// Where a turn's time goes: runs turns in-process, one at a time, with every store call timed by collection and
// method and the NLU timed inside the same turns (its understand() is wrapped on the object the pipeline holds).
// What is left is the pipeline's own work (context, policy, rendering, ids) and the event loop. CPU time is reported
// too: wall time includes file I/O waits.
import type { TurnHandler } from '../../src/dialogue/types.js';
import type { LanguageUnderstanding } from '../../src/nlu/types.js';
import type { Store } from '../../src/store/ports.js';

export interface StageRow {
  stage: string;
  msPerTurn: number;
  share: string;
}

/** Replaces each method of each store port with a timed wrapper; returns the per-call totals. */
function timeStore(store: Store): Map<string, { calls: number; ms: number }> {
  const totals = new Map<string, { calls: number; ms: number }>();
  for (const [portName, port] of Object.entries(store)) {
    if (!port || typeof port !== 'object') continue;
    const methods = port as Record<string, unknown>;
    for (const [name, fn] of Object.entries(methods)) {
      if (typeof fn !== 'function') continue;
      const key = `store ${portName}.${name}`;
      methods[name] = async (...a: unknown[]) => {
        const started = performance.now();
        try {
          return await (fn as (...x: unknown[]) => Promise<unknown>).apply(port, a);
        } finally {
          const t = totals.get(key) ?? { calls: 0, ms: 0 };
          t.calls += 1;
          t.ms += performance.now() - started;
          totals.set(key, t);
        }
      };
    }
  }
  return totals;
}

/** Times every understand() call made on this object, including the ones the turn pipeline makes. */
function timeNlu(nlu: LanguageUnderstanding): { ms: number } {
  const time = { ms: 0 };
  const understand = nlu.understand.bind(nlu);
  nlu.understand = async (text: string) => {
    const started = performance.now();
    try {
      return await understand(text);
    } finally {
      time.ms += performance.now() - started;
    }
  };
  return time;
}

export async function profileTurnStages(deps: { store: Store; handleTurn: TurnHandler; nlu: LanguageUnderstanding; messages: string[]; turns: number; perConversation: number }) {
  const totals = timeStore(deps.store);
  const nluTime = timeNlu(deps.nlu);
  const customers = (await deps.store.customers.list({ limit: 8 })).map((c) => c.id);
  // Warm-up, then reset the counters.
  for (let i = 0; i < 100; i++) await deps.handleTurn({ channel: 'webchat', conversationId: `warm-${Math.floor(i / deps.perConversation)}`, text: deps.messages[i % deps.messages.length]! });
  totals.clear();
  nluTime.ms = 0;

  const cpuStarted = process.cpuUsage();
  const started = performance.now();
  for (let i = 0; i < deps.turns; i++) {
    const c = Math.floor(i / deps.perConversation);
    await deps.handleTurn({ channel: 'webchat', conversationId: `stage-${c}`, userRef: c % 2 === 0 ? customers[c % customers.length] : undefined, text: deps.messages[i % deps.messages.length]! });
  }
  const turnMs = (performance.now() - started) / deps.turns;
  const cpu = process.cpuUsage(cpuStarted);
  const cpuMs = (cpu.user + cpu.system) / 1000 / deps.turns;
  const nluMs = nluTime.ms / deps.turns;

  const round = (x: number) => Math.round(x * 1000) / 1000;
  const share = (x: number) => `${Math.round((x / turnMs) * 1000) / 10}%`;
  const storeRows = [...totals.entries()].map(([stage, t]) => ({ stage: `${stage} (${round(t.calls / deps.turns)} calls)`, ms: t.ms / deps.turns })).sort((a, b) => b.ms - a.ms);
  const storeMs = storeRows.reduce((sum, r) => sum + r.ms, 0);
  const rows: StageRow[] = [
    { stage: 'whole turn (handleTurn), wall time', msPerTurn: round(turnMs), share: '100%' },
    { stage: 'whole turn, CPU time (user + system)', msPerTurn: round(cpuMs), share: share(cpuMs) },
    { stage: 'NLU understand (classifier + entities)', msPerTurn: round(nluMs), share: share(nluMs) },
    { stage: 'store, all calls', msPerTurn: round(storeMs), share: share(storeMs) },
    ...storeRows.slice(0, 8).map((r) => ({ stage: `  ${r.stage}`, msPerTurn: round(r.ms), share: share(r.ms) })),
    { stage: 'rest (context, policy, replies, ids, event loop)', msPerTurn: round(turnMs - nluMs - storeMs), share: share(turnMs - nluMs - storeMs) },
  ];
  return { turns: deps.turns, rows };
}
