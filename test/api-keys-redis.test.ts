import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { startApp } from '../src/runtime/start-app.js';
import { SANDBOX_SECRETS } from '../src/sandbox/sandbox-config.js';
import type { Sandbox } from '../src/sandbox/start-sandbox.js';
import type { Approval } from '../src/store/store.js';
import { createTicket, notesOf, settle, testSandbox } from './support/sandbox-kit.js';
import { startRedis } from '../support/redis-server.js';

const redis = await startRedis();
afterAll(async () => redis?.stop());

let sb: Sandbox | undefined;
afterEach(async () => {
  await sb?.close();
  sb = undefined;
});

const send = async (url: string, method: string, path: string, key: string, body?: unknown) => {
  const res = await fetch(`${url}/admin${path}`, { method, headers: { Authorization: `Bearer ${key}`, ...(body ? { 'Content-Type': 'application/json' } : {}) }, body: body ? JSON.stringify(body) : undefined });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
};

const suite = redis ? describe : describe.skip;
suite('API keys and approval links across instances sharing Redis', () => {
  it('a key made on one instance works on the other; revoked on one, refused by both; a link decides once across both', async () => {
    const env = { REDIS_URL: redis!.url, REDIS_PREFIX: `keys-${Date.now()}:`, TICKETFIX_LINK_SECRET: 's'.repeat(48) };
    sb = await testSandbox({ env });
    const b = await startApp({ ...sb.config, port: 0 }, { env: { ...process.env, ...SANDBOX_SECRETS, ...env }, adminToken: 'b-token' });
    try {
      const made = await send(sb.app.url, 'POST', '/keys', sb.app.adminToken, { name: 'dana', role: 'approver' });
      expect(made.status).toBe(201);
      const key = made.body.key as string;
      const id = (made.body.apiKey as { id: string }).id;
      expect((await send(b.url, 'GET', '/whoami', key)).body).toMatchObject({ keyId: id, role: 'approver' });

      const ticket = await createTicket(sb, { summary: 'My mailbox is full, I cannot send email', contactEmail: 'alex.wilber@contoso.example' });
      await settle(sb);
      const [pending] = (await sb.app.store.listApprovals('pending')) as [Approval];
      const note = (await notesOf(sb, ticket)).find((n) => n.text.includes(pending.id))!;
      const token = decodeURIComponent(/\/approve\/(\S+)/.exec(note.text)![1]!);
      const answers = await Promise.all([sb.app.url, b.url, sb.app.url, b.url].map((url) => send(url, 'POST', `/approval-links/${token}/approve`, key, { planHash: pending.planHash })));
      expect(answers.map((a) => a.status).sort()).toEqual([200, 409, 409, 409]);

      expect((await send(b.url, 'POST', `/keys/${id}/revoke`, 'b-token')).status).toBe(200);
      expect((await send(sb.app.url, 'GET', '/whoami', key)).status).toBe(401);
      expect((await send(b.url, 'GET', '/whoami', key)).status).toBe(401);
    } finally {
      await b.close();
    }
  });
});
