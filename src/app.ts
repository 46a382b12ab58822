// The composition root: the one place that picks implementations and wires the object graph.
import { randomBytes } from 'node:crypto';
import { once } from 'node:events';
import { createRequire } from 'node:module';
import type { AddressInfo } from 'node:net';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createTeamsChannel } from './channels/teams/teams-channel.js';
import { createWebChatChannel } from './channels/webchat/webchat-channel.js';
import { loadConfig, loadConfigFromProcess, type Config } from './config/config.js';
import { loadChurnScorer } from './crm/churn-model-file.js';
import { CustomerProfileService } from './crm/customer-profiles.js';
import { loadRetailChurnModel } from './crm/retail-churn.js';
import { watchCustomerWrites } from './crm/watch-customer-writes.js';
import { loadOfferRules } from './recommend/retention-offers.js';
import { reliableOfferAccounts } from './reliability/offer-accounts.js';
import { seedDemoData } from './crm/demo-seed.js';
import { createResponseRenderer } from './dialogue/responses.js';
import { createTurnHandler } from './dialogue/turn-pipeline.js';
import type { Reply } from './dialogue/types.js';
import { createHandoffService } from './handoff/handoff-service.js';
import { createAgentPresence } from './handoff/agent-presence.js';
import { createHandoffDesk } from './handoff/handoff-desk.js';
import { createHandoffEvents } from './handoff/handoff-events.js';
import { returnAgentConversations } from './handoff/live-lists.js';
import { startQueueNotifier } from './handoff/queue-notifier.js';
import { createSuggestedReplies } from './handoff/suggested-replies.js';
import { withHandoffEvents } from './handoff/turn-events.js';
import { createWorkingHours } from './handoff/working-hours.js';
import { createHttpApp } from './http/http-app.js';
import { answerClientError } from './http/client-error.js';
import { createLogger, type Logger } from './logger.js';
import { createEntityExtractor } from './nlu/entities.js';
import { liveIntentTrainer } from './nlu/live/live-trainer.js';
import { loadLiveModel } from './nlu/live/live-model-loading.js';
import { createLiveUnderstanding, LiveModelHolder } from './nlu/live/live-understanding.js';
import { createRetrainService } from './nlu/live/retrain-service.js';
import { createSessionTokens } from './security/session-tokens.js';
import { createAuditTrail } from './security/audit-trail.js';
import { ensureDemoUsers } from './security/user-service.js';
import { createStore } from './store/create-store.js';
import { accountUnavailableReply, currentDegradedReads, degradedInsights, degradedTurnStore, trackDegradation } from './reliability/degraded-store.js';
import { closeBackground, closeGracefully, trackInFlight } from './reliability/graceful-shutdown.js';
import { createOutboxDrainer } from './reliability/outbox-drainer.js';
import { FileOutbox } from './reliability/outbox.js';
import { guardStore } from './reliability/store-guard.js';
import { cipherFromConfig } from './security/field-encryption.js';
import type { Store } from './store/ports.js';

const here = dirname(fileURLToPath(import.meta.url));
/** chart.js's browser build, served to the reports dashboard from the installed package (works from src/ and dist/). */
const chartJsDir = dirname(createRequire(import.meta.url).resolve('chart.js')); // the package's dist/ folder

export interface RunningServer {
  url: string;
  config: Config;
  store: Store;
  /** Writes waiting for the store (0 when all is well). */
  outboxDepth(): number;
  close(): Promise<void>;
}

/** Seeds the demo CRM on an empty store and creates demo staff accounts outside production. */
async function prepareDemo(config: Config, store: Store, logger: Logger): Promise<void> {
  if (config.seedDemoData && (await store.customers.count()) === 0) {
    const seeded = await seedDemoData(store, { now: new Date(), logger });
    logger.info('demo.seeded', { customers: seeded.customers, orders: seeded.orders, products: seeded.products });
  }
  if (config.env !== 'production') {
    const users = await ensureDemoUsers(store.users);
    logger.info('demo.users', { note: 'demo staff accounts (not created in production)', users: users.map((u) => `${u.username} / ${u.password} (${u.role})`) });
  }
}

