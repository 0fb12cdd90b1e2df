import { createHmac, createHash } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import type { Sandbox } from '../src/sandbox/start-sandbox.js';
import { createTicket, settle, testSandbox } from './support/sandbox-kit.js';

let sb: Sandbox | undefined;
afterEach(async () => {
  await sb?.close();
  sb = undefined;
});

const hook = (s: Sandbox) => `${s.app.url}/webhooks/connectwise/sandbox-cw`;
const sign = (body: string, key: string) => createHmac('sha256', createHash('sha256').update(key).digest()).update(body).digest('base64');

function callbackBody(s: Sandbox, overrides: Record<string, unknown> = {}) {
  return JSON.stringify({
    Action: 'added',
    Type: 'ticket',
    ID: 5001,
    CompanyId: 'sandboxmsp',
    MemberId: 'dispatch',
    FromUrl: 'x',
    Entity: JSON.stringify({ id: 5001, summary: 'My mailbox is full', company: { id: 250 } }),
    Metadata: { key_url: s.connectwise.keyUrl() },
    ...overrides,
  });
}

async function post(url: string, body: string, headers: Record<string, string> = {}) {
  const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body });
  return { status: res.status, body: (await res.json().catch(() => null)) as Record<string, unknown> | null };
}

async function nothingStored(s: Sandbox) {
  expect(await s.app.store.listUnprocessedSignals(10)).toHaveLength(0);
  expect(await s.app.store.listRuns({})).toHaveLength(0);
}

describe('ConnectWise callback route', () => {
  it('accepts a correctly signed callback and answers 202 once it is stored', async () => {
    sb = await testSandbox();
    const body = callbackBody(sb);
    const res = await post(hook(sb), body, { 'x-content-signature': sign(body, sb.connectwise.signingKey()) });
    expect(res.status).toBe(202);
  });

  it('rejects forged, unsigned and tampered callbacks, storing nothing', async () => {
    sb = await testSandbox();
    const body = callbackBody(sb);
    expect((await post(hook(sb), body)).status).toBe(401);
    expect((await post(hook(sb), body, { 'x-content-signature': sign(body, 'not-the-key') })).status).toBe(401);
    expect((await post(hook(sb), body.replace('5001', '5002'), { 'x-content-signature': sign(body, sb.connectwise.signingKey()) })).status).toBe(401);
    expect((await post(hook(sb), body, { 'x-content-signature': 'short' })).status).toBe(401);
    await nothingStored(sb);
  });

  it('never fetches a signing key from a host that is not ConnectWise', async () => {
    sb = await testSandbox();
    const body = callbackBody(sb, { Metadata: { key_url: 'http://169.254.169.254/latest/meta-data/key' } });
    const res = await post(hook(sb), body, { 'x-content-signature': sign(body, 'whatever') });
    expect(res.status).toBe(401);
    expect(JSON.stringify(res.body)).toMatch(/key/i);
    await nothingStored(sb);
  });

  it('answers malformed JSON, a foreign ConnectWise company, a wrong content type and an oversized body with a clear 4xx', async () => {
    sb = await testSandbox();
    const bad = await post(hook(sb), '{"Action": "added",', { 'x-content-signature': sign('{"Action": "added",', sb.connectwise.signingKey()) });
    expect(bad.status).toBe(400);
    expect(bad.body).toHaveProperty('error');

    const foreign = callbackBody(sb, { CompanyId: 'someoneelse' });
    const f = await post(hook(sb), foreign, { 'x-content-signature': sign(foreign, sb.connectwise.signingKey()) });
    expect(f.status).toBe(401);

    const text = await post(hook(sb), 'hello', { 'content-type': 'text/plain' });
    expect(text.status).toBe(415);

    const huge = await post(hook(sb), JSON.stringify({ pad: 'x'.repeat(300 * 1024) }));
    expect(huge.status).toBe(413);
    expect(huge.body).toEqual({ error: 'payload_too_large', message: expect.stringContaining('bytes') });
    await nothingStored(sb);
  });

  it('answers 404 for an installation that does not exist', async () => {
    sb = await testSandbox();
    expect((await post(`${sb.app.url}/webhooks/connectwise/nobody`, '{}')).status).toBe(404);
  });

  it('a callback for a ticket of an unmapped company is stored and escalated, not acted on', async () => {
    sb = await testSandbox({ configure: (c) => ({ ...c, clients: c.clients.filter((x) => x.id !== 'fabrikam') }) });
    const id = await createTicket(sb, { summary: 'My mailbox is full', contactEmail: 'diego.siciliani@fabrikam.example', companyId: 251 });
    await settle(sb);
    const [run] = await sb.app.store.listRuns({ ticketId: String(id) });
    expect(run?.escalationReason).toBe('unknown_client');
  });
});

describe('admin API', () => {
  it('refuses requests without the token or with a wrong one', async () => {
    sb = await testSandbox();
    expect((await fetch(`${sb.app.url}/admin/runs`)).status).toBe(401);
    expect((await fetch(`${sb.app.url}/admin/runs`, { headers: { Authorization: 'Bearer nope' } })).status).toBe(401);
    const ok = await fetch(`${sb.app.url}/admin/runs`, { headers: { Authorization: `Bearer ${sb.app.adminToken}` } });
    expect(ok.status).toBe(200);
  });

  it('rejects a bad kill-switch request with a clear message and changes nothing', async () => {
    sb = await testSandbox();
    const res = await fetch(`${sb.app.url}/admin/kill-switch`, { method: 'POST', headers: { Authorization: `Bearer ${sb.app.adminToken}`, 'Content-Type': 'application/json' }, body: JSON.stringify({ scope: 'client', engaged: true }) });
    expect(res.status).toBe(400);
    expect(((await res.json()) as { message: string }).message).toContain("scope 'client' needs an id");
    expect(await sb.app.store.listKillSwitches()).toHaveLength(0);
  });
});
