import type { RequestHandler } from 'msw';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createM365Simulator, sandboxM365Urls, type M365Simulator } from '../../mocks/m365/index.js';
import { serveHandlers } from '../../mocks/serve-handlers.js';
import { createM365Factory } from './create-m365-factory.js';
import { CONTOSO, ENV, m365Config } from '../../test/support/m365/m365-test-kit.js';

// The sandbox path end to end: the factory over real HTTP to the simulators on 127.0.0.1.
// No msw interception in this file, so requests really leave the process.
let handlers: RequestHandler[] = [];
let served: Awaited<ReturnType<typeof serveHandlers>>;
let sim: M365Simulator;
beforeAll(async () => {
  served = await serveHandlers(() => handlers);
  sim = createM365Simulator({ urls: sandboxM365Urls(served.url) });
  handlers = sim.handlers;
});
afterAll(() => served.close());

describe('M365 factory against the sandbox simulators over http', () => {
  it('reads a user, raises a quota and reads it back', async () => {
    const m365 = createM365Factory(m365Config(sim.urls), ENV)(CONTOSO);
    expect((await m365.graph.getUser('alex.wilber@contoso.example'))?.displayName).toBe('Alex Wilber');
    await m365.exchange.invoke('Set-Mailbox', { Identity: 'alex.wilber@contoso.example', ProhibitSendReceiveQuota: '90GB', ProhibitSendQuota: '89GB', IssueWarningQuota: '88GB' });
    const [mbx] = await m365.exchange.invoke('Get-Mailbox', { Identity: 'alex.wilber@contoso.example' }, ['ProhibitSendReceiveQuota']);
    expect(mbx).toEqual({ ProhibitSendReceiveQuota: '90 GB (96,636,764,160 bytes)' });
    expect(sim.calls.map((c) => `${c.system} ${c.status}`)).toEqual(['login 200', 'graph 200', 'login 200', 'exchange 200', 'exchange 200']);
  });
});
