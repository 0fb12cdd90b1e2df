import { createHash } from 'node:crypto';

/**
 * Datto allows 600 requests per rolling 60 s per ACCOUNT (every user and tool together), slows
 * down over 90% and blocks the IP after repeated 429s. So every request this process sends to one
 * account waits for a slot in one shared sliding window, sized below the limit in config.
 * (Several app instances each keep their own window: size `requestsPerMinute` for all of them.)
 */
export interface AccountLimiter {
  acquire(): Promise<void>;
  /** Requests sent in the current window. */
  used(): number;
}

const WINDOW_MS = 60_000;
const limiters = new Map<string, AccountLimiter>();

export function createAccountLimiter(max: number, now: () => number, sleep: (ms: number) => Promise<void>): AccountLimiter {
  let stamps: number[] = [];
  let chain: Promise<void> = Promise.resolve();
  const prune = () => {
    const t = now();
    stamps = stamps.filter((s) => s > t - WINDOW_MS);
  };
  return {
    acquire() {
      // Serialised, so waiters take slots in arrival order.
      const turn = chain.then(async () => {
        for (;;) {
          prune();
          if (stamps.length < max) {
            stamps.push(now());
            return;
          }
          await sleep(Math.max(1, stamps[0]! + WINDOW_MS - now()));
        }
      });
      chain = turn.catch(() => undefined);
      return turn;
    },
    used() {
      prune();
      return stamps.length;
    },
  };
}

/** The one limiter for an account (API host + key), shared by every adapter in this process. */
export function accountLimiterFor(apiUrl: string, apiKey: string, max: number, now: () => number, sleep: (ms: number) => Promise<void>): AccountLimiter {
  const key = createHash('sha256').update(`${apiUrl.replace(/\/$/, '').toLowerCase()}|${apiKey}`).digest('hex');
  let l = limiters.get(key);
  if (!l) {
    l = createAccountLimiter(max, now, sleep);
    limiters.set(key, l);
  }
  return l;
}
