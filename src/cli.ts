// Operator commands: train, import, user. Human-readable output; with --json the last stdout line is one JSON object.
import { basename } from 'node:path';
import { parseArgs } from 'node:util';
import { isAppError, AppError } from './app-error.js';
import { loadConfigFromProcess, type Config } from './config/config.js';
import { packageTeamsManifest } from './channels/teams/manifest-package.js';
import { formatImportSummary, runImportCommand } from './crm/import-cli.js';
import { runChurnEvalCommand } from './crm/churn-eval.js';
import { readTelcoLabelled, trainAndSaveChurnModel } from './crm/churn-training.js';
import { loadDemoSample } from './crm/demo-seed.js';
import type { SubscriptionAttributes } from './store/ports.js';
import { createLogger, type Logger } from './logger.js';
import { runNluEvalCommand } from './nlu/evaluate.js';
import { trainIntentModel } from './nlu/train.js';
import { runRecommendEvalCommand } from './recommend/evaluate.js';
import { addUser } from './security/user-service.js';
import { createStore } from './store/create-store.js';
import { runReportCommand, runSimulateCommand } from './reports/report-cli.js';
import { buildServer } from './app.js';
import type { Store } from './store/ports.js';

interface CommandContext {
  args: string[];
  json: boolean;
  config: Config;
  logger: Logger;
  out: (line: string) => void;
}

type Command = (ctx: CommandContext) => Promise<unknown>;

async function withStore<T>(ctx: CommandContext, work: (store: Store) => Promise<T>): Promise<T> {
  const store = await createStore({ dataDir: ctx.config.dataDir, mongo: ctx.config.mongo, logger: ctx.logger });
  try {
    return await work(store);
  } finally {
    await store.close();
  }
}

const commands: Record<string, { usage: string; run: Command }> = {
  train: {
    usage: 'train                       rebuild the intent model in models/ from intents/ (held-out figures printed)',
    run: async (ctx) => {
      const intent = await trainIntentModel({ intentsDir: ctx.config.intentsDir, modelsDir: ctx.config.modelsDir, logger: ctx.logger, out: ctx.out });
      return { intent: intent.metrics, threshold: intent.threshold, path: intent.path };
    },
  },
  'churn-train': {
    usage: 'churn-train [--data <telco csv>]   train the churn model (default: the demo sample) with 5-fold ROC-AUC',
    run: async (ctx) => {
      const { values } = parseArgs({ args: ctx.args, options: { data: { type: 'string' } } });
      const rows = values.data
        ? await readTelcoLabelled(values.data)
        : loadDemoSample().customers.map((c) => {
            const attributes = c.subscription as unknown as SubscriptionAttributes;
            return { attributes, churned: attributes.churned === true };
          });
      const result = await trainAndSaveChurnModel({ rows, source: values.data ? basename(values.data) : 'demo sample', modelsDir: ctx.config.modelsDir, logger: ctx.logger, out: ctx.out });
      return result.metrics;
    },
  },
  import: {
    usage: 'import telco <csv> | import retail <transactions.csv> [--customers <csv>]',
    run: (ctx) =>
      withStore(ctx, async (store) => {
        const summary = await runImportCommand(ctx.args, {
          store,
          progress: (line) => process.stderr.write(`\r${line}`),
        });
        process.stderr.write('\n');
        ctx.out(formatImportSummary(summary));
        return summary;
      }),
  },
  'teams-package': {
    usage: 'teams-package --app-id <guid> --public-url https://host [--out concierge-teams.zip] [--version 1.0.0]',
    run: async (ctx) => {
      const { values } = parseArgs({
        args: ctx.args,
        options: { 'app-id': { type: 'string' }, 'public-url': { type: 'string' }, out: { type: 'string' }, version: { type: 'string' } },
      });
      const result = await packageTeamsManifest({
        appId: values['app-id'] ?? '',
        publicUrl: values['public-url'] ?? '',
        outFile: values.out ?? 'concierge-teams.zip',
        ...(values.version ? { version: values.version } : {}),
      });
      ctx.out(`Wrote the Teams app package ${result.outFile} — upload it in Teams (Apps → Manage your apps → Upload a custom app).`);
      return { outFile: result.outFile };
    },
  },
  'nlu-eval': {
    usage: 'nlu-eval --train T.jsonl --test S.jsonl [--val V.jsonl] [--oos-label oos]   train, tune, evaluate intent models',
    run: (ctx) => runNluEvalCommand(ctx.args, ctx.out),
  },
  'churn-eval': {
    usage: 'churn-eval --data <telco csv> [--folds 5]   stratified k-fold ROC-AUC, Brier, log-loss vs a tenure-only baseline',
    run: (ctx) => runChurnEvalCommand(ctx.args, ctx.out),
  },
  'recommend-eval': {
    usage: 'recommend-eval --data <transactions csv> [--ease]   offline HR@10 / NDCG@10 of the hybrid vs popularity and item-kNN',
    run: (ctx) => runRecommendEvalCommand(ctx.args, ctx.out),
  },
  report: {
    usage: 'report [--from YYYY-MM-DD] [--to YYYY-MM-DD] [--channel webchat|teams] [--segment S] [--format md|csv|json] [--out FILE]   the reports digest',
    run: (ctx) => withStore(ctx, (store) => runReportCommand(ctx.args, store, ctx.out)),
  },
  simulate: {
    usage: 'simulate [--conversations 300] [--seed 1] [--days 30]   real turns from the held-out tests and out-of-scope probes, spread over past days',
    run: (ctx) => runSimulateCommand(ctx.args, { build: (now) => buildServer(ctx.config, ctx.logger, { now }), intentsDir: ctx.config.intentsDir, out: ctx.out }),
  },
  user: {
    usage: 'user add --username U --password P --role agent|manager|admin',
    run: (ctx) =>
      withStore(ctx, async (store) => {
        const { positionals, values } = parseArgs({
          args: ctx.args,
          allowPositionals: true,
          options: { username: { type: 'string' }, password: { type: 'string' }, role: { type: 'string' } },
        });
        if (positionals[0] !== 'add') throw new AppError('USAGE', 'usage: user add --username U --password P --role agent|manager|admin');
        const result = await addUser(store.users, { username: values.username ?? '', password: values.password ?? '', role: values.role ?? '' });
        ctx.out(`${result.created ? 'Created' : 'Updated'} user ${result.username} (${result.role}).`);
        return result;
      }),
  },
};

function usage(): string {
  return ['Usage: npm run cli -- <command> [options] [--json]', '', ...Object.values(commands).map((c) => `  ${c.usage}`)].join('\n');
}

async function main(argv: string[]): Promise<number> {
  const json = argv.includes('--json');
  const rest = argv.filter((a) => a !== '--json');
  const [name, ...args] = rest;
  const command = name ? commands[name] : undefined;
  if (!command) {
    console.error(name ? `Unknown command "${name}".\n\n${usage()}` : usage());
    return 2;
  }
  const config = loadConfigFromProcess();
  // Logs go to stderr so stdout stays for results (and the final JSON line).
  const logger = createLogger(config.logLevel === 'info' ? 'warn' : config.logLevel, process.stderr);
  const result = await command.run({ args, json, config, logger, out: (line) => console.log(line) });
  if (json) console.log(JSON.stringify(result));
  return 0;
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    if (isAppError(error)) console.error(`Error [${error.code}]: ${error.message}`);
    else console.error(error);
    process.exit(1);
  },
);
