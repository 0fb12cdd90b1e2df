import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { startApp, type AppHandle } from '../src/runtime/start-app.js';
import { SANDBOX_SECRETS } from '../src/sandbox/sandbox-config.js';
import type { Sandbox } from '../src/sandbox/start-sandbox.js';
import type { Store } from '../src/store/store.js';
import { createTicket, notesOf, runsFor, settle, statusOf, testSandbox } from './support/sandbox-kit.js';
import { startRedis } from '../support/redis-server.js';

const MEGAN = 'megan.bowen@contoso.example';
const LINK = /\/p\/([A-Za-z0-9_-]{43})\b/;
// Every instance is configured with the same link secret; none of them stores it.
const LINK_SECRET = 'second-instance-test-link-secret-0123456789';

const redis = await startRedis();
afterAll(async () => redis?.stop());

let a: Sandbox | undefined;
let b: AppHandle | undefined;
afterEach(async () => {
  await b?.close();
  await a?.close();
  a = undefined;
  b = undefined;
});

/** The first instance stops right after recording the act and validation: it never documents. */
function stopBeforeDocument(store: Store, stopped: string[]): Store {
  return new Proxy(store, {
    get(target, prop, receiver) {
      if (prop === 'updateRun') {
        return async (...args: Parameters<Store['updateRun']>) => {
          const stored = await target.updateRun(...args);
          if (stored?.state !== 'documenting') return stored;
          stopped.push(stored.id);
          // As if another worker took the run over: this instance stops driving it here.
          return null;
        };
      }
      const value = Reflect.get(target, prop, receiver) as unknown;
      return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(target) : value;
    },
  });
}

async function until(what: string, check: () => Promise<boolean>, ms = 60_000): Promise<void> {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    if (await check()) return;
    await new Promise((r) => setTimeout(r, 25));
  }
  throw new Error(`timed out waiting for ${what}`);
}

const backends: [string, () => Record<string, string> | null][] = [
  ['SQLite (one file, two instances)', () => ({ DATA_DIR: mkdtempSync(join(tmpdir(), 'tfx-second-')) })],
  ['Redis', () => (redis ? { REDIS_URL: redis.url, REDIS_PREFIX: `second-${Date.now()}:` } : null)],
];

describe.each(backends)('a second instance documents a password reset the first one acted on: %s', (_name, backend) => {
  it('delivers the one-time link from the sealed run record, exactly once', async (ctx) => {
    const env = backend();
    if (!env) return ctx.skip();
    a = await testSandbox({ env: { ...env, TICKETFIX_LINK_SECRET: LINK_SECRET }, ...(env.DATA_DIR ? { dataDir: env.DATA_DIR } : {}) });
    const s = a;
    const stopped: string[] = [];
    s.app.deps.store = stopBeforeDocument(s.app.store, stopped);
    const id = await createTicket(s, { summary: 'I forgot my password, please reset it', contactEmail: MEGAN });
    await settle(s);
    const [run] = await runsFor(s, id);
    expect(stopped).toEqual([run!.id]);
    expect(run!.state).toBe('documenting');
    expect(await notesOf(s, id)).toEqual([]);

    // Another instance on the same store (its own engine, outbox, sealer and link service) picks the run up at start.
    b = await startApp({ ...s.config, port: 0 }, { env: { ...process.env, ...SANDBOX_SECRETS, ...env, TICKETFIX_LINK_SECRET: LINK_SECRET }, adminToken: 'b' });
    await until('the ticket to be resolved', async () => {
      await b!.settle();
      return (await statusOf(s, id)) === 'Resolved';
    });
    const notes = (await notesOf(s, id)).filter((n) => n.resolutionFlag);
    expect(notes).toHaveLength(1);
    const token = LINK.exec(notes[0]!.text)?.[1];
    expect(token).toBeDefined();
    const page = await (await fetch(`${b.url}/p/${token}`, { method: 'POST' })).text();
    const password = /<code[^>]*data-secret>([^<]+)<\/code>/.exec(page)?.[1]?.replace(/&#(\d+);/g, (_m, n: string) => String.fromCharCode(Number(n)));
    expect(s.m365.passwordMatches(MEGAN, password ?? '')).toBe(true);
    const [after] = await runsFor(s, id);
    expect(after!.state).toBe('resolved');
    expect(after!.acted?.sealed).toBeNull();
  });
});
