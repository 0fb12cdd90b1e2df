import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { checkReadiness } from '../src/metrics/readiness.js';
import type { Sandbox } from '../src/sandbox/start-sandbox.js';
import { openStore } from '../src/store/open-store.js';
import type { Store } from '../src/store/store.js';
import { testSandbox } from './support/sandbox-kit.js';

let sb: Sandbox | undefined;
let store: Store | undefined;
afterEach(async () => {
  await sb?.close();
  await store?.close();
  sb = undefined;
  store = undefined;
});

const readyz = async (s: Sandbox) => {
  const res = await fetch(`${s.app.url}/readyz`);
  return { status: res.status, body: (await res.json()) as { ok: boolean; reason?: string } };
};

describe('GET /readyz', () => {
  it('is 200 while the store answers and the queue takes jobs, 503 with a reason once the store is closed', async () => {
    store = await openStore({ dataDir: mkdtempSync(join(tmpdir(), 'tfx-readyz-')) });
    sb = await testSandbox({ store });
    expect(await readyz(sb)).toEqual({ status: 200, body: { ok: true } });
    // Liveness is not readiness: /healthz stays 200 either way.
    await store.close();
    expect(await readyz(sb)).toEqual({ status: 503, body: { ok: false, reason: 'store unreachable' } });
    expect((await fetch(`${sb.app.url}/healthz`)).status).toBe(200);
  });

  it('is 503 when the work queue no longer accepts jobs', async () => {
    sb = await testSandbox();
    await sb.app.queue.close();
    expect(await readyz(sb)).toEqual({ status: 503, body: { ok: false, reason: 'work queue is not accepting jobs' } });
  });

  it('counts a store that does not answer in time as unreachable', async () => {
    const hanging = { getKv: () => new Promise<never>(() => undefined) };
    expect(await checkReadiness({ store: hanging, queue: { accepting: () => true }, timeoutMs: 20 })).toEqual({ ok: false, reason: 'store unreachable' });
    expect(await checkReadiness({ store: { getKv: async () => null }, queue: { accepting: () => true } })).toEqual({ ok: true });
  });
});
