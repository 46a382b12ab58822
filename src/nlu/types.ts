// The NLU contracts the rest of the product talks to; implementations live beside this file.
import type { EntityValue, IntentScore } from '../store/ports.js';

export type { EntityValue, IntentScore };

/** A ranked list of intents, best first; confidences are in [0, 1] and sum to at most 1. */
export type IntentRanking = IntentScore[];

export interface IntentClassifier {
  readonly name: string;
  classify(text: string): Promise<IntentRanking>;
}

export interface EntityExtractor {
  extract(text: string): EntityValue[];
}

export interface NluResult {
  /** The chosen intent, or `null` when the message is out of scope / too uncertain. */
  intent: string | null;
  confidence: number;
  ranking: IntentRanking;
  entities: EntityValue[];
  /** The top two intents when they are too close to choose between (the bot asks "did you mean A or B?"). */
  ambiguous?: [string, string];
}

/** One labelled example, as read from intents/ or a JSONL data set. */
export interface LabelledText {
  text: string;
  intent: string;
}

/** The understanding step of the turn pipeline. */
export interface LanguageUnderstanding {
  understand(text: string): Promise<NluResult>;
  /** Intent names the model knows. */
  readonly intents: string[];
}
