import { afterEach, describe, expect, it } from 'vitest';
import { decideApprovalFromCli } from '../src/cli/commands-operator.js';
import type { Sandbox } from '../src/sandbox/start-sandbox.js';
import { createTicket, settle, testSandbox } from './support/sandbox-kit.js';

let sb: Sandbox | undefined;
afterEach(async () => {
  await sb?.close();
  sb = undefined;
});

describe('CLI approvals approve|deny --plan: the decision names the plan it saw', () => {
  it('refuses another plan hash (nothing decided, the real hash and summary shown) and decides on the right one', async () => {
    sb = await testSandbox({ history: false });
    await createTicket(sb, { summary: 'My mailbox is full, I cannot send email', contactEmail: 'alex.wilber@contoso.example' });
    await settle(sb);
    const [pending] = await sb.app.store.listApprovals('pending');
    const store = sb.app.store;

    const stale = '0'.repeat(64);
    const refused = await decideApprovalFromCli(store, new Date(), pending!.id, 'approved', 'carol', stale).catch((e: Error) => e);
    expect(refused).toBeInstanceOf(Error);
    expect((refused as Error).message).toContain(`is for plan ${pending!.planHash}`);
    expect((refused as Error).message).toContain(pending!.planSummary);
    expect((await store.getApproval(pending!.id))!.status).toBe('pending');
    expect(await store.queryAudit({ type: 'approval.approved' })).toEqual([]);

    // Pasted from a terminal: case and surrounding spaces do not matter.
    const decided = await decideApprovalFromCli(store, new Date(), pending!.id, 'approved', 'carol', ` ${pending!.planHash.toUpperCase()} `);
    expect([decided.status, decided.decidedBy]).toEqual(['approved', 'carol']);
    const [event] = await store.queryAudit({ type: 'approval.approved' });
    expect(event!.data.planHash).toBe(pending!.planHash);
  });

  it('an unknown approval is still reported as unknown, whatever hash is given', async () => {
    sb = await testSandbox({ history: false });
    await expect(decideApprovalFromCli(sb.app.store, new Date(), 'nope', 'denied', 'carol', 'a'.repeat(64))).rejects.toThrow("no approval 'nope'");
  });
});
