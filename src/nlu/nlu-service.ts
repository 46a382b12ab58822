// The understanding step of the turn pipeline: rank intents, reject the uncertain as out of scope, extract
// entities. loadLanguageUnderstanding builds it from models/intent-model.json without retraining.
import { AppError } from '../app-error.js';
import { createEntityExtractor } from './entities.js';
import { readIntentModelFile, type IntentModelMetrics, type ThresholdProvenance } from './intent-model-file.js';
import { NaiveBayesClassifier } from './naive-bayes-classifier.js';
import { MAX_TEXT_CHARS, textTokens } from './text-normalise.js';
import type { EntityExtractor, IntentClassifier, LanguageUnderstanding, NluResult } from './types.js';

export interface LoadLanguageUnderstandingOptions {
  modelsDir: string;
  productNames?: readonly string[];
  /** Replaces the model's own threshold (config NLU_CONFIDENCE_THRESHOLD). */
  thresholdOverride?: number;
}

export interface LoadedLanguageUnderstanding extends LanguageUnderstanding {
  readonly threshold: number;
  readonly model: {
    version: number;
    trainedAt: string;
    classifier: string;
    thresholdProvenance: ThresholdProvenance;
    metrics: IntentModelMetrics;
  };
}

type ClassifierWithIntents = IntentClassifier & { readonly intents?: readonly string[] };

/**
 * Wires a classifier, an entity extractor and a threshold. `intents` defaults to the classifier's own list when it
 * has one. understand() never throws on odd text: empty or wordless messages give intent null, confidence 0.
 */
export function createLanguageUnderstanding(
  classifier: ClassifierWithIntents,
  extractor: EntityExtractor,
  threshold: number,
  intents: readonly string[] = classifier.intents ?? [],
): LanguageUnderstanding {
  if (!(threshold >= 0 && threshold <= 1)) throw new AppError('NLU_THRESHOLD_INVALID', `Confidence threshold must be in [0, 1], got ${threshold}`);
  return {
    intents: [...intents],
    async understand(input: string): Promise<NluResult> {
      const text = typeof input === 'string' ? input.slice(0, MAX_TEXT_CHARS) : '';
      const entities = extractor.extract(text);
      if (textTokens(text).length === 0) return { intent: null, confidence: 0, ranking: [], entities };
      const ranking = await classifier.classify(text);
      const top = ranking[0];
      const confidence = top?.confidence ?? 0;
      return { intent: top && confidence >= threshold ? top.intent : null, confidence, ranking, entities };
    },
  };
}

/** Reads models/intent-model.json (AppError MODEL_MISSING / MODEL_INVALID) and builds the understanding step. */
export function loadLanguageUnderstanding(options: LoadLanguageUnderstandingOptions): LoadedLanguageUnderstanding {
  const file = readIntentModelFile(options.modelsDir);
  const classifier = NaiveBayesClassifier.fromJSON(file.classifier);
  if (classifier.intents.join('\n') !== file.intents.join('\n')) {
    throw new AppError('MODEL_INVALID', 'Intent model: the classifier and the file disagree on the intent list', { status: 503 });
  }
  const threshold = options.thresholdOverride ?? file.threshold;
  const extractor = createEntityExtractor({ productNames: options.productNames });
  const nlu = createLanguageUnderstanding(classifier, extractor, threshold);
  return {
    ...nlu,
    threshold,
    model: {
      version: file.version,
      trainedAt: file.trainedAt,
      classifier: classifier.name,
      thresholdProvenance: file.thresholdProvenance,
      metrics: file.metrics,
    },
  };
}
