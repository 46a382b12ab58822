// The product's settings: one schema, validated once at start-up. Nothing else in src/ reads process.env.
import { resolve } from 'node:path';
import { z } from 'zod';
import { AppError } from '../app-error.js';
import { assertTimeZone, parseSchedule } from '../handoff/working-hours.js';

const emptyToUndefined = (v: unknown) => (typeof v === 'string' && v.trim() === '' ? undefined : v);
const optionalString = z.preprocess(emptyToUndefined, z.string().optional());

/** base64 of exactly 32 bytes (AES-256). */
const dataKey = z.string().refine((v) => /^[A-Za-z0-9+/]+={0,2}$/.test(v) && Buffer.from(v, 'base64').length === 32, 'must be base64 of 32 random bytes (openssl rand -base64 32)');

const schema = z.object({
  NODE_ENV: z.preprocess(emptyToUndefined, z.enum(['development', 'production', 'test']).default('development')),
  PORT: z.preprocess(emptyToUndefined, z.coerce.number().int().min(0).max(65535).default(3978)),
  HOST: z.preprocess(emptyToUndefined, z.string().default('0.0.0.0')),
  DATA_DIR: z.preprocess(emptyToUndefined, z.string().default('./data')),
  MONGODB_URI: z.preprocess(
    emptyToUndefined,
    z.string().regex(/^mongodb(\+srv)?:\/\//, 'must start with mongodb:// or mongodb+srv://').optional(),
  ),
  MONGODB_DB: z.preprocess(emptyToUndefined, z.string().default('concierge')),
  MICROSOFT_APP_ID: optionalString,
  MICROSOFT_APP_PASSWORD: optionalString,
  MICROSOFT_APP_TENANT_ID: optionalString,
  MICROSOFT_APP_TYPE: z.preprocess(emptyToUndefined, z.enum(['MultiTenant', 'SingleTenant', 'UserAssignedMSI']).default('MultiTenant')),
  LOG_LEVEL: z.preprocess(emptyToUndefined, z.enum(['trace', 'debug', 'info', 'warn', 'error', 'fatal', 'silent']).default('info')),
  SESSION_SECRET: z.preprocess(emptyToUndefined, z.string().min(32, 'must be at least 32 characters').optional()),
  SESSION_TTL_MINUTES: z.preprocess(emptyToUndefined, z.coerce.number().int().min(1).max(7 * 24 * 60).default(480)),
  MODELS_DIR: z.preprocess(emptyToUndefined, z.string().default('./models')),
  INTENTS_DIR: z.preprocess(emptyToUndefined, z.string().default('./intents')),
  SEED_DEMO_DATA: z.preprocess(emptyToUndefined, z.enum(['true', 'false']).default('true')),
  NLU_CONFIDENCE_THRESHOLD: z.preprocess(emptyToUndefined, z.coerce.number().min(0).max(1).optional()),
  TRUST_PROXY: z.preprocess(emptyToUndefined, z.enum(['true', 'false']).default('false')),
  HANDOFF_AFTER_FAILED_TURNS: z.preprocess(emptyToUndefined, z.coerce.number().int().min(0).max(20).default(2)),
  HANDOFF_ON_COMPLAINT: z.preprocess(emptyToUndefined, z.enum(['true', 'false']).default('true')),
  HANDOFF_ON_HIGH_VALUE_AT_RISK: z.preprocess(emptyToUndefined, z.enum(['true', 'false']).default('true')),
  HANDOFF_HIGH_VALUE_MIN_CHURN: z.preprocess(emptyToUndefined, z.coerce.number().min(0).max(1).default(0.6)),
  HANDOFF_HIGH_VALUE_MIN_VALUE: z.preprocess(emptyToUndefined, z.coerce.number().min(0).default(1000)),
  RETENTION_OFFERS_FILE: optionalString,
  HANDOFF_HOURS: z.preprocess(emptyToUndefined, z.string().max(200).default('')),
  HANDOFF_TIMEZONE: z.preprocess(emptyToUndefined, z.string().max(64).default('UTC')),
  HANDOFF_GRACE_SECONDS: z.preprocess(emptyToUndefined, z.coerce.number().int().min(0).max(24 * 60 * 60).default(120)),
  REDACT_STORED_TEXT: z.preprocess(emptyToUndefined, z.enum(['true', 'false']).default('false')),
  RATE_LIMIT_PER_IP_PER_MIN: z.preprocess(emptyToUndefined, z.coerce.number().int().min(0).default(120)),
  RATE_LIMIT_PER_CONVERSATION_PER_MIN: z.preprocess(emptyToUndefined, z.coerce.number().int().min(0).default(30)),
  PROFILE_REFRESH_MINUTES: z.preprocess(emptyToUndefined, z.coerce.number().int().min(0).max(7 * 24 * 60).default(60)),
  STORE_TIMEOUT_MS: z.preprocess(emptyToUndefined, z.coerce.number().int().min(50).max(120_000).default(2000)),
  OUTBOX_RETRY_MAX_MS: z.preprocess(emptyToUndefined, z.coerce.number().int().min(10).max(600_000).default(30_000)),
  SHUTDOWN_TIMEOUT_MS: z.preprocess(emptyToUndefined, z.coerce.number().int().min(0).max(600_000).default(10_000)),
  DATA_ENCRYPTION_KEY: z.preprocess(emptyToUndefined, dataKey.optional()),
  DATA_ENCRYPTION_KEYS_OLD: z.preprocess(emptyToUndefined, z.string().optional().transform((v) => (v ? v.split(',').map((k) => k.trim()).filter(Boolean) : [])).pipe(z.array(dataKey))),
  MODEL_DIR: z.preprocess(emptyToUndefined, z.string().default('./models/encoder')),
  ENCODER_MODEL: z.preprocess(emptyToUndefined, z.string().regex(/^[\w.-]+(\/[\w.-]+)?$/, 'must be a model id such as Xenova/all-MiniLM-L6-v2').default('Xenova/all-MiniLM-L6-v2')),
  ENCODER_ALLOW_REMOTE: z.preprocess(emptyToUndefined, z.enum(['true', 'false']).default('false')),
  WEBCHAT_IDENTITY_SECRET: z.preprocess(emptyToUndefined, z.string().min(32, 'must be at least 32 characters').optional()),
  WEBCHAT_DEMO_SIGN_IN: z.preprocess(emptyToUndefined, z.enum(['true', 'false']).optional()),
});

export interface Config {
  env: 'development' | 'production' | 'test';
  port: number;
  host: string;
  dataDir: string;
  mongo: { uri: string; db: string } | null;
  microsoft: { appId?: string; appPassword?: string; tenantId?: string; appType: 'MultiTenant' | 'SingleTenant' | 'UserAssignedMSI' };
  logLevel: 'trace' | 'debug' | 'info' | 'warn' | 'error' | 'fatal' | 'silent';
  /** Undefined outside production means "generate one per process" (sessions end at restart). */
  sessionSecret?: string;
  sessionTtlMinutes: number;
  modelsDir: string;
  intentsDir: string;
  seedDemoData: boolean;
  /** Overrides the trained model's own threshold when set. */
  nluConfidenceThreshold?: number;
  trustProxy: boolean;
  /** Mask e-mails and phone/card/account numbers in stored customer messages. */
  redactStoredText: boolean;
  /** When the bot hands over without being asked: after N turns in a row not understood (0 = never), on complaints. */
  handoffTriggers: { afterFailedTurns: number; onComplaint: boolean };
  /** A leaving customer with churn ≥ minChurn and lifetime value ≥ minValue (GBP) goes to a person (high_value_at_risk). */
  highValueAtRisk: { enabled: boolean; minChurn: number; minValue: number };
  /** Retention offer rules (YAML); undefined = the ones shipped in src/recommend/retention-offers.yaml. */
  retentionOffersFile?: string;
  /** When agents take handoffs ("" = always) and in which time zone; how long a disconnected agent keeps conversations. */
  handoffDesk: { hours: string; timeZone: string; graceSeconds: number };
  /** Web chat messages a minute per client IP and per conversation; 0 turns a limit off. */
  rateLimits: { perIpPerMinute: number; perConversationPerMinute: number };
  /** How often the RFM cut points, K-means segments and recommender are rebuilt from the store; 0 = only at start-up. */
  profileRefreshMinutes: number;
  /** Every store call fails with STORE_TIMEOUT after this long (the turn then answers degraded, writes go to the outbox). */
  storeTimeoutMs: number;
  /** The outbox drainer's longest wait between attempts while the store is down. */
  outboxRetryMaxMs: number;
  /** How long SIGTERM waits for turns in flight before closing their connections. */
  shutdownTimeoutMs: number;
  /** Customer names, e-mails and phones encrypted at rest with `key`; `oldKeys` only decrypt (rotation). */
  dataEncryption: { key?: string; oldKeys: string[] };
  /** Sentence encoder: files in modelDir/model (see models/README.md); allowRemote lets it download from the hub. */
  encoder: { modelDir: string; model: string; allowRemote: boolean };
  /**
   * Who a web chat customer is: `identitySecret` verifies tokens signed by the shop's site; `demoSignIn` believes a
   * typed-in customer id or e-mail (default on outside production, off in production).
   */
  webchatIdentity: { identitySecret?: string; demoSignIn: boolean };
}

/** Validates the environment; throws an AppError naming every bad variable. */
export function loadConfig(env: Record<string, string | undefined>): Config {
  const parsed = schema.safeParse(env);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
    throw new AppError('CONFIG_INVALID', `Invalid configuration — ${problems}`);
  }
  const e = parsed.data;
  if (e.NODE_ENV === 'production' && !e.SESSION_SECRET) {
    throw new AppError('CONFIG_INVALID', 'Invalid configuration — SESSION_SECRET: required when NODE_ENV=production');
  }
  if (e.MICROSOFT_APP_ID && !e.MICROSOFT_APP_PASSWORD && e.MICROSOFT_APP_TYPE !== 'UserAssignedMSI') {
    throw new AppError('CONFIG_INVALID', 'Invalid configuration — MICROSOFT_APP_PASSWORD: required when MICROSOFT_APP_ID is set');
  }
  if (e.MICROSOFT_APP_TYPE === 'SingleTenant' && e.MICROSOFT_APP_ID && !e.MICROSOFT_APP_TENANT_ID) {
    throw new AppError('CONFIG_INVALID', 'Invalid configuration — MICROSOFT_APP_TENANT_ID: required for SingleTenant bots');
  }
  parseSchedule(e.HANDOFF_HOURS);
  assertTimeZone(e.HANDOFF_TIMEZONE);
  return {
    env: e.NODE_ENV,
    port: e.PORT,
    host: e.HOST,
    dataDir: resolve(e.DATA_DIR),
    mongo: e.MONGODB_URI ? { uri: e.MONGODB_URI, db: e.MONGODB_DB } : null,
    microsoft: {
      appId: e.MICROSOFT_APP_ID,
      appPassword: e.MICROSOFT_APP_PASSWORD,
      tenantId: e.MICROSOFT_APP_TENANT_ID,
      appType: e.MICROSOFT_APP_TYPE,
    },
    logLevel: e.LOG_LEVEL,
    sessionSecret: e.SESSION_SECRET,
    sessionTtlMinutes: e.SESSION_TTL_MINUTES,
    modelsDir: resolve(e.MODELS_DIR),
    intentsDir: resolve(e.INTENTS_DIR),
    seedDemoData: e.SEED_DEMO_DATA === 'true',
    nluConfidenceThreshold: e.NLU_CONFIDENCE_THRESHOLD,
    trustProxy: e.TRUST_PROXY === 'true',
    redactStoredText: e.REDACT_STORED_TEXT === 'true',
    handoffTriggers: { afterFailedTurns: e.HANDOFF_AFTER_FAILED_TURNS, onComplaint: e.HANDOFF_ON_COMPLAINT === 'true' },
    highValueAtRisk: { enabled: e.HANDOFF_ON_HIGH_VALUE_AT_RISK === 'true', minChurn: e.HANDOFF_HIGH_VALUE_MIN_CHURN, minValue: e.HANDOFF_HIGH_VALUE_MIN_VALUE },
    retentionOffersFile: e.RETENTION_OFFERS_FILE ? resolve(e.RETENTION_OFFERS_FILE) : undefined,
    handoffDesk: { hours: e.HANDOFF_HOURS, timeZone: e.HANDOFF_TIMEZONE, graceSeconds: e.HANDOFF_GRACE_SECONDS },
    rateLimits: { perIpPerMinute: e.RATE_LIMIT_PER_IP_PER_MIN, perConversationPerMinute: e.RATE_LIMIT_PER_CONVERSATION_PER_MIN },
    profileRefreshMinutes: e.PROFILE_REFRESH_MINUTES,
    storeTimeoutMs: e.STORE_TIMEOUT_MS,
    outboxRetryMaxMs: e.OUTBOX_RETRY_MAX_MS,
    shutdownTimeoutMs: e.SHUTDOWN_TIMEOUT_MS,
    dataEncryption: { key: e.DATA_ENCRYPTION_KEY, oldKeys: e.DATA_ENCRYPTION_KEYS_OLD },
    encoder: { modelDir: resolve(e.MODEL_DIR), model: e.ENCODER_MODEL, allowRemote: e.ENCODER_ALLOW_REMOTE === 'true' },
    webchatIdentity: { identitySecret: e.WEBCHAT_IDENTITY_SECRET, demoSignIn: (e.WEBCHAT_DEMO_SIGN_IN ?? (e.NODE_ENV === 'production' ? 'false' : 'true')) === 'true' },
  };
}

/** The process environment, validated: the only place the product reads process.env. */
export function loadConfigFromProcess(): Config {
  return loadConfig(process.env);
}

/**
 * natural runs dotenv.config() when it is imported, which prints a banner into the CLI's output (and the last line of
 * `nlu-eval --json` must stay JSON). Called just before that import; an operator's own setting wins.
 */
export function quietDotenvBanner(): void {
  process.env.DOTENV_CONFIG_QUIET ??= 'true';
}
