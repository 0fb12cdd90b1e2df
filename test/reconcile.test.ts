import { afterEach, describe, expect, it } from 'vitest';
import type { Sandbox } from '../src/sandbox/start-sandbox.js';
import { createTicket, runsFor, settle, statusOf, testSandbox } from './support/sandbox-kit.js';

let sb: Sandbox | undefined;
afterEach(async () => {
  await sb?.close();
  sb = undefined;
});

describe('missed-webhook reconcile', () => {
  it('feeds a ticket whose callback never arrived into the loop, once', async () => {
    sb = await testSandbox();
    // Created by the app's own API member: ConnectWise suppresses the callback, as if it was lost.
    const ticket = sb.connectwise.createTicket({ summary: 'My mailbox is full', company: { id: 250 }, board: { id: 1 }, contactEmailAddress: 'megan.bowen@contoso.example' }, { by: 'ticketfix' });
    await settle(sb);
    expect(await runsFor(sb, ticket.id)).toHaveLength(0);

    expect(await sb.app.reconcile()).toBe(1);
    await settle(sb);
    expect(await statusOf(sb, ticket.id)).toBe('Resolved');
    expect(await sb.app.reconcile()).toBe(0);
    expect(await runsFor(sb, ticket.id)).toHaveLength(1);
  });

  it('leaves tickets the webhooks already brought alone', async () => {
    sb = await testSandbox();
    const id = await createTicket(sb, { summary: 'My mailbox is full', contactEmail: 'megan.bowen@contoso.example' });
    await settle(sb);
    expect(await sb.app.reconcile()).toBe(0);
    expect(await runsFor(sb, id)).toHaveLength(1);
  });
});

describe('reconcile during a backlog', () => {
  it('does not treat webhooks still waiting in the queue as missed', async () => {
    sb = await testSandbox();
    await sb.app.queue.close(); // nothing gets processed: the accepted signals wait
    const id = await createTicket(sb, { summary: 'My mailbox is full', contactEmail: 'megan.bowen@contoso.example' });
    await sb.connectwise.flushCallbacks();
    expect((await sb.app.store.listUnprocessedSignals(10)).map((s) => s.ticketId)).toEqual([String(id)]);
    expect(await sb.app.reconcile()).toBe(0);
    expect(await sb.app.store.listUnprocessedSignals(10)).toHaveLength(1);
  });
});
