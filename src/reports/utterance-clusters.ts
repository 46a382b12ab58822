// Groups unrecognised messages by text similarity so a manager reads "40 people asked about X" instead of 40 rows.
// Each message becomes a TF-IDF vector over stemmed word 1-2-grams (the NLU's own tf-idf code, fitted on these
// messages alone); a greedy leader pass, most frequent text first, puts a message into the first cluster whose
// leader is at least CLUSTER_THRESHOLD cosine-similar, else starts a cluster. Deterministic for the same input.
import { TfidfBlock } from '../nlu/lexical/tfidf-features.js';
import { wordNgrams } from '../nlu/lexical/ngrams.js';
import type { SparseVector } from '../nlu/lexical/sparse-vector.js';
import { stemToken, textTokens } from '../nlu/text-normalise.js';

/** Cosine similarity to the leader needed to join its cluster (chosen by reading clusters of the held-out probes). */
export const CLUSTER_THRESHOLD = 0.5;
export const EXAMPLES_PER_CLUSTER = 5;

export interface ClusterInput {
  id: string;
  text: string;
}

export interface UtteranceCluster {
  /** The leader's text: the most frequent message of the cluster. */
  label: string;
  count: number;
  /** Up to five distinct texts, most frequent first. */
  examples: string[];
  interactionIds: string[];
}

function cosine(a: SparseVector, b: SparseVector): number {
  let i = 0;
  let j = 0;
  let dot = 0;
  while (i < a.indices.length && j < b.indices.length) {
    const x = a.indices[i]!;
    const y = b.indices[j]!;
    if (x === y) dot += a.values[i++]! * b.values[j++]!;
    else if (x < y) i++;
    else j++;
  }
  return dot;
}

const terms = (text: string): string[] => wordNgrams(textTokens(text).map(stemToken), { min: 1, max: 2 });

export function clusterUtterances(items: readonly ClusterInput[], threshold = CLUSTER_THRESHOLD): UtteranceCluster[] {
  // Identical texts (after normalisation) are one entry with all their ids.
  const groups = new Map<string, { text: string; ids: string[]; terms: string[] }>();
  for (const item of items) {
    const t = terms(item.text);
    const key = t.join(' ') || item.text.trim().toLowerCase();
    const g = groups.get(key);
    if (g) g.ids.push(item.id);
    else groups.set(key, { text: item.text.trim(), ids: [item.id], terms: t });
  }
  const entries = [...groups.values()].sort((a, b) => b.ids.length - a.ids.length || a.text.localeCompare(b.text));
  const tfidf = TfidfBlock.fit(entries.map((e) => e.terms), 1, true);
  const clusters: { leader: SparseVector; members: typeof entries }[] = [];
  for (const entry of entries) {
    const vector = tfidf.transform(entry.terms);
    const home = vector.indices.length === 0 ? undefined : clusters.find((c) => cosine(c.leader, vector) >= threshold);
    if (home) home.members.push(entry);
    else clusters.push({ leader: vector, members: [entry] });
  }
  return clusters
    .map(({ members }) => ({
      label: members[0]!.text,
      count: members.reduce((n, m) => n + m.ids.length, 0),
      examples: members.slice(0, EXAMPLES_PER_CLUSTER).map((m) => m.text),
      interactionIds: members.flatMap((m) => m.ids),
    }))
    .sort((a, b) => b.count - a.count || a.label.localeCompare(b.label));
}
