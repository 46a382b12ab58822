// The learned-weight ensemble as a live IntentTrainer: members that can be written to the model file (the lexical
// model as int8 weights, the project's multinomial NB as counts), pool weights (which carry the temperature) and the
// out-of-scope threshold, all chosen on the validation rows by trainEnsemble; then the members with weight > 0 are
// refitted on train + validation with the same settings, as the lexical trainer does. natural's BayesClassifier is
// not a live member: its JSON keeps every training document and a per-class copy of the vocabulary, and importing
// natural costs ~0.7 s at start-up, for a member the pool weights near zero on intents/ (see README).
import { z } from 'zod';
import { AppError } from '../../app-error.js';
import { logSoftmaxInPlace } from '../ensemble/combine-weights.js';
import { EnsembleClassifier } from '../ensemble/ensemble-classifier.js';
import type { MemberModel, MemberTrainer } from '../ensemble/members.js';
import { trainEnsemble } from '../ensemble/train-ensemble.js';
import { LexicalClassifier } from '../lexical/linear-classifier.js';
import { trainTunedLexical } from '../lexical/train-lexical.js';
import type { TfidfOptions } from '../lexical/tfidf-features.js';
import { NaiveBayesClassifier } from '../naive-bayes-classifier.js';
import type { IntentRanking, LabelledText } from '../types.js';
import { LIVE_TFIDF_OPTIONS, LiveCalibrated, type IntentTrainer, type TrainedIntentClassifier } from './intent-trainer.js';
import { dequantiseLexical, quantiseLexical } from './quantised-lexical.js';

/** A member that can be written to the model file. */
export interface SavableMember extends MemberModel {
  toJSON(): { kind: string; model: unknown };
}

function lexicalMember(c: LexicalClassifier): SavableMember {
  return {
    name: 'lexical',
    intents: c.intents,
    logProbabilities: async (texts) => texts.map((t) => logSoftmaxInPlace(c.logits(t))),
    toJSON: () => ({ kind: 'lexical', model: quantiseLexical(c.toJSON()) }),
  };
}

function naiveBayesMember(nb: NaiveBayesClassifier): SavableMember {
  return {
    name: 'naive-bayes',
    intents: nb.intents,
    logProbabilities: async (texts) => texts.map((t) => logSoftmaxInPlace(nb.scores(t))),
    toJSON: () => ({ kind: 'naive-bayes', model: nb.toJSON() }),
  };
}

type SavableTrainer = MemberTrainer & { refit?: (rows: readonly LabelledText[]) => SavableMember };

/** The lexical member with the live feature setting; C tuned on validation, kept for the refit. */
function savableLexical(oosLabel: string, seed: number, features: TfidfOptions): SavableTrainer {
  const trainer: SavableTrainer = {
    name: 'lexical',
    async train(rows, validation) {
      const tuned = trainTunedLexical(rows, { oosLabel, validation, seed, features });
      const { softmax } = tuned.classifier.options;
      trainer.refit = (all) => lexicalMember(LexicalClassifier.train(all, { features, softmax: { ...softmax, l2: 1 / (tuned.report.chosenC * all.length) } }));
      const model = lexicalMember(tuned.classifier);
      return { model, refit: async (all) => trainer.refit!(all) };
    },
  };
  return trainer;
}

function savableNaiveBayes(): SavableTrainer {
  const fit = (all: readonly LabelledText[]) => naiveBayesMember(NaiveBayesClassifier.train([...all], {}, [...new Set(all.map((r) => r.intent))].sort()));
  return { name: 'naive-bayes', refit: fit, train: async (rows) => ({ model: fit(rows), refit: async (all) => fit(all) }) };
}

const fileSchema = z.object({
  type: z.literal('ensemble'),
  intents: z.array(z.string()).min(1),
  weights: z.array(z.number().nonnegative()),
  threshold: z.number().min(0).max(1),
  thresholdObjective: z.string(),
  oosLabel: z.string().nullable(),
  members: z.array(z.object({ kind: z.enum(['lexical', 'naive-bayes']), model: z.unknown() })),
  report: z.unknown().optional(),
});

class LiveEnsemble extends LiveCalibrated<EnsembleClassifier> implements TrainedIntentClassifier {
  readonly name = 'ensemble';
  constructor(
    inner: EnsembleClassifier,
    private readonly report: unknown,
  ) {
    super(inner);
  }
  get temperature() {
    return this.inner.temperature;
  }
  classify(text: string): Promise<IntentRanking> {
    return this.inner.classify(text);
  }
  toJSON() {
    // A member with weight 0 never runs, so it is not written.
    const kept = this.inner.weights.flatMap((w, m) => (w > 0 ? [m] : []));
    return {
      type: 'ensemble',
      intents: [...this.inner.intents],
      weights: kept.map((m) => this.inner.weights[m]!),
      threshold: this.threshold,
      thresholdObjective: this.thresholdObjective,
      oosLabel: this.oosLabel,
      report: this.report,
      members: kept.map((m) => (this.inner.members[m] as SavableMember).toJSON()),
    };
  }
}

/** Lexical + own NB, pooled with weights learned on validation (falls back to the best member there when pooling loses). */
export function ensembleTrainer(features: TfidfOptions = LIVE_TFIDF_OPTIONS): IntentTrainer {
  return {
    type: 'ensemble',
    async train(rows, options) {
      const trainers = [savableLexical(options.oosLabel, options.seed, features), savableNaiveBayes()];
      // intents/ tunes the threshold on out-of-scope probes that are never trained on (unseen topics already), so
      // no in-scope intents play unseen ones here: with 4 of 20 held out the threshold rose to 0.81 and in-scope
      // accuracy at the threshold fell from 86.67% to 75.00% for probes rejected 65% → 85% (see models/README.md).
      const trained = await trainEnsemble(rows, options.validation, { members: trainers, oosLabel: options.oosLabel, seed: options.seed, unseenTopicFraction: 0 });
      const { weights, calibration } = trained.classifier;
      // Refit every member the pool uses on all rows; a weight-0 member is never run, so it keeps its first fit.
      const all = [...rows, ...options.validation];
      const members = trainers.map((t, m) => (weights[m]! > 0 ? t.refit!(all) : (trained.classifier.members[m] as SavableMember)));
      const summary = { members: trained.report.members.map(({ name, weight, validationAccuracy }) => ({ name, weight, validationAccuracy })), chosen: trained.report.chosen, validation: trained.report.validation };
      return new LiveEnsemble(new EnsembleClassifier(trained.classifier.intents, members, weights, calibration), summary);
    },
    restore(json) {
      const parsed = fileSchema.safeParse(json);
      if (!parsed.success) throw new AppError('MODEL_INVALID', `Intent model: expected an ensemble classifier (${parsed.error.issues[0]?.message ?? 'invalid'})`, { status: 503 });
      const doc = parsed.data;
      if (doc.members.length !== doc.weights.length) throw new AppError('MODEL_INVALID', `Intent model: ${doc.members.length} members but ${doc.weights.length} weights`, { status: 503 });
      const members = doc.members.map((m) =>
        m.kind === 'lexical' ? lexicalMember(LexicalClassifier.fromJSON(dequantiseLexical(m.model))) : naiveBayesMember(NaiveBayesClassifier.fromJSON(m.model)),
      );
      return new LiveEnsemble(new EnsembleClassifier(doc.intents, members, doc.weights, { threshold: doc.threshold, thresholdObjective: doc.thresholdObjective, oosLabel: doc.oosLabel }), doc.report);
    },
  };
}
