// The understanding step the bot runs on: the live model sits in a holder that the retrain API swaps without a
// restart, and every understand() call reads whichever model is current. Adds the out-of-scope decision and the
// "did you mean A or B?" pair to the ranking.
import { AppError } from '../../app-error.js';
import { isRejected } from '../out-of-scope.js';
import { MAX_TEXT_CHARS, textTokens } from '../text-normalise.js';
import type { EntityExtractor, LanguageUnderstanding, NluResult } from '../types.js';
import { ambiguousPair, inScopeRanking } from './ambiguity.js';
import type { TrainedIntentClassifier } from './intent-trainer.js';
import type { LiveModelFile } from './live-model-file.js';

/** A trained classifier with its file's metadata (everything but the classifier JSON). */
export interface LiveModel {
  classifier: TrainedIntentClassifier;
  meta: Omit<LiveModelFile, 'classifier'>;
}

/** Holds the model the bot uses now; swap() replaces it atomically for every later turn. */
export class LiveModelHolder {
  private model: LiveModel;
  constructor(initial: LiveModel) {
    this.model = initial;
  }
  get current(): LiveModel {
    return this.model;
  }
  swap(next: LiveModel): void {
    this.model = next;
  }
}

export interface LiveUnderstandingOptions {
  /** Replaces the model's own threshold (config NLU_CONFIDENCE_THRESHOLD). */
  thresholdOverride?: number;
}

export interface LiveUnderstanding extends LanguageUnderstanding {
  readonly threshold: number;
  readonly holder: LiveModelHolder;
}

/** In-scope intents of a model (the out-of-scope class is not an intent the bot can answer). */
export function liveIntents(model: LiveModel): string[] {
  return model.classifier.intents.filter((i) => i !== model.classifier.oosLabel);
}

export function createLiveUnderstanding(holder: LiveModelHolder, extractor: EntityExtractor, options: LiveUnderstandingOptions = {}): LiveUnderstanding {
  const override = options.thresholdOverride;
  if (override !== undefined && !(override >= 0 && override <= 1)) {
    throw new AppError('NLU_THRESHOLD_INVALID', `Confidence threshold must be in [0, 1], got ${override}`);
  }
  return {
    holder,
    get threshold() {
      return override ?? holder.current.classifier.threshold;
    },
    get intents() {
      return liveIntents(holder.current);
    },
    async understand(input: string): Promise<NluResult> {
      const text = typeof input === 'string' ? input.slice(0, MAX_TEXT_CHARS) : '';
      const entities = extractor.extract(text);
      if (textTokens(text).length === 0) return { intent: null, confidence: 0, ranking: [], entities };
      const { classifier, meta } = holder.current;
      const full = await classifier.classify(text);
      const top = full[0];
      const threshold = override ?? classifier.threshold;
      const rejected = !top || isRejected(top, { threshold, oosLabel: classifier.oosLabel });
      const ranking = inScopeRanking(full, classifier.oosLabel);
      const confidence = rejected ? (ranking[0]?.confidence ?? 0) : top.confidence;
      // The out-of-scope class on top is a rejection, never a toss-up between two intents.
      const pair = top && top.intent !== classifier.oosLabel ? ambiguousPair(ranking, meta.clarification) : null;
      return { intent: rejected ? null : top.intent, confidence, ranking, entities, ...(pair ? { ambiguous: pair } : {}) };
    },
  };
}
