import { afterEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { remediations } from '../remediations/index.js';
import { defineRemediation, type RemediationDefinition } from '../src/remediation/define.js';
import type { Sandbox } from '../src/sandbox/start-sandbox.js';
import { admin, createTicket, runsFor, settle, testSandbox } from './support/sandbox-kit.js';

/** A test-only remediation that would touch three mailboxes at once. */
function bulkRemediation(acted: string[][]) {
  return defineRemediation<{ ids: string[] }, Record<string, never>>({
    id: 'bulk-test',
    version: '0.0.1',
    title: 'bulk test',
    description: 'touches three mailboxes',
    metadata: { owner: 'tests', runbook: 'n/a', reviewDate: '2030-01-01', changelog: [{ version: '0.0.1', date: '2026-11-26', change: 'test' }] },
    riskClass: 'low',
    blastRadius: { maxTargets: 2 },
    rollbackPolicy: { strategy: 'manual', description: 'none' },
    timeEntryMinutes: 5,
    needs: [],
    settingsSchema: z.object({}),
    inputSchema: z.object({ ids: z.array(z.string()) }),
    match: (t) => (/all shared mailboxes/i.test(t.summary) ? { confidence: 0.99, reasons: ['test'], params: {} } : null),
    plan: async () => {
      const ids = ['a@contoso.example', 'b@contoso.example', 'c@contoso.example'];
      return { kind: 'plan', plan: { problem: 'bulk', targets: ids.map((id) => ({ type: 'mailbox', id })), calls: [{ system: 'test', method: 'POST', url: 'test://bulk', summary: 'bulk' }], prior: {}, expected: {}, input: { ids }, summary: 'touch three mailboxes' } };
    },
    act: async (_ctx, input) => void acted.push(input.ids),
    validate: async () => ({ ok: true, observed: {}, message: 'ok' }),
    rollback: async () => ({ ok: true, observed: {}, message: 'ok' }),
    noteVariables: [],
    customerNote: () => ({ problem: 'bulk', action: 'done', values: {} }),
    internalNote: () => 'done',
  }) as unknown as RemediationDefinition<never, never>;
}

let sb: Sandbox | undefined;
afterEach(async () => {
  await sb?.close();
  sb = undefined;
});

describe('blast radius', () => {
  it('over the limit: waits for approval, never a partial run; acts on all targets once approved', async () => {
    const acted: string[][] = [];
    sb = await testSandbox({ app: { remediations: [...remediations, bulkRemediation(acted)] } });
    const id = await createTicket(sb, { summary: 'Reset all shared mailboxes', contactEmail: 'megan.bowen@contoso.example' });
    await settle(sb);
    const [run] = await runsFor(sb, id);
    expect(run!.state).toBe('awaiting_approval');
    expect(acted).toEqual([]);
    const [approval] = await sb.app.store.listApprovals('pending');
    expect(approval!.reason).toContain('touches 3 targets, over the limit of 2');
    expect((await admin(sb, 'POST', `/approvals/${approval!.id}/approve`, { by: 'lead', planHash: approval!.planHash })).status).toBe(200);
    await settle(sb);
    expect(acted).toEqual([['a@contoso.example', 'b@contoso.example', 'c@contoso.example']]);
  });

  it('over the limit with a refusing policy: escalates and acts on none', async () => {
    const acted: string[][] = [];
    sb = await testSandbox({
      app: { remediations: [...remediations, bulkRemediation(acted)] },
      configure: (c) => ({ ...c, remediations: { ...c.remediations, 'bulk-test': { overMaxTargets: 'refuse' } } }),
    });
    const id = await createTicket(sb, { summary: 'Reset all shared mailboxes', contactEmail: 'megan.bowen@contoso.example' });
    await settle(sb);
    const [run] = await runsFor(sb, id);
    expect(run!.escalationReason).toBe('blast_radius');
    expect(acted).toEqual([]);
  });

  it('a client cannot raise the declared limit', async () => {
    const acted: string[][] = [];
    sb = await testSandbox({
      app: { remediations: [...remediations, bulkRemediation(acted)] },
      configure: (c) => ({ ...c, remediations: { ...c.remediations, 'bulk-test': { maxTargets: 10 } } }),
    });
    const id = await createTicket(sb, { summary: 'Reset all shared mailboxes', contactEmail: 'megan.bowen@contoso.example' });
    await settle(sb);
    expect((await runsFor(sb, id))[0]!.state).toBe('awaiting_approval');
    expect(acted).toEqual([]);
  });
});
