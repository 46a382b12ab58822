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
import { createCustomerInsights } from './crm/customer-insights.js';
import { loadChurnModel } from './crm/churn-model.js';
import { seedDemoData } from './crm/demo-seed.js';
import { createResponseRenderer } from './dialogue/responses.js';
import { createTurnHandler } from './dialogue/turn-pipeline.js';
import { createHandoffService } from './handoff/handoff-service.js';
import { createHttpApp } from './http/http-app.js';
import { createLogger, type Logger } from './logger.js';
import { loadIntentCatalog } from './nlu/intent-catalog.js';
import { loadLanguageUnderstanding } from './nlu/nlu-service.js';
import { createSessionTokens } from './security/session-tokens.js';
import { ensureDemoUsers } from './security/user-service.js';
import { createStore } from './store/create-store.js';
import type { Store } from './store/ports.js';

const here = dirname(fileURLToPath(import.meta.url));
/** chart.js's browser build, served to the reports dashboard from the installed package (works from src/ and dist/). */
const chartJsDir = dirname(createRequire(import.meta.url).resolve('chart.js')); // the package's dist/ folder

export interface RunningServer {
  url: string;
  config: Config;
  store: Store;
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
  const store = await createStore({ dataDir: config.dataDir, mongo: config.mongo, logger });
  await prepareDemo(config, store, logger);

  const catalog = loadIntentCatalog(config.intentsDir);
  const products = await store.products.list({ limit: 5000 });
  const nlu = await loadLanguageUnderstanding({
    modelsDir: config.modelsDir,
    productNames: products.map((p) => p.name),
    thresholdOverride: config.nluConfidenceThreshold,
  });
  const churnModel = await loadChurnModel(config.modelsDir, logger);
  const insights = createCustomerInsights({ store, churnModel });
  const handleTurn = createTurnHandler({
    store,
    nlu,
    insights,
    renderer: createResponseRenderer(catalog),
    exampleFor: (intent) => catalog.byName.get(intent)?.examples[0],
    logger,
    redactStoredText: config.redactStoredText,
    handoffTriggers: config.handoffTriggers,
    now: options.now,
  });

  const teams = createTeamsChannel({
    appId: config.microsoft.appId,
    appPassword: config.microsoft.appPassword,
    tenantId: config.microsoft.tenantId,
    appType: config.microsoft.appType,
    handleTurn,
    logger,
  });
  const handoffs = createHandoffService({ store, sendToChannel: (reference, replies) => teams.sendProactive(reference, replies), now: options.now });
  const secret = config.sessionSecret ?? randomBytes(32).toString('hex');
  const app = createHttpApp({
    logger,
    users: store.users,
    tokens: createSessionTokens(secret, config.sessionTtlMinutes),
    webChat: createWebChatChannel({ store, handleTurn }),
    handoffs,
    agentConsole: { store, insights },
    botFramework: (req, res) => teams.handle(req, res),
    reports: { store },
    readiness: [
      { name: 'store', check: () => store.ping() },
      { name: 'intent-model', check: async () => void nlu.intents.length },
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
  });
  logger.info('app.ready', { store: store.kind, intents: nlu.intents.length, teamsAuth: teams.authEnabled, churnModel: churnModel !== null });
  return { app, store, teams, handleTurn, handoffs };
}

/** Starts the HTTP server; `env` defaults to the process environment. */
export async function startServer(options: { env?: Record<string, string | undefined>; logger?: Logger } = {}): Promise<RunningServer> {
  const config = options.env ? loadConfig(options.env) : loadConfigFromProcess();
  const logger = options.logger ?? createLogger(config.logLevel);
  const { app, store } = await buildServer(config, logger);
  const server = app.listen(config.port, config.host);
  await once(server, 'listening');
  const { port } = server.address() as AddressInfo;
  const host = config.host === '0.0.0.0' || config.host === '::' ? '127.0.0.1' : config.host;
  const url = `http://${host}:${port}`;
  logger.info('http.listening', { url });
  return {
    url,
    config,
    store,
    async close() {
      await new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeAllConnections();
      await store.close();
    },
  };
}
