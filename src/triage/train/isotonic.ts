/** One held-out prediction: the raw score and whether the remediation at that score was right. */
export interface Scored {
  score: number;
  correct: boolean;
}

/**
 * Isotonic regression (pool adjacent violators) of correctness on score, as steps
 * [lowest score of the step, precision]. Each step's precision is smoothed towards one half by
 * one ticket each way ((right + 1) / (n + 2)), so a step of 20 right out of 20 claims 0.95, not 1.
 */
export function fitIsotonic(points: readonly Scored[]): [number, number][] {
  const sorted = [...points].sort((a, b) => a.score - b.score || Number(a.correct) - Number(b.correct));
  const blocks: { from: number; right: number; n: number }[] = [];
  for (const p of sorted) {
    blocks.push({ from: p.score, right: p.correct ? 1 : 0, n: 1 });
    while (blocks.length > 1) {
      const b = blocks[blocks.length - 1]!;
      const a = blocks[blocks.length - 2]!;
      if (a.right / a.n < b.right / b.n) break;
      blocks.splice(blocks.length - 2, 2, { from: a.from, right: a.right + b.right, n: a.n + b.n });
    }
  }
  const steps: [number, number][] = [];
  let floor = 0;
  for (const b of blocks) {
    floor = Math.max(floor, (b.right + 1) / (b.n + 2));
    steps.push([round(b.from), round(floor)]);
  }
  return steps.length ? steps : [[0, 0]];
}

const round = (x: number) => Math.round(x * 10000) / 10000;
