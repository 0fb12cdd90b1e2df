import type { HttpClientOptions } from '../../src/http/http-client.js';

/** One outside HTTP attempt the app made, as `onAttempt` reported it. */
export interface Attempt {
  system: string;
  method: string;
  path: string;
  /** `METHOD path` with ids replaced, e.g. `GET /service/tickets/{id}`. */
  endpoint: string;
  status: number | null;
  /** Duration the app's HTTP seam measured (whole ms: it uses Date.now). */
  ms: number;
  /** performance.now() when the app saw the answer, and that minus `ms`. */
  end: number;
  start: number;
}

type AttemptInfo = Parameters<NonNullable<HttpClientOptions['onAttempt']>>[0];

const GUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/gi;

export function endpointOf(method: string, path: string): string {
  const p = path
    .split('?')[0]!
    .replace(GUID, '{tenant}')
    .replace(/\/users\/[^/]+/, '/users/{upn}')
    .replace(/\/callbackkeys\/[^/]+/, '/callbackkeys/{key}')
    .replace(/\/\d+(?=\/|$)/g, '/{id}');
  return `${method.toUpperCase()} ${p}`;
}

/**
 * Collects every outside call through the sandbox's `onAttempt`. ConnectWise attempts carry no
 * system name, Microsoft 365 ones do (the M365 factory adds it), so a missing one is ConnectWise.
 */
export function createAttemptRecorder() {
  const attempts: Attempt[] = [];
  const listeners = new Set<(a: Attempt) => void>();
  const onAttempt = (info: AttemptInfo) => {
    const end = performance.now();
    const system = (info as AttemptInfo & { system?: string }).system ?? 'connectwise';
    const a: Attempt = { system, method: info.method, path: info.path, endpoint: endpointOf(info.method, info.path), status: info.status, ms: info.ms, end, start: end - info.ms };
    attempts.push(a);
    for (const l of listeners) l(a);
  };
  return {
    onAttempt,
    attempts,
    /** Attempts recorded since `mark` (an index from `mark()`). */
    since: (mark: number) => attempts.slice(mark),
    mark: () => attempts.length,
    clear: () => void attempts.splice(0),
    subscribe(listener: (a: Attempt) => void): () => void {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}

export type AttemptRecorder = ReturnType<typeof createAttemptRecorder>;
