// Demo traffic for the reports dashboard: real turns through the real turn handler (NLU, policy, handoffs, store),
// never records written by hand. Messages are the held-out `tests` utterances of intents/, the out-of-scope probes
// and questions on topics the bot has no intent for (new-topic-questions.txt: what a manager labels and retrains
// on), some from signed-in demo customers, on both channels, at times spread over the last 30 days.
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { testExamples, loadIntentCatalog } from '../nlu/intent-catalog.js';
import { mulberry32 } from '../nlu/lexical/seeded-random.js';
import { OUT_OF_SCOPE_FILE, readLines } from '../nlu/live/live-training.js';
import type { IncomingMessage, TurnHandler } from '../dialogue/types.js';
import type { HandoffService } from '../handoff/handoff-service.js';
import type { Store } from '../store/ports.js';

export const simulateArgsSchema = z.object({
  conversations: z.coerce.number().int().min(1).max(100_000).default(300),
  seed: z.coerce.number().int().min(0).default(1),
  days: z.coerce.number().int().min(1).max(365).default(30),
});
export type SimulateOptions = z.infer<typeof simulateArgsSchema>;

/** Share of messages drawn from the probes and from new topics, of conversations by signed-in customers, on Teams. */
const OUT_OF_SCOPE_SHARE = 0.1;
const NEW_TOPIC_SHARE = 0.12;
const SIGNED_IN_SHARE = 0.4;
const TEAMS_SHARE = 0.25;
const AGENT_TAKES_SHARE = 0.8;
const DEMO_AGENT = 'agent';
const OUTCOMES = ['resolved', 'resolved', 'resolved', 'unresolved', 'follow_up'];

/** Next to this file (copied into dist/ by `npm run build`). */
const NEW_TOPIC_QUESTIONS = 'new-topic-questions.txt';
const HERE = fileURLToPath(new URL('.', import.meta.url));

export interface SimulationDeps {
  store: Store;
  /** Built with `clock.now` as its clock (see buildServer's `now`). */
  handleTurn: TurnHandler;
  /** Built with the same clock: a demo agent takes most queued conversations, so wait and handling times exist. */
  handoffs: Pick<HandoffService, 'claim' | 'close'>;
  clock: { set(at: Date): void };
  intentsDir: string;
  now: Date;
  progress?: (done: number, total: number) => void;
}

export async function simulateConversations(deps: SimulationDeps, options: SimulateOptions): Promise<{ conversations: number; messages: number }> {
  const random = mulberry32(options.seed);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(random() * xs.length)]!;
  const tests = testExamples(loadIntentCatalog(deps.intentsDir)).map((t) => t.text);
  const probes = readLines(deps.intentsDir, OUT_OF_SCOPE_FILE);
  const newTopics = readLines(HERE, NEW_TOPIC_QUESTIONS);
  const customers = (await deps.store.customers.list({ limit: 200 })).map((c) => c.id);
  let messages = 0;
  for (let i = 0; i < options.conversations; i++) {
    const start = deps.now.getTime() - random() * options.days * 86_400_000;
    const channel = random() < TEAMS_SHARE ? 'teams' : 'webchat';
    const userRef = customers.length > 0 && random() < SIGNED_IN_SHARE ? pick(customers) : undefined;
    const conversationId = `sim-${options.seed}-${i}`;
    const turns = 1 + Math.floor(random() * 3);
    for (let t = 0; t < turns; t++) {
      deps.clock.set(new Date(start + t * 45_000));
      const draw = random();
      // An intents/ without probes (or a build without the questions file) sends held-out tests instead.
      const source = draw < OUT_OF_SCOPE_SHARE && probes.length > 0 ? probes : draw >= OUT_OF_SCOPE_SHARE && draw < OUT_OF_SCOPE_SHARE + NEW_TOPIC_SHARE && newTopics.length > 0 ? newTopics : tests;
      const text = pick(source);
      const message: IncomingMessage = { channel, conversationId, text, ...(userRef ? { userRef } : {}) };
      await deps.handleTurn(message);
      messages++;
    }
    if ((await deps.store.conversations.get(conversationId))?.state === 'queued' && random() < AGENT_TAKES_SHARE) {
      const claimedAt = start + turns * 45_000 + 30_000 + random() * 600_000;
      deps.clock.set(new Date(claimedAt));
      await deps.handoffs.claim(conversationId, DEMO_AGENT);
      deps.clock.set(new Date(claimedAt + 120_000 + random() * 1_080_000));
      await deps.handoffs.close(conversationId, DEMO_AGENT, pick(OUTCOMES));
    }
    deps.progress?.(i + 1, options.conversations);
  }
  return { conversations: options.conversations, messages };
}
