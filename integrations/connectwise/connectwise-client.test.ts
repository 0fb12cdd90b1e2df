import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { OutsideApiError } from '../../src/http/outside-api-error.js';
import { connectWiseTestSetup } from '../../test/support/connectwise/test-kit.js';

let t: ReturnType<typeof connectWiseTestSetup>;
const server = setupServer();
beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterAll(() => server.close());
beforeEach(() => {
  t = connectWiseTestSetup();
  server.resetHandlers(...t.sim.handlers);
});
afterEach(() => t.sim.faults.reset());

const listCompanies = (client: ReturnType<typeof t.client>) => client.request<{ id: number }[]>({ method: 'GET', path: '/company/companies', operation: 'listCompanies' });

describe('ConnectWise API client', () => {
  it('authenticates with Basic companyId+public:private and the clientId header', async () => {
    expect((await listCompanies(t.client())).map((c) => c.id)).toEqual([250, 251]);
  });

  it('fails fast, naming the env var but not leaking anything, when a key is missing', async () => {
    const client = t.client({ env: { CW_ACME_PUBLIC_KEY: t.credentials.publicKey } });
    const err = await listCompanies(client).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(OutsideApiError);
    expect((err as OutsideApiError).retryable).toBe(false);
    expect((err as Error).message).toContain('CW_ACME_PRIVATE_KEY');
    expect((err as Error).message).not.toContain(t.credentials.publicKey);
    expect(t.sim.calls).toHaveLength(0);
  });

  it('never puts the keys in the error when ConnectWise answers 401', async () => {
    const client = t.client({ env: { ...t.env, CW_ACME_PRIVATE_KEY: 'wrong-private-key-value' } });
    const err = (await listCompanies(client).catch((e: unknown) => e)) as OutsideApiError;
    expect(err.status).toBe(401);
    expect(err.retryable).toBe(false);
    const text = `${err.message} ${JSON.stringify(err)}`;
    for (const secret of [t.credentials.publicKey, 'wrong-private-key-value', t.credentials.privateKey]) expect(text).not.toContain(secret);
  });

  it('retries a GET through 500s with back-off, and waits out Retry-After on 429', async () => {
    t.sim.faults.failNext(2, { path: '/company/companies' });
    t.sim.faults.throttleNext(1, { path: '/company/companies', retryAfterSeconds: 3 });
    await listCompanies(t.client());
    // Counted fault rules fire in the order they were added.
    expect(t.sim.calls.map((c) => c.status)).toEqual([500, 500, 429, 200]);
    expect(t.waits[2]).toBe(3000);
    expect(t.waits).toHaveLength(3);
  });

  it('retries a POST refused with 429 but not one that got a 500 (it may have landed)', async () => {
    const client = t.client();
    const ticket = t.sim.createTicket({ summary: 'x', company: { id: 250 } });
    const post = () => client.request({ method: 'POST', path: `/service/tickets/${ticket.id}/notes`, operation: 'addNote', body: { text: 'n', internalAnalysisFlag: true } });
    t.sim.faults.throttleNext(1, { method: 'POST' });
    await post();
    expect(t.sim.state.notes).toHaveLength(1);
    t.sim.faults.failNext(1, { method: 'POST' });
    const err = (await post().catch((e: unknown) => e)) as OutsideApiError;
    expect(err.status).toBe(500);
    expect(err.ambiguous).toBe(true);
    expect(t.sim.calls.filter((c) => c.method === 'POST').map((c) => c.status)).toEqual([429, 201, 500]);
  });

  it('gives up after maxRetries during an outage and times out a hung call', async () => {
    t.sim.faults.outage(true);
    const err = (await listCompanies(t.client({ maxRetries: 2 })).catch((e: unknown) => e)) as OutsideApiError;
    expect(err.status).toBe(503);
    expect(t.sim.calls).toHaveLength(3);
    t.sim.faults.outage(false);
    t.sim.faults.hangNext(1);
    const hung = (await listCompanies(t.client({ maxRetries: 0, timeoutMs: 150 })).catch((e: unknown) => e)) as OutsideApiError;
    expect(hung).toBeInstanceOf(OutsideApiError);
    expect(hung.message).toMatch(/timed out/);
  });
});
