import type { Features } from '../features.js';

export interface Sample {
  x: Features;
  y: number;
  weight: number;
}

export interface TrainOptions {
  classes: number;
  /** L2 strength. */
  lambda: number;
  iterations: number;
  learningRate: number;
  /** Features seen in fewer training tickets are dropped (they only memorise). */
  minDocs: number;
  /** Keep this many features (largest weights) and train again on them. */
  keep: number;
}

export interface Trained {
  bias: number[];
  weights: Map<string, number[]>;
}

/** Features in at least `minDocs` samples, in a fixed (sorted) order so training is deterministic. */
function vocabulary(samples: readonly Sample[], minDocs: number, only?: ReadonlySet<string>): string[] {
  const df = new Map<string, number>();
  for (const s of samples) for (const k of s.x.keys()) df.set(k, (df.get(k) ?? 0) + 1);
  return [...df].filter(([k, n]) => (only ? only.has(k) : n >= minDocs || !/^[wbsc]:/.test(k))).map(([k]) => k).sort();
}

/** Multinomial logistic regression, full batch, Adam: no randomness anywhere. */
function fit(samples: readonly Sample[], vocab: readonly string[], o: TrainOptions): Trained {
  const C = o.classes;
  const index = new Map(vocab.map((k, i) => [k, i]));
  const rows = samples.map((s) => ({ f: [...s.x].filter(([k]) => index.has(k)).map(([k, v]) => [index.get(k)!, v] as const), y: s.y, w: s.weight }));
  const W = new Float64Array(vocab.length * C);
  const b = new Float64Array(C);
  const mW = new Float64Array(W.length), vW = new Float64Array(W.length), mB = new Float64Array(C), vB = new Float64Array(C);
  const totalW = rows.reduce((a, r) => a + r.w, 0);
  const [b1, b2, eps] = [0.9, 0.999, 1e-8];
  for (let it = 1; it <= o.iterations; it++) {
    const gW = new Float64Array(W.length);
    const gB = new Float64Array(C);
    for (const r of rows) {
      const z = Array.from(b);
      for (const [i, v] of r.f) for (let c = 0; c < C; c++) z[c]! += W[i * C + c]! * v;
      const max = Math.max(...z);
      const e = z.map((s) => Math.exp(s - max));
      const sum = e.reduce((a, x) => a + x, 0);
      for (let c = 0; c < C; c++) {
        const g = ((e[c]! / sum) - (c === r.y ? 1 : 0)) * (r.w / totalW);
        gB[c]! += g;
        for (const [i, v] of r.f) gW[i * C + c]! += g * v;
      }
    }
    for (let j = 0; j < W.length; j++) {
      const g = gW[j]! + o.lambda * W[j]!;
      mW[j] = b1 * mW[j]! + (1 - b1) * g;
      vW[j] = b2 * vW[j]! + (1 - b2) * g * g;
      W[j]! -= (o.learningRate * (mW[j]! / (1 - b1 ** it))) / (Math.sqrt(vW[j]! / (1 - b2 ** it)) + eps);
    }
    for (let c = 0; c < C; c++) {
      mB[c] = b1 * mB[c]! + (1 - b1) * gB[c]!;
      vB[c] = b2 * vB[c]! + (1 - b2) * gB[c]! * gB[c]!;
      b[c]! -= (o.learningRate * (mB[c]! / (1 - b1 ** it))) / (Math.sqrt(vB[c]! / (1 - b2 ** it)) + eps);
    }
  }
  const weights = new Map<string, number[]>();
  vocab.forEach((k, i) => weights.set(k, Array.from(W.subarray(i * C, i * C + C))));
  return { bias: Array.from(b), weights };
}

/** Trains, keeps the `keep` strongest features, trains again on them (the shipped model is small). */
export function train(samples: readonly Sample[], o: TrainOptions): Trained {
  const first = fit(samples, vocabulary(samples, o.minDocs), o);
  const norm = (w: number[]) => Math.sqrt(w.reduce((a, x) => a + x * x, 0));
  const kept = [...first.weights].sort((a, b) => norm(b[1]) - norm(a[1]) || a[0].localeCompare(b[0])).slice(0, o.keep).map(([k]) => k);
  return fit(samples, vocabulary(samples, o.minDocs, new Set(kept)), o);
}
