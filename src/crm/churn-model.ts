// Churn risk from subscription attributes: L2-regularised logistic regression over standardised numeric and one-hot
// categorical features, with per-customer contributions turned into plain-language drivers.
import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { AppError } from '../app-error.js';
import type { SubscriptionAttributes } from '../store/ports.js';
import type { ChurnRisk } from './types.js';
import { explainDrivers } from './churn-drivers.js';
import { ENGINEERED_CATEGORICAL, ENGINEERED_NUMERIC, engineeredValue } from './churn-engineered.js';

// Gender and age (the telco data's senior-citizen flag) are deliberately not features: risk, and the retention offers
// and queue priority that follow it, must not depend on protected characteristics. Neither costs measurable accuracy
// on the telco data (README, "Churn risk").
const CATEGORICAL = ['contract', 'internetService', 'paymentMethod', 'onlineSecurity', 'techSupport', 'onlineBackup', 'deviceProtection', 'streamingTV', 'streamingMovies', 'multipleLines', 'phoneService'] as const;
const BOOLEAN = ['partner', 'dependents', 'paperlessBilling'] as const;

export interface LabelledSubscription {
  attributes: SubscriptionAttributes;
  churned: boolean;
}

const modelSchema = z.object({
  kind: z.literal('churn-logreg'),
  version: z.number(),
  trainedAt: z.string(),
  features: z.array(z.object({ name: z.string(), attribute: z.string(), value: z.string().optional(), mean: z.number(), std: z.number() })),
  weights: z.array(z.number()),
  bias: z.number(),
  training: z.record(z.string(), z.unknown()),
  /** Held-out figures measured before the final fit (absent in files written before they were recorded). */
  metrics: z.object({ cvRocAuc: z.number(), cvRocAucStd: z.number(), folds: z.number(), seed: z.number(), rows: z.number() }).optional(),
}).refine((m) => m.weights.length === m.features.length, { message: 'one weight per feature expected', path: ['weights'] });
export type ChurnModelFile = z.infer<typeof modelSchema>;
export const churnLogregSchema = modelSchema;
export type Feature = ChurnModelFile['features'][number];

export function rawValue(a: SubscriptionAttributes, f: Pick<Feature, 'attribute' | 'value'>): number {
  const v = engineeredValue(a, f.attribute) ?? (a as unknown as Record<string, unknown>)[f.attribute];
  if (f.value !== undefined) return String(v) === f.value ? 1 : 0;
  if (f.attribute === 'logTenure') return Math.log1p(a.tenureMonths);
  if (f.attribute === 'chargePerTenure') return a.monthlyCharges / (a.tenureMonths + 1);
  if (typeof v === 'boolean') return v ? 1 : 0;
  return typeof v === 'number' ? v : 0;
}

const rawCategory = (a: SubscriptionAttributes, attribute: string) => engineeredValue(a, attribute) ?? (a as unknown as Record<string, unknown>)[attribute];

export function featureSpace(rows: SubscriptionAttributes[], only?: readonly string[], engineered: boolean | readonly string[] = false): Feature[] {
  const extra = (names: readonly string[]) => (engineered === true ? names : engineered === false ? [] : names.filter((n) => engineered.includes(n)));
  const specs: Pick<Feature, 'name' | 'attribute' | 'value'>[] = [
    { name: 'tenureMonths', attribute: 'tenureMonths' },
    { name: 'logTenure', attribute: 'logTenure' },
    { name: 'monthlyCharges', attribute: 'monthlyCharges' },
    { name: 'chargePerTenure', attribute: 'chargePerTenure' },
    ...BOOLEAN.map((b) => ({ name: b, attribute: b })),
    ...extra(ENGINEERED_NUMERIC).map((n) => ({ name: n, attribute: n })),
  ];
  for (const c of [...CATEGORICAL, ...extra(ENGINEERED_CATEGORICAL)]) {
    const values = [...new Set(rows.map((r) => rawCategory(r, c)).filter((v): v is string => typeof v === 'string'))].sort();
    for (const value of values) specs.push({ name: `${c}=${value}`, attribute: c, value });
  }
  return specs.filter((s) => !only || only.includes(s.attribute)).map((s) => {
    const xs = rows.map((r) => rawValue(r, s));
    const mean = xs.reduce((a, b) => a + b, 0) / xs.length;
    const std = Math.sqrt(xs.reduce((a, b) => a + (b - mean) ** 2, 0) / xs.length) || 1;
    return { ...s, mean, std };
  });
}

const sigmoid = (z: number) => 1 / (1 + Math.exp(-z));

export interface TrainOptions {
  /** L2 penalty on the weights (not the bias), per row: loss = mean log-loss + l2/2 · |w|². */
  l2?: number;
  epochs?: number;
  now?: Date;
  training?: Record<string, unknown>;
  metrics?: ChurnModelFile['metrics'];
  /** Restricts the model to these attributes (for baselines such as tenure only). */
  only?: readonly string[];
  /** Adds the engineered features of churn-engineered.ts (tenure bins, service count, contract interactions). */
  engineered?: boolean | readonly string[];
}

export class ChurnModel {
  constructor(private readonly file: ChurnModelFile) {}

