// The seam between the live bot and whatever trains its intent model. The bot, `npm run train` and the retrain API
// only ever call an IntentTrainer, picked in src/nlu/live/live-trainer.ts: the lexical model (TF-IDF + softmax
// regression, here) or the ensemble (ensemble-trainer.ts, which reuses the live feature setting and int8 format).
import { AppError } from '../../app-error.js';
import { LexicalClassifier } from '../lexical/linear-classifier.js';
import { trainTunedLexical } from '../lexical/train-lexical.js';
import { DEFAULT_TFIDF_OPTIONS, type TfidfOptions } from '../lexical/tfidf-features.js';
import type { IntentClassifier, IntentRanking, LabelledText } from '../types.js';
import { dequantiseLexical, quantiseLexical } from './quantised-lexical.js';

export interface TrainIntentOptions {
  /** Held-out rows to tune on: in-scope examples plus out-of-scope rows labelled `oosLabel` (rows may hold some too). */
  validation: readonly LabelledText[];
  oosLabel: string;
  seed: number;
}

/** A trained, calibrated classifier the live bot can use and write to a model file. */
export interface TrainedIntentClassifier extends IntentClassifier {
  readonly intents: readonly string[];
  /** Softmax temperature fitted on validation. */
  readonly temperature: number;
  /** Answer when the top confidence is >= threshold, else fall back (out of scope). */
  readonly threshold: number;
  readonly thresholdObjective: string;
  /** The class that means "out of scope" when the model was trained with one: predicting it is a rejection. */
  readonly oosLabel: string | null;
  /** JSON for the model file; `type` names the trainer that can restore it. */
  toJSON(): { type: string } & Record<string, unknown>;
}

export interface IntentTrainer {
  readonly type: string;
  /** Tunes on `validation`, then (as it sees fit) refits on train + in-scope validation rows. */
  train(rows: readonly LabelledText[], options: TrainIntentOptions): TrainedIntentClassifier | Promise<TrainedIntentClassifier>;
  restore(json: unknown): TrainedIntentClassifier;
}

/**
 * Word 1–2-grams plus character 2–5-grams, every term kept (min-df 1): the intents/ data set is small, so rare terms
 * matter. Chosen among six settings on the validation split (test/bench/live-feature-choice.ts; models/README.md).
 */
export const LIVE_TFIDF_OPTIONS: TfidfOptions = { ...DEFAULT_TFIDF_OPTIONS, minDf: 1 };

/** What the live wrappers read from a trained classifier: its intents and out-of-scope calibration. */
interface CalibratedModel {
  readonly intents: readonly string[];
  readonly calibration: { readonly threshold: number; readonly thresholdObjective: string; readonly oosLabel: string | null };
}

/** The shared half of a live classifier: intents and out-of-scope rules come from the wrapped model. */
export abstract class LiveCalibrated<M extends CalibratedModel> {
  constructor(readonly inner: M) {}
  get intents() {
    return this.inner.intents;
  }
  get threshold() {
    return this.inner.calibration.threshold;
  }
  get thresholdObjective() {
    return this.inner.calibration.thresholdObjective;
  }
  get oosLabel() {
    return this.inner.calibration.oosLabel;
  }
}

class LiveLexical extends LiveCalibrated<LexicalClassifier> implements TrainedIntentClassifier {
  readonly name = 'lexical';
  get temperature() {
    return this.inner.calibration.temperature;
  }
  async classify(text: string): Promise<IntentRanking> {
    return this.inner.rank(text);
  }
  toJSON() {
    return { type: 'lexical', model: quantiseLexical(this.inner.toJSON()) };
  }
}

export function lexicalTrainer(features: TfidfOptions = LIVE_TFIDF_OPTIONS): IntentTrainer {
  return {
    type: 'lexical',
    train(rows, options) {
      const tuned = trainTunedLexical(rows, { validation: options.validation, oosLabel: options.oosLabel, seed: options.seed, features });
      // Refit on every row (validation included) with the chosen regularisation (same C, so L2 per row shrinks with the rows);
      // the temperature and threshold found on validation carry over, as in trainTunedLexical's own split mode.
      const all = [...rows, ...options.validation];
      const { softmax } = tuned.classifier.options;
      const final = LexicalClassifier.train(all, { features, softmax: { ...softmax, l2: 1 / (tuned.report.chosenC * all.length) } });
      return new LiveLexical(final.withCalibration(tuned.classifier.calibration, tuned.classifier.provenance));
    },
    restore(json) {
      const doc = json as { type?: unknown; model?: unknown } | null;
      if (doc?.type !== 'lexical') throw new AppError('MODEL_INVALID', `Intent model: expected a lexical classifier, found ${String(doc?.type)}`, { status: 503 });
      return new LiveLexical(LexicalClassifier.fromJSON(dequantiseLexical(doc.model)));
    },
  };
}
