// Platt scaling: p = σ(slope · score + intercept), fitted by Newton's method on log-loss. Used to turn a blend of
// log-odds into calibrated probabilities, always fitted on out-of-fold scores of the training rows only.
export interface Platt {
  slope: number;
  intercept: number;
}

const sigmoid = (z: number) => 1 / (1 + Math.exp(-z));

export function fitPlatt(scores: number[], labels: number[], iterations = 50): Platt {
  let a = 1;
  let b = 0;
  // A small ridge keeps the Newton system solvable when the scores separate the labels perfectly.
  const ridge = 1e-6;
  for (let it = 0; it < iterations; it++) {
    let ga = 0;
    let gb = 0;
    let haa = ridge;
    let hab = 0;
    let hbb = ridge;
    scores.forEach((s, i) => {
      const p = sigmoid(a * s + b);
      const e = p - (labels[i] ?? 0);
      const w = p * (1 - p);
      ga += e * s;
      gb += e;
      haa += w * s * s;
      hab += w * s;
      hbb += w;
    });
    const det = haa * hbb - hab * hab;
    if (Math.abs(det) < 1e-12) break;
    const da = (hbb * ga - hab * gb) / det;
    const db = (haa * gb - hab * ga) / det;
    a -= da;
    b -= db;
    if (Math.abs(da) + Math.abs(db) < 1e-10) break;
  }
  return { slope: a, intercept: b };
}

export function applyPlatt(p: Platt, score: number): number {
  return sigmoid(p.slope * score + p.intercept);
}
