/**
 * Datto's account-wide limit: 600 requests per rolling 60 s (all users and tokens of the
 * account). Over it: 429; a client that keeps going after `blockAfter` refusals in the window is
 * blocked with 403 for `blockSeconds` (Datto blocks the IP temporarily).
 */
export interface DattoLimits {
  max: number;
  windowMs: number;
  blockAfter: number;
  blockSeconds: number;
}

export const DATTO_LIMITS: DattoLimits = { max: 600, windowMs: 60_000, blockAfter: 20, blockSeconds: 300 };

export interface DattoLimiter {
  /** null = go ahead; otherwise the refusal. */
  take(): { status: 429 | 403; retryAfterSeconds: number } | null;
  used(): number;
  configure(limits: DattoLimits | null): void;
}

export function createDattoLimiter(limits: DattoLimits | null, now: () => number): DattoLimiter {
  let cfg = limits;
  let stamps: number[] = [];
  let refusals: number[] = [];
  let blockedUntil = 0;
  return {
    take() {
      if (!cfg) return null;
      const t = now();
      if (t < blockedUntil) return { status: 403, retryAfterSeconds: Math.ceil((blockedUntil - t) / 1000) };
      stamps = stamps.filter((s) => s > t - cfg!.windowMs);
      refusals = refusals.filter((s) => s > t - cfg!.windowMs);
      if (stamps.length >= cfg.max) {
        refusals.push(t);
        if (refusals.length > cfg.blockAfter) {
          blockedUntil = t + cfg.blockSeconds * 1000;
          return { status: 403, retryAfterSeconds: cfg.blockSeconds };
        }
        return { status: 429, retryAfterSeconds: Math.max(1, Math.ceil((stamps[0]! + cfg.windowMs - t) / 1000)) };
      }
      stamps.push(t);
      return null;
    },
    used: () => stamps.length,
    configure(l) {
      cfg = l;
      stamps = [];
      refusals = [];
      blockedUntil = 0;
    },
  };
}
