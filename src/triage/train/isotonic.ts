/** One held-out prediction: the raw score and whether the remediation at that score was right. */
export interface Scored {
  score: number;
  correct: boolean;
  /** How much the ticket counts (default 1): tickets a veto caught in-sample count for the share a veto misses out of sample. */
  weight?: number;
}

/** A large block is placed by chunks of this many tickets, so its edge is not judged by its centre. */
const CHUNK = 20;

/**
 * Isotonic regression (pool adjacent violators) of correctness on score, as points
 * [mean score, precision] that `calibrate` interpolates between. A block's precision is smoothed
 * towards one half by one ticket each way ((right + 1) / (n + 2)): 20 right out of 20 claims
 * 0.95, not 1. A long block gives one point per chunk of tickets (each at the block's
 * precision), so a score at the edge of the best block is interpolated from its neighbour
 * below rather than credited with the best block's precision outright.
 */
export function fitIsotonic(points: readonly Scored[]): [number, number][] {
  const sorted = [...points].sort((a, b) => a.score - b.score || Number(a.correct) - Number(b.correct));
  const w = (p: Scored) => p.weight ?? 1;
  const blocks: { items: Scored[]; right: number; n: number }[] = [];
  for (const p of sorted) {
    blocks.push({ items: [p], right: p.correct ? w(p) : 0, n: w(p) });
    while (blocks.length > 1) {
      const b = blocks[blocks.length - 1]!;
      const a = blocks[blocks.length - 2]!;
      if (a.right / a.n < b.right / b.n) break;
      blocks.splice(blocks.length - 2, 2, { items: [...a.items, ...b.items], right: a.right + b.right, n: a.n + b.n });
    }
  }
  const out: [number, number][] = [];
  let floor = 0;
  for (const b of blocks) {
    floor = Math.max(floor, (b.right + 1) / (b.n + 2));
    const chunks = Math.max(1, Math.floor(b.items.length / CHUNK));
    for (let c = 0; c < chunks; c++) {
      const part = b.items.slice(c * CHUNK, c === chunks - 1 ? b.items.length : (c + 1) * CHUNK);
      out.push([round(part.reduce((s, p) => s + p.score, 0) / part.length), round(floor)]);
    }
  }
  return out.length ? out : [[0, 0]];
}

const round = (x: number) => Math.round(x * 10000) / 10000;
