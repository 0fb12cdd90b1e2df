import { http, HttpResponse, delay } from 'msw';
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { createHttpClient } from './http-client.js';
import { OutsideApiError } from './outside-api-error.js';
import { parseRetryAfter } from './retry-after.js';

const BASE = 'https://api.example.test/v1';
const server = setupServer();
beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterEach(() => server.resetHandlers());
afterAll(() => server.close());

function client(extra: Partial<Parameters<typeof createHttpClient>[0]> = {}) {
  const waits: number[] = [];
  const c = createHttpClient({
    system: 'example',
    baseUrl: BASE,
    headers: () => ({ Authorization: 'Bearer super-secret-token' }),
    sleep: async (ms) => void waits.push(ms),
    ...extra,
  });
  return { c, waits };
}

/** Answers with the given responses in order, then repeats the last one. */
function sequence(method: 'get' | 'post', path: string, responses: (() => Response | Promise<Response>)[]) {
  let i = 0;
  const seen: Request[] = [];
  server.use(
    http[method](`${BASE}${path}`, ({ request }) => {
      seen.push(request);
      const r = responses[Math.min(i++, responses.length - 1)]!;
      return r();
    }),
  );
  return seen;
}

describe('createHttpClient', () => {
  it('waits as long as Retry-After says on a 429, then succeeds', async () => {
    const seen = sequence('get', '/things', [() => HttpResponse.json({ message: 'slow down' }, { status: 429, headers: { 'Retry-After': '2' } }), () => HttpResponse.json({ ok: 1 })]);
    const { c, waits } = client();
    await expect(c.request({ method: 'GET', path: '/things', operation: 'list things' })).resolves.toEqual({ ok: 1 });
    expect(waits).toEqual([2000]);
    expect(seen).toHaveLength(2);
    expect(seen[0]!.headers.get('authorization')).toBe('Bearer super-secret-token');
  });

  it('retries an idempotent GET on 500 with back-off, and gives up after maxRetries', async () => {
    const seen = sequence('get', '/things', [() => HttpResponse.json({ error: { message: 'boom' } }, { status: 500 })]);
    const { c, waits } = client({ maxRetries: 2 });
    const err = await c.request({ method: 'GET', path: '/things', operation: 'list things' }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(OutsideApiError);
    expect((err as OutsideApiError).status).toBe(500);
    expect((err as OutsideApiError).message).toContain('boom');
    expect(seen).toHaveLength(3);
    expect(waits).toHaveLength(2);
  });

  it('does not repeat a POST that got a 500: it may have landed, so the error says ambiguous', async () => {
    const seen = sequence('post', '/notes', [() => HttpResponse.json({ message: 'oops' }, { status: 500 })]);
    const { c } = client();
    const err = (await c.request({ method: 'POST', path: '/notes', operation: 'add note', body: { a: 1 } }).catch((e: unknown) => e)) as OutsideApiError;
    expect(seen).toHaveLength(1);
    expect(err.ambiguous).toBe(true);
    expect(err.retryable).toBe(true);
  });

  it('repeats a POST refused with 503 (the server did nothing)', async () => {
    const seen = sequence('post', '/notes', [() => HttpResponse.json({}, { status: 503 }), () => HttpResponse.json({ id: 7 }, { status: 201 })]);
    const { c } = client();
    await expect(c.request({ method: 'POST', path: '/notes', operation: 'add note', body: {} })).resolves.toEqual({ id: 7 });
    expect(seen).toHaveLength(2);
  });

  it('hands back a Retry-After longer than it may wait in-process', async () => {
    sequence('get', '/things', [() => HttpResponse.json({}, { status: 429, headers: { 'Retry-After': '600' } })]);
    const { c, waits } = client({ maxRetryAfterMs: 30_000 });
    const err = (await c.request({ method: 'GET', path: '/things', operation: 'list' }).catch((e: unknown) => e)) as OutsideApiError;
    expect(err.status).toBe(429);
    expect(err.retryAfterMs).toBe(600_000);
    expect(waits).toEqual([]);
  });

  it('times out a hung call and reports it as retryable', async () => {
    sequence('get', '/slow', [async () => {
      await delay(2_000);
      return HttpResponse.json({});
    }]);
    const { c } = client({ timeoutMs: 100, maxRetries: 0 });
    const err = (await c.request({ method: 'GET', path: '/slow', operation: 'slow' }).catch((e: unknown) => e)) as OutsideApiError;
    expect(err).toBeInstanceOf(OutsideApiError);
    expect(err.message).toContain('timed out');
    expect(err.retryable).toBe(true);
  });

  it('rejects a response of the wrong shape with a clear, non-retryable error', async () => {
    sequence('get', '/thing', [() => HttpResponse.json({ id: 'not-a-number' })]);
    const { c } = client();
    const err = (await c.request({ method: 'GET', path: '/thing', operation: 'get thing', schema: z.object({ id: z.number() }) }).catch((e: unknown) => e)) as OutsideApiError;
    expect(err.retryable).toBe(false);
    expect(err.message).toMatch(/unexpected response shape at 'id'/);
  });

  it('never puts the credentials into an error', async () => {
    sequence('get', '/things', [() => HttpResponse.json({ message: 'denied' }, { status: 401 })]);
    const { c } = client();
    const err = (await c.request({ method: 'GET', path: '/things', operation: 'list' }).catch((e: unknown) => e)) as OutsideApiError;
    expect(err.status).toBe(401);
    expect(JSON.stringify({ ...err, message: err.message, stack: err.stack })).not.toContain('super-secret-token');
  });
});

describe('parseRetryAfter', () => {
  it('reads seconds and HTTP dates, and ignores junk', () => {
    const now = Date.parse('2026-01-01T00:00:00Z');
    expect(parseRetryAfter('5', now)).toBe(5000);
    expect(parseRetryAfter('Thu, 01 Jan 2026 00:00:10 GMT', now)).toBe(10_000);
    expect(parseRetryAfter('soon', now)).toBeNull();
    expect(parseRetryAfter(undefined, now)).toBeNull();
  });
});