/** `now` lets the conversation simulator (reports demo data) run turns at past times. */
export async function buildServer(config: Config, logger: Logger, options: { now?: () => Date } = {}) {
  const cipher = cipherFromConfig(config.dataEncryption);
  if (!cipher) logger[config.env === 'production' ? 'error' : 'warn']('store.encryption.off', { note: 'DATA_ENCRYPTION_KEY is not set: customer names, e-mails and phones are stored in the clear' });
  if (config.env === 'production' && config.webchatIdentity.demoSignIn) logger.error('webchat.demo_sign_in.on', { note: 'WEBCHAT_DEMO_SIGN_IN=true: anyone can chat as any customer by typing their id or e-mail' });
  const rawStore = await createStore({ dataDir: config.dataDir, mongo: config.mongo, logger, cipher });
  let profiles: CustomerProfileService | null = null;
  // Every store call gets a deadline and a circuit breaker; the customer's turn sees a store that degrades instead of
  // failing, with the writes it could not make kept in the durable outbox until the drainer delivers them. Writes
  // made through the app also update cached customer profiles as they happen.
  const { store, health } = guardStore(watchCustomerWrites(rawStore, () => profiles), { timeoutMs: config.storeTimeoutMs, logger });
  const outbox = FileOutbox.open(config.dataDir, logger);
  const drainer = createOutboxDrainer({ outbox, store, health, logger, maxDelayMs: config.outboxRetryMaxMs });
  const turnStore = degradedTurnStore({ store, outbox, drainer, logger });
  // Start-up's bulk work (seeding) is not a customer's call: it runs without the per-call deadline.
  await prepareDemo(config, rawStore, logger);

  const products = await store.products.list({ limit: 5000 });
  // The intent trainer is picked in one place: src/nlu/live/live-trainer.ts (also used by `npm run train`).
  const trainer = liveIntentTrainer();
  const loaded = await loadLiveModel({ modelsDir: config.modelsDir, intentsDir: config.intentsDir, trainer, logger, labels: () => store.labels.list() });
  const holder = new LiveModelHolder(loaded.model);
  // intents/ is read once at start: the live model's loader parsed it and hands the catalog (replies) on.
  const { catalog } = loaded.data;
  const nlu = createLiveUnderstanding(holder, createEntityExtractor({ productNames: products.map((p) => p.name) }), {
    thresholdOverride: config.nluConfidenceThreshold,
  });
  const training = createRetrainService({ holder, labels: store.labels, intentsDir: config.intentsDir, modelsDir: config.modelsDir, logger });
  const churnModel = loadChurnScorer(config.modelsDir, logger);
  const retailChurnModel = loadRetailChurnModel(config.modelsDir, logger);
  profiles = new CustomerProfileService({ store, churnModel, retailChurnModel, logger, modelStore: rawStore });
  await profiles.refresh((p) => {
    if (p.total > 5000) logger.info('crm.segments.progress', { ...p });
  });
  profiles.schedule(config.profileRefreshMinutes);
  const insights = profiles;
  const handoffEvents = createHandoffEvents({ onListenerError: (err) => logger.error('handoff.events.listener_failed', { err }) });
  // The grace period's expiry needs the handoff service, built below with the Teams channel; it runs long after.
  const presence = createAgentPresence({
    graceMs: config.handoffDesk.graceSeconds * 1000,
    onExpire: async (agent) => void (await returnAgentConversations(store, handoffs, agent)),
    logger,
  });
  const handoffDesk = createHandoffDesk({
    store: turnStore,
    hours: createWorkingHours(config.handoffDesk.hours, config.handoffDesk.timeZone),
    agentsOnline: () => presence.online(),
    events: handoffEvents,
    logger,
  });
  const renderer = createResponseRenderer(catalog);
  const handleTurn = withHandoffEvents(trackDegradation(createTurnHandler({
    store: turnStore,
    nlu,
    insights: degradedInsights(insights, logger),
    renderer,
    exampleFor: (intent) => catalog.byName.get(intent)?.examples[0],
    logger,
    redactStoredText: config.redactStoredText,
    siteSignIn: !config.webchatIdentity.demoSignIn,
    handoffTriggers: config.handoffTriggers,
    handoffDesk,
    degradedReads: currentDegradedReads,
    accountUnavailableReply,
    now: options.now,
    retention: { rules: loadOfferRules(config.retentionOffersFile), highValue: config.highValueAtRisk },
    // Accepted offers go onto the customer record through the guarded store, or the outbox while it is down.
    offerAccounts: reliableOfferAccounts({ store, outbox, drainer, logger, now: options.now }),
  })), handoffEvents);

  const teams = createTeamsChannel({
    appId: config.microsoft.appId,
    appPassword: config.microsoft.appPassword,
    tenantId: config.microsoft.tenantId,
    appType: config.microsoft.appType,
    handleTurn,
    logger,
  });
  const sendToChannel = (reference: Record<string, unknown>, replies: Reply[]) => teams.sendProactive(reference, replies);
  const handoffs = createHandoffService({ store, sendToChannel, events: handoffEvents, now: options.now });
  const notifier = startQueueNotifier({ store, events: handoffEvents, desk: handoffDesk, sendToChannel, logger });
  // Conversations held when the process stopped: their agents get the grace period to come back.
  for (const c of await store.conversations.listByState('assigned', { limit: 1000 })) if (c.assignedAgent) presence.startGrace(c.assignedAgent);
  const secret = config.sessionSecret ?? randomBytes(32).toString('hex');
  const app = createHttpApp({
    logger,
    users: store.users,
    tokens: createSessionTokens(secret, config.sessionTtlMinutes),
    webChat: createWebChatChannel({ store: turnStore, handleTurn, identity: config.webchatIdentity }),
    handoffs,
    agentConsole: { store, insights, events: handoffEvents, presence, suggestReplies: createSuggestedReplies({ store, nlu, insights, renderer }) },
    customerProfiles: { profiles },
    botFramework: (req, res) => teams.handle(req, res),
    training: { labels: store.labels, service: training, classify: async (text) => (await nlu.understand(text)).intent },
    // Reports are long read-only aggregations, not a customer's call: they skip the per-call deadline of the guard.
    reports: { store: rawStore },
    readiness: [
      { name: 'store', check: () => store.ping() },
      { name: 'intent-model', check: async () => void nlu.intents.length },
      { name: 'outbox', check: async () => ({ depth: outbox.depth, storeUp: health.up }) },
    ],
    staticDirs: [
      { mount: '/shared', dir: join(here, 'ui', 'shared') },
      { mount: '/agent', dir: join(here, 'ui', 'agent') },
      { mount: '/reports', dir: join(here, 'ui', 'reports') },
      { mount: '/vendor/chart.js', dir: chartJsDir },
      { mount: '/', dir: join(here, 'ui', 'webchat') },
    ],
    trustProxy: config.trustProxy,
    rateLimits: config.rateLimits,
    audit: { store, trail: createAuditTrail({ store, logger }) },
  });
  logger.info('app.ready', { store: store.kind, intents: nlu.intents.length, teamsAuth: teams.authEnabled, churnModel: churnModel !== null });
  const stopHandoff = () => {
    presence.stop();
    notifier.stop();
    profiles.stop();
  };
  /** Closes everything but an HTTP server (the CLI's simulate builds the graph without one). */
  const close = async () => {
    stopHandoff();
    await closeBackground({ timeoutMs: config.shutdownTimeoutMs, drainer, outbox, store });
  };
  return { app, store, nlu, teams, handleTurn, handoffs, handoffEvents, presence, notifier, profiles, stopHandoff, outbox, drainer, close };
}

/** Starts the HTTP server; `env` defaults to the process environment. */
export async function startServer(options: { env?: Record<string, string | undefined>; logger?: Logger } = {}): Promise<RunningServer> {
  const config = options.env ? loadConfig(options.env) : loadConfigFromProcess();
  const logger = options.logger ?? createLogger(config.logLevel);
  const { app, store, stopHandoff, outbox, drainer } = await buildServer(config, logger);
  const server = app.listen(config.port, config.host);
  server.on('clientError', answerClientError);
  const inFlight = trackInFlight(server);
  await once(server, 'listening');
  const { port } = server.address() as AddressInfo;
  const host = config.host === '0.0.0.0' || config.host === '::' ? '127.0.0.1' : config.host;
  const url = `http://${host}:${port}`;
  logger.info('http.listening', { url });
  return {
    url,
    config,
    store,
    outboxDepth: () => outbox.depth,
    async close() {
      stopHandoff();
      await closeGracefully({ server, inFlight, timeoutMs: config.shutdownTimeoutMs, drainer, outbox, store, logger });
    },
  };
}
