import { afterAll, describe, expect, it } from 'vitest';
import type { Sandbox } from '../src/sandbox/start-sandbox.js';
import { runsFor, settle, testSandbox } from './support/sandbox-kit.js';

/**
 * Ready means ready: the moment /readyz says 200 (and /sandbox answers), every PSA's webhook is
 * registered. The reconcile is off, so a ticket that fired no webhook would never get a run.
 */
describe('the sandbox is ready only once its webhooks are registered', () => {
  let sb: Sandbox | undefined;
  afterAll(async () => sb?.close());

  it('a ticket created in each PSA right after /readyz turns 200 is handled from its webhook', async () => {
    let origin: string | undefined;
    const starting = testSandbox({ history: false, app: { reconcile: false }, onListening: (o) => (origin = o) });
    starting.catch(() => undefined);
    // Poll as a load balancer would, from the moment the port is bound.
    for (;;) {
      if (origin) {
        const res = await fetch(`${origin}/readyz`).catch(() => null);
        if (res?.status === 200) break;
      }
      await new Promise((r) => setTimeout(r, 2));
    }
    const sandboxPage = await fetch(`${origin}/sandbox`);
    expect(sandboxPage.status).toBe(200);
    const page = (await sandboxPage.json()) as { halopsa: { baseUrl: string; headers: Record<string, string> }; autotask: { baseUrl: string; headers: Record<string, string> }; connectwise: { baseUrl: string; headers: Record<string, string> } };

    // Straight away, from what /sandbox hands out (the handle is not even back yet).
    const cw = await fetch(`${page.connectwise.baseUrl}/service/tickets`, {
      method: 'POST',
      headers: page.connectwise.headers,
      body: JSON.stringify({ summary: 'My mailbox is full', company: { id: 250 }, board: { id: 1 }, contactEmailAddress: 'megan.bowen@contoso.example' }),
    });
    expect(cw.status).toBeLessThan(300);
    const cwId = ((await cw.json()) as { id: number }).id;
    const halo = await fetch(`${page.halopsa.baseUrl}/Tickets`, {
      method: 'POST',
      headers: page.halopsa.headers,
      body: JSON.stringify([{ summary: 'My mailbox is full', details: 'Outlook says my mailbox is full', client_id: 250, user_id: 101 }]),
    });
    expect(halo.status).toBeLessThan(300);
    const haloId = ((await halo.json()) as { id: number }).id;
    const contacts = await fetch(`${page.autotask.baseUrl}/Contacts/query`, {
      method: 'POST',
      headers: page.autotask.headers,
      body: JSON.stringify({ filter: [{ op: 'eq', field: 'emailAddress', value: 'megan.bowen@contoso.example' }] }),
    });
    const contactId = ((await contacts.json()) as { items: { id: number }[] }).items[0]!.id;
    const at = await fetch(`${page.autotask.baseUrl}/Tickets`, {
      method: 'POST',
      headers: page.autotask.headers,
      body: JSON.stringify({ title: 'My mailbox is full', description: 'Outlook says the mailbox is full', companyID: 250, contactID: contactId, status: 1, priority: 2 }),
    });
    expect(at.status).toBeLessThan(300);
    const atId = ((await at.json()) as { itemId: number }).itemId;

    sb = await starting;
    for (let i = 0; i < 5; i++) {
      await sb.halopsa.flushWebhooks();
      await sb.autotask.flushWebhooks();
      await settle(sb);
    }
    const psaOf = async (id: number, psa: string) => (await runsFor(sb!, id)).filter((r) => r.psa === psa).map((r) => r.psa);
    expect([await psaOf(cwId, 'connectwise'), await psaOf(haloId, 'halopsa'), await psaOf(atId, 'autotask')]).toEqual([['connectwise'], ['halopsa'], ['autotask']]);
  });
});
