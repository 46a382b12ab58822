// Operator commands: train, import, user. Human-readable output; with --json the last stdout line is one JSON object.
import { basename } from 'node:path';
import { parseArgs } from 'node:util';
import { isAppError, AppError } from './app-error.js';
import { loadConfigFromProcess, type Config } from './config/config.js';
import { packageTeamsManifest } from './channels/teams/manifest-package.js';
import { formatImportSummary, runImportCommand } from './crm/import-cli.js';
import { runChurnEvalCommand } from './crm/churn-eval.js';
import { readTelcoLabelled } from './crm/churn-training.js';
import { trainAndSaveBlend } from './crm/churn-model-file.js';
import { loadDemoSample } from './crm/demo-seed.js';
import type { SubscriptionAttributes } from './store/ports.js';
import { createLogger, type Logger } from './logger.js';
import { runNluEvalCommand } from './nlu/evaluate.js';
import { trainIntentModel } from './nlu/train.js';
import { runRecommendEvalCommand } from './recommend/evaluate.js';
import { addUser } from './security/user-service.js';
import { signCustomerIdentity } from './security/customer-identity.js';
import { createAuditTrail } from './security/audit-trail.js';
import { createStore } from './store/create-store.js';
import { runReportCommand, runSimulateCommand } from './reports/report-cli.js';
import { buildServer } from './app.js';
import type { Store } from './store/ports.js';
import { cipherFromConfig } from './security/field-encryption.js';
import { rotateKeys } from './security/key-rotation.js';
import { erasurePreview, exportCustomer, forgetCustomer } from './security/customer-privacy.js';
import { FileOutbox } from './reliability/outbox.js';
import { writeFileSync } from 'node:fs';
import { userInfo } from 'node:os';
import { z } from 'zod';

interface CommandContext {
  args: string[];
  json: boolean;
  config: Config;
  logger: Logger;
  out: (line: string) => void;
}

type Command = (ctx: CommandContext) => Promise<unknown>;

async function withStore<T>(ctx: CommandContext, work: (store: Store) => Promise<T>): Promise<T> {
  const store = await createStore({ dataDir: ctx.config.dataDir, mongo: ctx.config.mongo, logger: ctx.logger, cipher: cipherFromConfig(ctx.config.dataEncryption) });
  try {
    return await work(store);
  } finally {
    await store.close();
  }
}

const customerIdSchema = z.string().trim().min(1).max(200);

function customerIdArg(positionals: string[], usageLine: string): string {
  const parsed = customerIdSchema.safeParse(positionals[0]);
  if (!parsed.success || positionals.length !== 1) throw new AppError('USAGE', usageLine);
  return parsed.data;
}

/** The store and this machine's outbox (locked, so a running server on the same DATA_DIR is refused), with the actor. */
async function withPrivacy<T>(ctx: CommandContext, work: (store: Store, outbox: FileOutbox, actor: string) => Promise<T>): Promise<T> {
  return withStore(ctx, async (store) => {
    const outbox = FileOutbox.open(ctx.config.dataDir, ctx.logger);
    try {
      return await work(store, outbox, `cli:${userInfo().username}`);
    } finally {
      outbox.close();
    }
  });
}

