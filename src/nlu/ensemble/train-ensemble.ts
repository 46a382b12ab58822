// Trains the ensemble the way it ships: members fitted on the training rows, pool weights and temperature learned
// on held-out rows (the caller's validation set, or a seeded stratified 10% of train), a guard that falls back to
// the best member when the pool is not at least as good on those rows, the out-of-scope threshold chosen on them
// for a stated objective, and — when the held-out rows came out of train — the members refitted on all rows.
import { AppError } from '../../app-error.js';
import { chooseThreshold, expectedCalibrationError, fitTemperature, type ThresholdChoice } from '../calibration.js';
import type { Encoder } from '../embedding/encoder.js';
import { stratifiedSplit } from '../lexical/stratified-split.js';
import type { LabelledText } from '../types.js';
import { combineRow, fitPoolWeights, logSoftmaxInPlace, prunePool, type MemberLogProbs } from './combine-weights.js';
import { alignLogProbs, EnsembleClassifier } from './ensemble-classifier.js';
import { thresholdRowsWithUnseenTopics } from './pseudo-oos.js';
import { embeddingTrainer, lexicalTrainer, naiveBayesTrainer, naturalBayesTrainer, type MemberModel, type MemberTrainer, type TrainedMember } from './members.js';

export interface TrainEnsembleOptions {
  /** Adds the embedding member. */
  encoder?: Encoder;
  /** Replaces the default members (lexical, naive-bayes, natural-bayes, embedding when an encoder is given). */
  members?: readonly MemberTrainer[];
  oosLabel: string;
  validationFraction: number;
  seed: number;
  /** Refit the members on train + held-out rows when the held-out rows were split off train. */
  refitOnAllRows: boolean;
  /** Without out-of-scope validation rows, the threshold keeps at least this share of correct answers (1 = none). */
  keepCorrect: number;
  /** A member whose removal raises the held-out NLL by at most this much (nats per row) is dropped (see prunePool). */
  pruneTolerance: number;
  /** Share of in-scope intents that play unseen out-of-scope topics when the threshold is tuned (see pseudo-oos.ts). */
  unseenTopicFraction: number;
}

export const DEFAULT_TRAIN_ENSEMBLE_OPTIONS: TrainEnsembleOptions = { oosLabel: 'oos', validationFraction: 0.1, seed: 42, refitOnAllRows: true, keepCorrect: 1, pruneTolerance: 0.002, unseenTopicFraction: 0.2 };

export interface EnsembleMemberReport {
  name: string;
  /** Normalised pool weight (weights sum to 1; the temperature is reported apart). */
  weight: number;
  validationAccuracy: number;
  /** Validation NLL of the member alone at its own best temperature. */
  validationNll: number;
  trainMs: number;
}

export interface EnsembleReport {
  validationSource: 'given' | 'split';
  validationRows: number;
  members: EnsembleMemberReport[];
  temperature: number;
  validation: { nll: number; accuracy: number; ece: number };
  /** Held-out NLL of the pool of all members, before members that added less than the tolerance were dropped. */
  fullPoolNll: number;
  /** The guard: 'pool' when the pooled model is at least as good as every member on the held-out rows. */
  chosen: 'pool' | { fallbackTo: string; reason: string };
  threshold: ThresholdChoice;
  refittedOnAllRows: boolean;
}

export interface TrainedEnsemble {
  classifier: EnsembleClassifier;
  /** Normalised weights by member name. */
  weights: Record<string, number>;
  temperature: number;
  report: EnsembleReport;
}

/** The default members for these options, in a fixed order. */
export function defaultMembers(oosLabel: string, encoder?: Encoder): MemberTrainer[] {
  return [lexicalTrainer(oosLabel), naiveBayesTrainer, naturalBayesTrainer, ...(encoder ? [embeddingTrainer(encoder)] : [])];
}

const argmax = (z: ArrayLike<number>): number => {
  let best = 0;
  for (let c = 1; c < z.length; c++) if (z[c]! > z[best]!) best = c;
  return best;
};

