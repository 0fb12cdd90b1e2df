import { readFileSync } from 'node:fs';
import { z } from 'zod';
import type { Features } from './features.js';

/** The shipped classifier: a multinomial linear model plus its calibration (see docs/triage.md). */
export const LinearModelFile = z.object({
  version: z.literal(1),
  /** 'none' first, then the remediation ids. */
  classes: z.array(z.string()).min(2),
  bias: z.array(z.number()),
  weights: z.record(z.string(), z.array(z.number())),
  /** Isotonic blocks fitted on cross-validated scores: [mean score of the block, precision observed there], by score. */
  calibration: z.array(z.tuple([z.number(), z.number()])).min(1),
  /** Cross-validated figures the training script measured, for the docs and the CLI. */
  reliability: z.array(z.object({ from: z.number(), to: z.number(), tickets: z.number(), correct: z.number() })).default([]),
  trainedOn: z.object({ tickets: z.number(), sha256: z.string() }).optional(),
});
export type LinearModelFile = z.infer<typeof LinearModelFile>;

export interface LinearModel {
  classes: readonly string[];
  bias: readonly number[];
  weights: ReadonlyMap<string, readonly number[]>;
  calibration: readonly (readonly [number, number])[];
  reliability: LinearModelFile['reliability'];
}

export function toModel(f: LinearModelFile): LinearModel {
  for (const [k, w] of Object.entries(f.weights)) if (w.length !== f.classes.length) throw new Error(`model weights for ${k}: ${w.length} values for ${f.classes.length} classes`);
  if (f.bias.length !== f.classes.length) throw new Error('model bias does not match its classes');
  return { classes: f.classes, bias: f.bias, weights: new Map(Object.entries(f.weights)), calibration: f.calibration, reliability: f.reliability };
}

/** Reads and checks a weight file (the shipped one, or one an MSP trained on its own tickets). */
export function loadModel(url: URL | string): LinearModel {
  return toModel(LinearModelFile.parse(JSON.parse(readFileSync(url, 'utf8'))));
}

/** Class probabilities (softmax of the linear scores). */
export function probabilities(m: LinearModel, x: Features): number[] {
  const z = [...m.bias];
  for (const [k, v] of x) {
    const w = m.weights.get(k);
    if (w) for (let c = 0; c < z.length; c++) z[c]! += w[c]! * v;
  }
  const max = Math.max(...z);
  const e = z.map((s) => Math.exp(s - max));
  const sum = e.reduce((a, b) => a + b, 0);
  return e.map((s) => s / sum);
}

/** The features that pushed most towards `cls` against the runner-up class `other`. */
export function topFeatures(m: LinearModel, x: Features, cls: number, other: number, n = 4): { feature: string; weight: number }[] {
  const out: { feature: string; weight: number }[] = [];
  for (const [k, v] of x) {
    const w = m.weights.get(k);
    if (w) out.push({ feature: k, weight: (w[cls]! - w[other]!) * v });
  }
  return out.sort((a, b) => b.weight - a.weight || a.feature.localeCompare(b.feature)).slice(0, n).filter((f) => f.weight > 0);
}

/** The precision observed at this score on held-out folds: linear between the isotonic blocks' centres, flat beyond. */
export function calibrate(m: Pick<LinearModel, 'calibration'>, score: number): number {
  const pts = m.calibration;
  if (score <= pts[0]![0]) return pts[0]![1];
  for (let i = 1; i < pts.length; i++) {
    const [x1, y1] = pts[i]!;
    const [x0, y0] = pts[i - 1]!;
    if (score <= x1) return x1 === x0 ? y1 : y0 + ((y1 - y0) * (score - x0)) / (x1 - x0);
  }
  return pts[pts.length - 1]![1];
}
