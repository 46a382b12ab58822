// The ensemble at classification time: each member's log-probabilities mapped onto the shared intent order and
// pooled with the learned weights (whose sum already carries the fitted temperature), then the out-of-scope rules:
// the out-of-scope class on top, or a top confidence under the threshold chosen on held-out rows, is a rejection.
import { decideRanking, type IntentDecision } from '../out-of-scope.js';
import type { IntentClassifier, IntentRanking } from '../types.js';
import { logSoftmaxInPlace } from './combine-weights.js';
import type { MemberModel } from './members.js';

/** log p for a class a member has never seen (it cannot vote for it). */
const UNSEEN_LOG_PROB = Math.log(1e-12);

export interface EnsembleCalibration {
  /** Answer when the top confidence is >= threshold; 0 = never reject on confidence. */
  threshold: number;
  thresholdObjective: string;
  /** The class that means "out of scope" when training had one; predicting it is a rejection. */
  oosLabel: string | null;
}

export type EnsembleDecision = IntentDecision;

/** Maps a member's log-probabilities (its own intent order) onto `intents`. */
export function alignLogProbs(member: Pick<MemberModel, 'intents'>, intents: readonly string[]): (lp: Float64Array) => Float64Array {
  const from = new Map(member.intents.map((c, i) => [c, i]));
  const positions = intents.map((c) => from.get(c) ?? -1);
  return (lp) => Float64Array.from(positions, (p) => (p < 0 ? UNSEEN_LOG_PROB : lp[p]!));
}

export class EnsembleClassifier implements IntentClassifier {
  readonly name = 'ensemble';
  private readonly aligners: ((lp: Float64Array) => Float64Array)[];

  constructor(
    readonly intents: readonly string[],
    readonly members: readonly MemberModel[],
    /** Unnormalised pool weights, one per member (Σ = 1 / temperature). */
    readonly weights: readonly number[],
    readonly calibration: Readonly<EnsembleCalibration>,
  ) {
    if (members.length !== weights.length) throw new RangeError(`${members.length} members but ${weights.length} weights`);
    this.aligners = members.map((m) => alignLogProbs(m, intents));
  }

  /** Softmax temperature implied by the weights (1 / Σw). */
  get temperature(): number {
    const sum = this.weights.reduce((a, b) => a + b, 0);
    return sum > 0 ? 1 / sum : Infinity;
  }

  /** Pooled log-probabilities over `intents` per text; members with weight 0 are not run. */
  async logProbabilities(texts: string[]): Promise<Float64Array[]> {
    const out = texts.map(() => new Float64Array(this.intents.length));
    for (let m = 0; m < this.members.length; m++) {
      const w = this.weights[m]!;
      if (w === 0) continue;
      const lps = await this.members[m]!.logProbabilities(texts);
      lps.forEach((lp, i) => {
        const aligned = this.aligners[m]!(lp);
        const z = out[i]!;
        for (let c = 0; c < z.length; c++) z[c]! += w * aligned[c]!;
      });
    }
    return out.map(logSoftmaxInPlace);
  }

  /** Rankings, best first (ties by intent name), for a batch of texts. */
  async rankBatch(texts: string[]): Promise<IntentRanking[]> {
    return (await this.logProbabilities(texts)).map((lp) =>
      this.intents
        .map((intent, c) => ({ intent, confidence: Math.exp(lp[c]!) }))
        .sort((a, b) => b.confidence - a.confidence || (a.intent < b.intent ? -1 : a.intent > b.intent ? 1 : 0)),
    );
  }

  async classify(text: string): Promise<IntentRanking> {
    return (await this.rankBatch([text]))[0]!;
  }

  /** The out-of-scope rules applied to a ranking this classifier produced. */
  decideRanking(ranking: IntentRanking): EnsembleDecision {
    return decideRanking(ranking, this.calibration);
  }

  async decide(text: string): Promise<EnsembleDecision> {
    return this.decideRanking(await this.classify(text));
  }
}
