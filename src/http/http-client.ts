import axios, { type AxiosError, type AxiosInstance, type AxiosRequestConfig, type Method } from 'axios';
import type { z } from 'zod';
import { OutsideApiError } from './outside-api-error.js';
import { backoffMs, parseRetryAfter } from './retry-after.js';
import { createCircuitBreaker, type CircuitBreakerOptions } from './circuit-breaker.js';
import { outsideUrlPolicyFromEnv, refusedOutsideUrl, type OutsideUrlPolicy } from './outside-url-policy.js';

/**
 * The single HTTP seam for one outside API: timeouts, retries with back-off and jitter,
 * Retry-After, zod-validated responses and errors without secrets. Each integration builds
 * exactly one of these and makes every call through it.
 */
export interface HttpClientOptions {
  system: string;
  baseUrl: string;
  /** Called before every request: auth and fixed headers (tokens are fetched here, not stored). */
  headers: () => Promise<Record<string, string>> | Record<string, string>;
  timeoutMs?: number;
  maxRetries?: number;
  baseDelayMs?: number;
  maxDelayMs?: number;
  /** A Retry-After longer than this is not waited out in-process; the caller (outbox) reschedules. */
  maxRetryAfterMs?: number;
  sleep?: (ms: number) => Promise<void>;
  /** Consecutive failures before calls fail fast, and for how long (see circuit-breaker.ts). */
  circuit?: CircuitBreakerOptions | false;
  /**
   * Which URLs may be called (https only, unless the loopback-http opt-in is on). Default: read from
   * the process environment on every call, so no integration can bypass it by not passing it.
   */
  urlPolicy?: OutsideUrlPolicy;
  /** Observes every attempt (metrics, call counting in tests and benchmarks). */
  onAttempt?: (info: { system: string; operation?: string; method: string; path: string; status: number | null; ms: number }) => void;
}

export interface RequestOptions<T> {
  method: Method;
  path: string;
  operation: string;
  query?: Record<string, string | number | boolean | undefined>;
  body?: unknown;
  headers?: Record<string, string>;
  schema?: z.ZodType<T>;
  /** Set for writes that are safe to repeat (PUT/PATCH to a value); POSTs default to false. */
  idempotent?: boolean;
}

export interface HttpClient {
  request<T = unknown>(opts: RequestOptions<T>): Promise<T>;
  readonly system: string;
  readonly baseUrl: string;
}

const realSleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