export async function trainEnsemble(train: readonly LabelledText[], validation?: readonly LabelledText[], options: Partial<TrainEnsembleOptions> = {}): Promise<TrainedEnsemble> {
  const opts: TrainEnsembleOptions = { ...DEFAULT_TRAIN_ENSEMBLE_OPTIONS, ...options };
  if (train.length === 0) throw new AppError('NLU_TRAINING_EMPTY', 'The ensemble needs training rows', { status: 400 });
  const split = validation ? null : stratifiedSplit(train, opts.validationFraction, opts.seed);
  const fitRows = split ? split.train : train;
  const valRows = split ? split.validation : validation!;
  const intents = [...new Set(train.map((r) => r.intent))].sort();
  const index = new Map(intents.map((c, i) => [c, i]));
  const trainers = opts.members ?? defaultMembers(opts.oosLabel, opts.encoder);

  const trained: TrainedMember[] = [];
  const trainMs: number[] = [];
  for (const trainer of trainers) {
    const t0 = performance.now();
    trained.push(await trainer.train(fitRows, valRows));
    trainMs.push(performance.now() - t0);
  }

  // Held-out log-probabilities on the shared intent order; rows with an unknown label only count for the threshold.
  const valTexts = valRows.map((r) => r.text);
  const allLogProbs: Float64Array[][] = [];
  for (const t of trained) {
    const align = alignLogProbs(t.model, intents);
    allLogProbs.push((await t.model.logProbabilities(valTexts)).map(align));
  }
  const known = valRows.flatMap((r, i) => (index.has(r.intent) ? [i] : []));
  const gold = Int32Array.from(known, (i) => index.get(valRows[i]!.intent)!);
  const logProbs: MemberLogProbs = allLogProbs.map((rows) => known.map((i) => rows[i]!));
  const accuracyOf = (weights: number[]) => (known.length === 0 ? 0 : known.filter((_, j) => argmax(combineRow(logProbs, j, weights)) === gold[j]).length / known.length);

  const fullFit = known.length > 0 ? fitPoolWeights(logProbs, gold) : null;
  const fit = fullFit ? prunePool(logProbs, gold, fullFit, opts.pruneTolerance) : null;
  const memberAccuracy = trained.map((_, m) => accuracyOf(trained.map((__, j) => (j === m ? 1 : 0))));
  let weights = fit ? fit.weights : trained.map((_, m) => (m === 0 ? 1 : 0));
  let chosen: EnsembleReport['chosen'] = 'pool';
  const bestByAccuracy = memberAccuracy.indexOf(Math.max(...memberAccuracy));
  if (fit && accuracyOf(weights) < memberAccuracy[bestByAccuracy]!) {
    // The member alone at its own temperature (bounded, so a member no better than chance keeps its ranking).
    const t = fitTemperature(logProbs[bestByAccuracy]!, gold);
    weights = trained.map((_, m) => (m === bestByAccuracy ? 1 / t : 0));
    chosen = { fallbackTo: trainers[bestByAccuracy]!.name, reason: `pooled validation accuracy ${accuracyOf(fit.weights).toFixed(4)} < ${memberAccuracy[bestByAccuracy]!.toFixed(4)} of ${trainers[bestByAccuracy]!.name}` };
  }

  // Calibrated top-1 on every held-out row: figures for the report and the out-of-scope threshold.
  const pooledAll = valRows.map((_, i) => logSoftmaxInPlace(combineRow(allLogProbs, i, weights)));
  const oosClass = index.get(opts.oosLabel);
  const tops = pooledAll.map((lp) => ({ c: argmax(lp), confidence: Math.exp(lp[argmax(lp)]!) }));
  // With out-of-scope rows to tune on, some in-scope intents also play unseen topics (see pseudo-oos.ts); without
  // them the stated objective stays in-scope accuracy.
  const unseen = opts.unseenTopicFraction > 0 && valRows.some((r) => r.intent === opts.oosLabel)
    ? thresholdRowsWithUnseenTopics(intents, pooledAll, valRows.map((r) => r.intent), opts.oosLabel, { fraction: opts.unseenTopicFraction, seed: opts.seed })
    : null;
  const chosenThreshold = chooseThreshold(
    unseen?.scores ??
      valRows.map((r, i) => {
        const inScope = r.intent !== opts.oosLabel;
        return { confidence: tops[i]!.confidence, inScope, correct: inScope ? intents[tops[i]!.c] === r.intent : tops[i]!.c === oosClass };
      }),
    opts.keepCorrect,
  );
  const threshold = unseen
    ? { ...chosenThreshold, objective: `${chosenThreshold.objective}; out-of-scope rows include ${unseen.pseudoRows} rows of ${unseen.heldIntents.length} in-scope intents scored as unseen topics (leave-intents-out)` }
    : chosenThreshold;
  const knownTops = known.map((i) => tops[i]!);
  const validationFigures = {
    nll: known.length === 0 ? 0 : -known.reduce((s, i, j) => s + pooledAll[i]![gold[j]!]!, 0) / known.length,
    accuracy: accuracyOf(weights),
    ece: expectedCalibrationError(knownTops.map((t) => t.confidence), knownTops.map((t, j) => t.c === gold[j])),
  };

  const refit = split !== null && opts.refitOnAllRows;
  const models: MemberModel[] = [];
  for (let m = 0; m < trained.length; m++) {
    // A member with weight 0 is never run, so it is not worth retraining either.
    if (refit && weights[m]! > 0) {
      const t0 = performance.now();
      models.push(await trained[m]!.refit(train));
      trainMs[m]! += performance.now() - t0;
    } else models.push(trained[m]!.model);
  }

  const sum = weights.reduce((a, b) => a + b, 0);
  const temperature = sum > 0 ? 1 / sum : 1;
  const classifier = new EnsembleClassifier(intents, models, weights, {
    threshold: threshold.threshold,
    thresholdObjective: threshold.objective,
    oosLabel: index.has(opts.oosLabel) ? opts.oosLabel : null,
  });
  const report: EnsembleReport = {
    validationSource: split ? 'split' : 'given',
    validationRows: valRows.length,
    members: trainers.map((t, m) => ({
      name: t.name,
      weight: sum > 0 ? weights[m]! / sum : 0,
      validationAccuracy: memberAccuracy[m]!,
      validationNll: fit ? fit.memberNll[m]! : NaN,
      trainMs: trainMs[m]!,
    })),
    temperature,
    validation: validationFigures,
    fullPoolNll: fullFit ? fullFit.nll : NaN,
    chosen,
    threshold,
    refittedOnAllRows: refit,
  };
  return { classifier, weights: Object.fromEntries(report.members.map((m) => [m.name, m.weight])), temperature, report };
}