const commands: Record<string, { usage: string; run: Command }> = {
  train: {
    usage: 'train [--force]             rebuild the intent model in models/ from intents/ + approved labels (refuses when accuracy drops)',
    run: async (ctx) => {
      const { values } = parseArgs({ args: ctx.args, options: { force: { type: 'boolean' } } });
      const labels = await withStore(ctx, (store) => store.labels.list());
      const result = await trainIntentModel({ intentsDir: ctx.config.intentsDir, modelsDir: ctx.config.modelsDir, logger: ctx.logger, out: ctx.out, labels, force: values.force ?? false });
      if (!result.replaced) throw new AppError('MODEL_NOT_REPLACED', `the model file was not replaced: ${result.reason}`);
      return { replaced: result.replaced, reason: result.reason, version: result.file.version, metrics: { ...result.file.metrics, perIntent: undefined, confusions: undefined }, threshold: result.file.threshold, sizeBytes: result.sizeBytes };
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
      const result = trainAndSaveBlend({ rows, source: values.data ? basename(values.data) : 'demo sample', modelsDir: ctx.config.modelsDir, logger: ctx.logger, out: ctx.out });
      return { version: result.file.version, path: result.path, ...result.file.metrics };
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
    usage: 'nlu-eval --train T.jsonl --test S.jsonl [--val V.jsonl] [--oos-label oos] [--encoder-dir DIR]   train, tune, evaluate intent models',
    run: (ctx) => runNluEvalCommand(ctx.args, ctx.out, ctx.config.encoder),
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
    usage: 'simulate [--conversations 300] [--seed 1] [--days 30]   real turns from the held-out tests, out-of-scope probes and new-topic questions, spread over past days',
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
        await createAuditTrail({ store, logger: ctx.logger }).record('operator (cli)', 'user.saved', undefined, { username: result.username, role: result.role, created: result.created });
        ctx.out(`${result.created ? 'Created' : 'Updated'} user ${result.username} (${result.role}).`);
        return result;
      }),
  },
  'identity-token': {
    usage: 'identity-token <customer id or e-mail> [--minutes 15]   a signed web chat identity (WEBCHAT_IDENTITY_SECRET), for testing a shop integration',
    run: async (ctx) => {
      const { positionals, values } = parseArgs({ args: ctx.args, allowPositionals: true, options: { minutes: { type: 'string' } } });
      const ref = customerIdArg(positionals, 'usage: identity-token <customer id or e-mail> [--minutes 15]');
      const secret = ctx.config.webchatIdentity.identitySecret;
      if (!secret) throw new AppError('USAGE', 'WEBCHAT_IDENTITY_SECRET is not set (at least 32 characters, the secret the shop\'s site signs with)');
      const minutes = values.minutes === undefined ? 15 : Number(values.minutes);
      const token = signCustomerIdentity(ref, secret, { lifetimeSeconds: Math.round(minutes * 60) });
      ctx.out(token);
      return { customerRef: ref, minutes, token };
    },
  },
  'rotate-keys': {
    usage: 'rotate-keys                 re-encrypt customers\' personal fields with DATA_ENCRYPTION_KEY (old keys in DATA_ENCRYPTION_KEYS_OLD)',
    run: (ctx) =>
      withStore(ctx, async (store) => {
        const result = await rotateKeys(store, cipherFromConfig(ctx.config.dataEncryption), ctx.logger);
        ctx.out(`Re-encrypted ${result.customers} customers with key ${result.keyId}.`);
        return result;
      }),
  },
  'export-customer': {
    usage: 'export-customer <id> [--out file] [--actor name]   everything stored about a customer, as JSON (access request)',
    run: (ctx) =>
      withPrivacy(ctx, async (store, outbox, actor) => {
        const { positionals, values } = parseArgs({ args: ctx.args, allowPositionals: true, options: { out: { type: 'string' }, actor: { type: 'string' } } });
        const id = customerIdArg(positionals, 'usage: export-customer <id> [--out file]');
        const data = await exportCustomer(store, id, { actor: values.actor ?? actor, outbox });
        const text = `${JSON.stringify(data, null, 2)}\n`;
        if (values.out) {
          writeFileSync(values.out, text, { mode: 0o600 });
          ctx.out(`Wrote everything stored about customer ${id} to ${values.out}.`);
        } else if (!ctx.json) process.stdout.write(text);
        return { customerId: id, out: values.out ?? null, orders: data.orders.length, conversations: data.conversations.length, interactions: data.interactions.length, pending: data.pending.length };
      }),
  },
  'forget-customer': {
    usage: 'forget-customer <id> [--yes] [--actor name]   erase a customer: delete or anonymise every copy (erasure request)',
    run: (ctx) =>
      withPrivacy(ctx, async (store, outbox, actor) => {
        const { positionals, values } = parseArgs({ args: ctx.args, allowPositionals: true, options: { yes: { type: 'boolean' }, actor: { type: 'string' } } });
        const id = customerIdArg(positionals, 'usage: forget-customer <id> [--yes]');
        if (!values.yes) {
          const preview = await erasurePreview(store, id, outbox);
          ctx.out(`Would erase customer ${id}: ${Object.entries(preview).map(([k, v]) => `${k} ${v}`).join(', ')}. Run again with --yes to erase.`);
          return { customerId: id, erased: false, preview };
        }
        const result = await forgetCustomer(store, id, { actor: values.actor ?? actor, outbox, logger: ctx.logger });
        ctx.out(`Erased customer ${id} (erasure reference ${result.erasureId}): ${Object.entries(result.counts).map(([k, v]) => `${k} ${v}`).join(', ')}.`);
        return { erased: true, ...result };
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
