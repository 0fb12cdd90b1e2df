import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCircuitBreaker } from './circuit-breaker.js';
import { createHttpClient } from './http-client.js';
import { OutsideApiError } from './outside-api-error.js';

describe('createCircuitBreaker', () => {
  it('opens after the threshold, fails fast, lets one trial through after the pause, closes on success', () => {
    let t = 0;
    const b = createCircuitBreaker({ failureThreshold: 3, openMs: 1000, now: () => t });
    b.failure();
    b.failure();
    expect(b.check()).toBeNull();
    b.failure();
    expect(b.state()).toBe('open');
    expect(b.check()).toBe(1000);
    t = 1000;
    expect(b.check()).toBeNull(); // the trial
    expect(b.check()).toBe(1000); // only one trial at a time; the others wait a moment
    b.failure();
    expect(b.state()).toBe('open');
    t = 2000;
    expect(b.check()).toBeNull();
    b.success();
    expect(b.state()).toBe('closed');
  });
});

describe('HTTP seam with a circuit breaker', () => {
  let calls = 0;
  const server = setupServer(http.get('https://down.example.test/x', () => (calls++, HttpResponse.json({}, { status: 502 }))), http.get('https://up.example.test/x', () => HttpResponse.json({ ok: true })));
  beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
  afterAll(() => server.close());

  it('stops calling a dead system and costs callers nothing, while another system is unaffected', async () => {
    const down = createHttpClient({ system: 'down', baseUrl: 'https://down.example.test', headers: () => ({}), maxRetries: 0, circuit: { failureThreshold: 2, openMs: 60_000 } });
    const up = createHttpClient({ system: 'up', baseUrl: 'https://up.example.test', headers: () => ({}), maxRetries: 0 });
    for (let i = 0; i < 2; i++) await expect(down.request({ method: 'GET', path: '/x', operation: 'x' })).rejects.toThrow(OutsideApiError);
    const fast = (await down.request({ method: 'GET', path: '/x', operation: 'x' }).catch((e: unknown) => e)) as OutsideApiError;
    expect(fast.message).toContain('circuit open');
    expect(fast.retryable).toBe(true);
    expect(calls).toBe(2);
    await expect(up.request({ method: 'GET', path: '/x', operation: 'x' })).resolves.toEqual({ ok: true });
  });
});
