import type { CallLogEntry } from '../../mocks/connectwise/types.js';
import type { HttpClientOptions } from '../../src/http/http-client.js';

/**
 * Evidence that an injected fault really happened: which faults a simulator served (from its
 * call log) and what the app's HTTP client saw (from its attempt observer), with times, so a
 * test can assert the fault and the wait that followed instead of trusting that it happened.
 */

type AttemptInfo = Parameters<NonNullable<HttpClientOptions['onAttempt']>>[0];
export interface Attempt extends AttemptInfo {
  /** When the attempt ended (ms since the epoch). */
  at: number;
}

/** An `onAttempt` observer that keeps every outside call the app made. */
export function recordAttempts(): { onAttempt: NonNullable<HttpClientOptions['onAttempt']>; attempts: Attempt[] } {
  const attempts: Attempt[] = [];
  return { attempts, onAttempt: (info) => attempts.push({ ...info, at: Date.now() }) };
}

/** Calls a PSA simulator answered with an injected fault whose label starts with `label` (e.g. 'throttleNext', 'failNext 503'). */
export function faultsServed(calls: readonly CallLogEntry[], label: string, match: { path?: RegExp; method?: string } = {}): CallLogEntry[] {
  return calls.filter((c) => c.fault?.startsWith(label) && (!match.path || match.path.test(c.path)) && (!match.method || c.method === match.method));
}

/**
 * Milliseconds between a call and the next one of the same method and path in the log (the
 * retry), from the simulator's own timestamps: null when there was no retry.
 */
export function gapToRetryMs(calls: readonly CallLogEntry[], call: CallLogEntry): number | null {
  const i = calls.indexOf(call);
  const next = calls.slice(i + 1).find((c) => c.method === call.method && c.path === call.path);
  return next ? Date.parse(next.at) - Date.parse(call.at) : null;
}
