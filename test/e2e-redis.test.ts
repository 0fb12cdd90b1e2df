import { afterAll, afterEach, describe, expect, it } from 'vitest';
import type { Sandbox } from '../src/sandbox/start-sandbox.js';
import { createTicket, runsFor, setMailboxCalls, settle, statusOf, testSandbox } from './support/sandbox-kit.js';
import { startRedis } from '../support/redis-server.js';
import { startApp } from '../src/runtime/start-app.js';
import { SANDBOX_SECRETS } from '../src/sandbox/sandbox-config.js';

const redis = await startRedis();
afterAll(async () => redis?.stop());

let sbs: Sandbox[] = [];
afterEach(async () => {
  await Promise.all(sbs.map((s) => s.close()));
  sbs = [];
});

const suite = redis ? describe : describe.skip;
suite('scale-out: the loop on Redis and BullMQ', () => {
  it('resolves the worked example with the Redis store and the BullMQ queue', async () => {
    const sb = await testSandbox({ env: { REDIS_URL: redis!.url, REDIS_PREFIX: `e2e-${Date.now()}:` } });
    sbs.push(sb);
    expect(sb.app.store.constructor.name).toBe('RedisStore');
    const id = await createTicket(sb, { summary: 'My mailbox is full', contactEmail: 'megan.bowen@contoso.example' });
    await settle(sb);
    expect(await statusOf(sb, id)).toBe('Resolved');
    expect(sb.m365.mailbox('megan.bowen@contoso.example')!.quotaGB).toBe(60);
    const [run] = await runsFor(sb, id);
    expect((await sb.app.store.queryAudit({ runId: run!.id })).map((e) => e.type)).toEqual(['received', 'decided', 'acting', 'acted', 'validated', 'resolved']);
  });

  it('the same callback delivered to two instances sharing Redis acts once', async () => {
    const env = { REDIS_URL: redis!.url, REDIS_PREFIX: `dup-${Date.now()}:` };
    const a = await testSandbox({ env });
    sbs.push(a);
    // A second instance of the app on the same simulators and the same Redis.
    const b = await startApp({ ...a.config, port: 0 }, { env: { ...process.env, ...SANDBOX_SECRETS, ...env }, adminToken: 'b' });
    try {
      const id = await createTicket(a, { summary: 'My mailbox is full', contactEmail: 'megan.bowen@contoso.example' });
      await a.connectwise.flushCallbacks();
      const delivery = a.connectwise.deliveries.find((d) => d.ticketId === id)!;
      const post = (url: string) => fetch(`${url}/webhooks/connectwise/sandbox-cw`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-content-signature': delivery.signature }, body: delivery.body });
      const answers = await Promise.all(Array.from({ length: 40 }, (_, i) => post(i % 2 ? a.app.url : b.url).then((r) => r.status)));
      expect(answers.every((s) => s === 200 || s === 202)).toBe(true);
      await settle(a);
      await b.settle();
      await settle(a);
      expect(await runsFor(a, id)).toHaveLength(1);
      expect(setMailboxCalls(a)).toHaveLength(1);
      expect(await statusOf(a, id)).toBe('Resolved');
    } finally {
      await b.close();
    }
  });

  it('a configuration change made through one instance reaches the other within a second', async () => {
    const env = { REDIS_URL: redis!.url, REDIS_PREFIX: `cfg-${Date.now()}:` };
    const a = await testSandbox({ env });
    sbs.push(a);
    const b = await startApp({ ...a.config, port: 0 }, { env: { ...process.env, ...SANDBOX_SECRETS, ...env }, adminToken: 'b' });
    try {
      const put = await fetch(`${b.url}/admin/config-overrides`, {
        method: 'PUT',
        headers: { Authorization: 'Bearer b', 'Content-Type': 'application/json' },
        body: JSON.stringify({ overrides: { clients: { contoso: { dryRun: true } } }, by: 'ops' }),
      });
      expect(put.status).toBe(200);
      const started = Date.now();
      while (!a.app.deps.config.clients.find((c) => c.id === 'contoso')!.dryRun && Date.now() - started < 5_000) await new Promise((r) => setTimeout(r, 25));
      const tookMs = Date.now() - started;
      expect(a.app.deps.config.clients.find((c) => c.id === 'contoso')!.dryRun).toBe(true);
      process.stdout.write(`[scale-out] config override reached the other instance in ${tookMs} ms\n`);
      const id = await createTicket(a, { summary: 'My mailbox is full', contactEmail: 'megan.bowen@contoso.example' });
      await settle(a);
      await b.settle();
      expect((await runsFor(a, id))[0]!.state).toBe('dry_run');
      expect(setMailboxCalls(a)).toHaveLength(0);
      const bad = await fetch(`${b.url}/admin/config-overrides`, {
        method: 'PUT',
        headers: { Authorization: 'Bearer b', 'Content-Type': 'application/json' },
        body: JSON.stringify({ overrides: { remediations: { 'mailbox-quota': { confidenceThreshold: 7 } } } }),
      });
      expect(bad.status).toBe(400);
    } finally {
      await b.close();
    }
  });
});
