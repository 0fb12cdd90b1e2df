import type { Attempt } from './attempt-recorder.js';

export interface CriticalPath {
  /** Outside calls that had to happen one after another (the longest chain of non-overlapping calls). */
  calls: number;
  /** Their summed duration as the app saw it. */
  waitMs: number;
  chain: string[];
}

/**
 * The longest chain of outside calls where each starts after the previous one ended: the calls
 * no amount of parallelism could overlap. Calls made in parallel (the outbox's note, status and
 * time entry) overlap in time and so count once. `toleranceMs` absorbs the whole-ms timing of
 * the app's HTTP seam.
 */
export function criticalPath(attempts: readonly Attempt[], toleranceMs = 1): CriticalPath {
  const sorted = [...attempts].sort((a, b) => a.end - b.end);
  const best: { calls: number; waitMs: number; prev: number }[] = [];
  sorted.forEach((a, i) => {
    let pick = { calls: 1, waitMs: a.ms, prev: -1 };
    for (let j = 0; j < i; j++) {
      const b = sorted[j]!;
      if (b.end > a.start + toleranceMs) continue;
      const cand = best[j]!;
      if (cand.calls + 1 > pick.calls || (cand.calls + 1 === pick.calls && cand.waitMs + a.ms > pick.waitMs)) pick = { calls: cand.calls + 1, waitMs: cand.waitMs + a.ms, prev: j };
    }
    best.push(pick);
  });
  let end = -1;
  best.forEach((b, i) => {
    const cur = end < 0 ? undefined : best[end]!;
    if (!cur || b.calls > cur.calls || (b.calls === cur.calls && b.waitMs > cur.waitMs)) end = i;
  });
  const chain: string[] = [];
  for (let i = end; i >= 0; i = best[i]!.prev) chain.unshift(`${sorted[i]!.system} ${sorted[i]!.endpoint}`);
  return end < 0 ? { calls: 0, waitMs: 0, chain } : { calls: best[end]!.calls, waitMs: best[end]!.waitMs, chain };
}