export function createHttpClient(options: HttpClientOptions): HttpClient {
  const {
    system,
    baseUrl,
    timeoutMs = 20_000,
    maxRetries = 3,
    baseDelayMs = 200,
    maxDelayMs = 5_000,
    maxRetryAfterMs = 30_000,
    sleep = realSleep,
  } = options;
  const http: AxiosInstance = axios.create({ timeout: timeoutMs, validateStatus: () => true, maxRedirects: 0 });
  const breaker = options.circuit === false ? null : createCircuitBreaker(options.circuit);

  async function request<T>(opts: RequestOptions<T>): Promise<T> {
    const idempotent = opts.idempotent ?? ['GET', 'HEAD', 'PUT', 'DELETE'].includes(opts.method.toUpperCase());
    const url = baseUrl.replace(/\/$/, '') + opts.path;
    // Checked on the final URL (a key_url or zone URL arrives as a full path): nothing leaves over plain http.
    const refusal = refusedOutsideUrl(url, options.urlPolicy ?? outsideUrlPolicyFromEnv(process.env));
    if (refusal) throw new OutsideApiError(system, opts.operation, null, `refused before sending: ${refusal}`, false);
    for (let attempt = 0; ; attempt++) {
      const waitMs = breaker?.check() ?? null;
      if (waitMs !== null) throw new OutsideApiError(system, opts.operation, null, `circuit open after repeated failures; next trial in ${Math.ceil(waitMs / 1000)} s`, true, false, waitMs);
      const failure = await attemptOnce(opts, url, idempotent);
      if (failure.ok) {
        breaker?.success();
        return failure.value;
      }
      const err = failure.error;
      // Only failures that say the system is unwell count: a 4xx is an answer, not an outage.
      if (err.retryable && err.status !== 429) breaker?.failure();
      else breaker?.success();
      // Only what the server refused outright, or an idempotent call, is repeated here; a write
      // that may have landed is handed back to the caller (the outbox checks before retrying).
      const repeatable = err.retryable && !err.ambiguous;
      if (!repeatable || attempt >= maxRetries) throw err;
      const wait = err.retryAfterMs ?? backoffMs(attempt, baseDelayMs, maxDelayMs);
      if (wait > maxRetryAfterMs) throw err;
      await sleep(wait);
    }
  }

  async function attemptOnce<T>(opts: RequestOptions<T>, url: string, idempotent: boolean): Promise<{ ok: true; value: T } | { ok: false; error: OutsideApiError }> {
    const started = Date.now();
    const fail = (error: OutsideApiError) => ({ ok: false as const, error });
    let res;
    try {
      const config: AxiosRequestConfig = {
        method: opts.method,
        url,
        params: opts.query,
        data: opts.body,
        headers: { Accept: 'application/json', ...(await options.headers()), ...opts.headers },
      };
      res = await http.request(config);
    } catch (err) {
      const e = err as AxiosError;
      options.onAttempt?.({ system, operation: opts.operation, method: opts.method, path: opts.path, status: null, ms: Date.now() - started });
      if (err instanceof OutsideApiError) return fail(err);
      const timedOut = e.code === 'ECONNABORTED' || e.code === 'ETIMEDOUT';
      const neverSent = e.code === 'ECONNREFUSED' || e.code === 'ENOTFOUND';
      const message = timedOut ? `timed out after ${timeoutMs} ms` : (e.code ?? 'network error');
      return fail(new OutsideApiError(system, opts.operation, null, message, true, !neverSent && !idempotent));
    }
    options.onAttempt?.({ system, operation: opts.operation, method: opts.method, path: opts.path, status: res.status, ms: Date.now() - started });
    if (res.status >= 200 && res.status < 300) {
      if (!opts.schema) return { ok: true, value: res.data as T };
      const parsed = opts.schema.safeParse(res.data === '' ? undefined : res.data);
      if (parsed.success) return { ok: true, value: parsed.data };
      const issue = parsed.error.issues[0];
      return fail(new OutsideApiError(system, opts.operation, res.status, `unexpected response shape at '${issue?.path.join('.')}': ${issue?.message}`, false));
    }
    const retryAfter = parseRetryAfter(headerValue(res.headers, 'retry-after'));
    // 429 and 503 mean the server refused before doing anything: safe to repeat any method.
    const refused = res.status === 429 || res.status === 503;
    const serverError = res.status >= 500;
    return fail(new OutsideApiError(system, opts.operation, res.status, describeErrorBody(res.data), refused || serverError, serverError && !refused && !idempotent, retryAfter));
  }

  return { request, system, baseUrl };
}

function headerValue(headers: unknown, name: string): string | null {
  const h = headers as Record<string, unknown> | undefined;
  const v = h?.[name] ?? h?.[name.toLowerCase()];
  return typeof v === 'string' ? v : null;
}

/** Pulls a human message out of the common error shapes (ConnectWise, Graph, Exchange, Entra, Autotask, Halo). */
function describeErrorBody(data: unknown): string {
  const cut = (t: string) => t.slice(0, 1000);
  if (typeof data === 'string') return cut(data) || 'no body';
  if (!data || typeof data !== 'object') return 'no message';
  const d = data as Record<string, unknown>;
  if (typeof d.error_description === 'string') {
    const first = d.error_description.split(/\r?\n/)[0] ?? '';
    return cut(typeof d.error === 'string' ? `${d.error}: ${first}` : first);
  }
  const err = d.error as Record<string, unknown> | string | undefined;
  if (typeof err === 'string') return cut(err);
  if (err && typeof err === 'object') {
    // Exchange puts the cmdlet's own text in details / innererror; Graph in message.
    const details = Array.isArray(err.details) ? (err.details[0] as Record<string, unknown> | undefined) : undefined;
    const inner = (err.innererror as Record<string, unknown> | undefined)?.internalException as Record<string, unknown> | undefined;
    for (const m of [details?.message, inner?.message, err.message]) if (typeof m === 'string' && m) return cut(m);
  }
  if (typeof d.message === 'string') return cut(d.message);
  if (Array.isArray(d.errors)) return cut(d.errors.map((e) => (typeof e === 'string' ? e : JSON.stringify(e))).join('; '));
  return 'no message';
}
