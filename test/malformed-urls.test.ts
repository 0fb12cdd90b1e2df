import { request } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Sandbox } from '../src/sandbox/start-sandbox.js';
import { testSandbox } from './support/sandbox-kit.js';

/** One raw request: the path goes on the wire exactly as written (fetch would re-encode it). */
function raw(origin: string, method: string, path: string): Promise<{ status: number | null; error?: string }> {
  const { hostname, port } = new URL(origin);
  return new Promise((resolve) => {
    const req = request({ hostname, port, method, path, headers: { 'content-type': 'application/json' }, timeout: 10_000 }, (res) => {
      res.resume();
      res.on('end', () => resolve({ status: res.statusCode ?? null }));
    });
    req.on('timeout', () => {
      req.destroy();
      resolve({ status: null, error: 'no answer within 10 s' });
    });
    req.on('error', (err) => resolve({ status: null, error: err.message }));
    req.end(method === 'POST' ? '{}' : undefined);
  });
}

const MALFORMED = ['%', '%zz', '%E0%A4%A', '%C0%AF', '%uD800', 'a%2', '%%41'];

/**
 * No request may take the process down. Every route family gets malformed percent-encodings in
 * its path and its query; each must be answered (below 500), no rejection may go unhandled,
 * and the app still answers afterwards.
 */
describe('malformed percent-encodings reach every route family', () => {
  let sb: Sandbox;
  const unhandled: unknown[] = [];
  const onUnhandled = (reason: unknown) => void unhandled.push(reason);
  beforeAll(async () => {
    process.on('unhandledRejection', onUnhandled);
    sb = await testSandbox({ history: false });
  });
  afterAll(async () => {
    process.off('unhandledRejection', onUnhandled);
    await sb?.close();
  });

  it('every one is answered with a 4xx, nothing is left unhandled, and the app keeps serving', async () => {
    const cwSim = new URL(sb.urls.connectwise).pathname;
    const families: [string, string, string][] = [
      ['webhook (PSA)', 'POST', '/webhooks/connectwise/sandbox-cw'],
      ['webhook (RMM)', 'POST', '/webhooks/rmm/generic/sandbox-generic'],
      ['admin', 'GET', '/admin/runs'],
      ['console', 'GET', '/console/'],
      ['secret link', 'GET', '/p'],
      ['approval page', 'GET', '/approve'],
      ['simulator', 'GET', `${cwSim}/system/callbackkeys`],
      ['simulator (Halo)', 'GET', `${new URL(sb.urls.halopsa).pathname}/Tickets`],
      ['sandbox', 'GET', '/sandbox'],
      ['health', 'GET', '/healthz'],
      ['readiness', 'GET', '/readyz'],
      ['metrics', 'GET', '/metrics'],
    ];
    const bad: string[] = [];
    for (const [family, method, path] of families) {
      for (const m of MALFORMED) {
        for (const target of [`${path}/${m}`, `${path}?q=${m}`, `${path}/x${m}y/z`]) {
          const r = await raw(sb.urls.origin, method, target);
          if (r.status === null || r.status >= 500) bad.push(`${family}: ${method} ${target} -> ${r.status ?? r.error}`);
        }
      }
    }
    expect(bad).toEqual([]);
    expect(unhandled.map(String)).toEqual([]);
    expect((await raw(sb.urls.origin, 'GET', '/healthz')).status).toBe(200);
  });

  it('a signing-key fetch whose key_url has a malformed encoding is a 4xx from the simulated key host (ConnectWise answers no such key)', async () => {
    const res = await fetch(`${sb.connectwise.keyUrl()}%zz`);
    expect(res.status).toBe(400);
  });
});