  static train(rows: LabelledSubscription[], options: TrainOptions = {}): ChurnModel {
    if (rows.length < 10) throw new AppError('CHURN_TOO_FEW_ROWS', `need at least 10 labelled customers, got ${rows.length}`);
    const features = featureSpace(rows.map((r) => r.attributes), options.only, options.engineered);
    const X = rows.map((r) => features.map((f) => (rawValue(r.attributes, f) - f.mean) / f.std));
    const y = rows.map((r) => (r.churned ? 1 : 0));
    const l2 = options.l2 ?? 1e-3;
    const w = new Float64Array(features.length);
    let b = Math.log((y.reduce((a: number, v) => a + v, 0) + 1) / (rows.length - y.reduce((a: number, v) => a + v, 0) + 1));
    // Full-batch gradient descent with Adam: small data, convex loss, deterministic result.
    const m = new Float64Array(features.length + 1);
    const v = new Float64Array(features.length + 1);
    const lr = 0.05;
    for (let epoch = 1; epoch <= (options.epochs ?? 400); epoch++) {
      const grad = new Float64Array(features.length + 1);
      for (let i = 0; i < X.length; i++) {
        const xi = X[i] ?? [];
        let z = b;
        for (let j = 0; j < xi.length; j++) z += (w[j] ?? 0) * (xi[j] ?? 0);
        const err = sigmoid(z) - (y[i] ?? 0);
        for (let j = 0; j < xi.length; j++) grad[j] = (grad[j] ?? 0) + err * (xi[j] ?? 0);
        grad[features.length] = (grad[features.length] ?? 0) + err;
      }
      for (let j = 0; j <= features.length; j++) {
        const g = (grad[j] ?? 0) / X.length + (j < features.length ? l2 * (w[j] ?? 0) : 0);
        m[j] = 0.9 * (m[j] ?? 0) + 0.1 * g;
        v[j] = 0.999 * (v[j] ?? 0) + 0.001 * g * g;
        const step = (lr * ((m[j] ?? 0) / (1 - 0.9 ** epoch))) / (Math.sqrt((v[j] ?? 0) / (1 - 0.999 ** epoch)) + 1e-8);
        if (j < features.length) w[j] = (w[j] ?? 0) - step;
        else b -= step;
      }
    }
    return new ChurnModel({
      kind: 'churn-logreg',
      version: 1,
      trainedAt: (options.now ?? new Date()).toISOString(),
      features,
      weights: [...w],
      bias: b,
      training: { rows: rows.length, churned: y.reduce((a: number, v) => a + v, 0), l2, epochs: options.epochs ?? 400, ...(options.engineered ? { engineered: options.engineered } : {}), ...options.training },
      ...(options.metrics ? { metrics: options.metrics } : {}),
    });
  }

  static fromJSON(json: unknown): ChurnModel {
    const parsed = modelSchema.safeParse(json);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      throw new AppError('CHURN_MODEL_INVALID', `churn model file is invalid at ${issue?.path.join('.') ?? ''}: ${issue?.message ?? ''}`);
    }
    return new ChurnModel(parsed.data);
  }

  toJSON(): ChurnModelFile {
    return this.file;
  }

  probability(a: SubscriptionAttributes): number {
    return sigmoid(this.file.features.reduce((z, f, j) => z + (this.file.weights[j] ?? 0) * ((rawValue(a, f) - f.mean) / f.std), this.file.bias));
  }

  /** Log-odds of churn (what a blend with other models adds up). */
  margin(a: SubscriptionAttributes): number {
    return this.file.features.reduce((z, f, j) => z + (this.file.weights[j] ?? 0) * ((rawValue(a, f) - f.mean) / f.std), this.file.bias);
  }

  /** Per-attribute contribution to the log-odds against the average training customer: Σ weight × standardised value. */
  contributions(a: SubscriptionAttributes): Map<string, number> {
    const byFeature = new Map<string, number>();
    this.file.features.forEach((f, j) => byFeature.set(f.attribute, (byFeature.get(f.attribute) ?? 0) + (this.file.weights[j] ?? 0) * ((rawValue(a, f) - f.mean) / f.std)));
    return byFeature;
  }

  score(a: SubscriptionAttributes): ChurnRisk {
    const probability = this.probability(a);
    const band = probability >= 0.6 ? 'high' : probability >= 0.3 ? 'medium' : 'low';
    return { probability: Math.round(probability * 1000) / 1000, band, drivers: explainDrivers(this.contributions(a), a), model: `churn-logreg@${this.file.trainedAt.slice(0, 10)}` };
  }
}

export function trainChurnModel(rows: LabelledSubscription[], options: TrainOptions = {}): ChurnModel {
  return ChurnModel.train(rows, options);
}

export const CHURN_MODEL_FILE = 'churn-model.json';

/** Loads models/churn-model.json; null (and a warning) when there is none, so the bot still runs. */
/** A model file's JSON; unreadable or malformed → CHURN_MODEL_INVALID naming the file. */
export function readModelJson(path: string): unknown {
  try {
    return JSON.parse(readFileSync(path, 'utf8'));
  } catch (error) {
    throw new AppError('CHURN_MODEL_INVALID', `churn model file ${path} is not readable JSON`, { cause: error });
  }
}
