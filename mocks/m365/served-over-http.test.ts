import type { RequestHandler } from 'msw';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { serveHandlers } from '../serve-handlers.js';
import { createM365Simulator, sandboxM365Urls, type M365Simulator } from './create-m365-simulator.js';
import { CONTOSO, invoke, simToken } from './sim-test-helpers.js';

// The sandbox path: the very same handlers over real HTTP on 127.0.0.1 under /sim/...
let handlers: RequestHandler[] = [];
let served: Awaited<ReturnType<typeof serveHandlers>>;
let sim: M365Simulator;
beforeAll(async () => {
  served = await serveHandlers(() => handlers);
  sim = createM365Simulator({ urls: sandboxM365Urls(served.url) });
  handlers = sim.handlers;
});
afterAll(() => served.close());

describe('M365 simulator over real HTTP', () => {
  it('issues a token and runs Set-Mailbox / Get-Mailbox under /sim/...', async () => {
    expect(sim.urls.exchange).toBe(`${served.url}/sim/exchange/adminapi/beta`);
    const token = await simToken(sim, CONTOSO, 'exchange');
    const set = await invoke(sim, CONTOSO, token, 'Set-Mailbox', { Identity: 'lee.gu@contoso.example', ProhibitSendReceiveQuota: '60GB' });
    expect(set.status).toBe(200);
    const got = (await (await invoke(sim, CONTOSO, token, 'Get-Mailbox', { Identity: 'lee.gu@contoso.example' })).json()) as { value: Record<string, unknown>[] };
    expect(got.value[0]?.ProhibitSendReceiveQuota).toBe('60 GB (64,424,509,440 bytes)');
    const discovery = (await (await fetch(`${sim.urls.authority}/${CONTOSO}/v2.0/.well-known/openid-configuration`)).json()) as { token_endpoint: string };
    expect(discovery.token_endpoint).toBe(`${served.url}/sim/login/${CONTOSO}/oauth2/v2.0/token`);
  });
});
