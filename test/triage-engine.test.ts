import { afterEach, describe, expect, it } from 'vitest';
import { mailboxQuota } from '../remediations/mailbox-quota/remediation.js';
import type { RemediationDefinition } from '../src/remediation/define.js';
import type { Sandbox } from '../src/sandbox/start-sandbox.js';
import { classify } from '../src/engine/classify.js';
import { remediations } from '../remediations/index.js';
import { createTicket, notesOf, runsFor, settle, statusOf, testSandbox } from './support/sandbox-kit.js';

let sb: Sandbox | undefined;
afterEach(async () => {
  await sb?.close();
  sb = undefined;
});

const MEGAN = 'megan.bowen@contoso.example';
const ticket = (summary: string, contactEmail = MEGAN) => ({ psa: 'connectwise' as const, id: '1', summary, description: '', companyId: '250', contactEmail, closed: false });
const onlyRun = async (s: Sandbox, id: number) => (await runsFor(s, id))[0]!;

describe('the engine classifies with the triage', () => {
  it('composes every remediation rule: the strongest wins, a close second lowers confidence', () => {
    expect(classify(ticket('I forgot my password, please reset it'), remediations)).toMatchObject({ remediationId: 'password-reset' });
    expect(classify(ticket('Please add lee.gu@contoso.example to the Sales Team distribution list'), remediations)).toMatchObject({ remediationId: 'distribution-list', params: { action: 'add', group: 'Sales Team', user: 'lee.gu@contoso.example' } });
    // A catalogue remediation that is not registered is still recognised (and so not "not ours").
    expect(classify(ticket('Print spooler stopped on PC-0142, please restart the service'), [mailboxQuota] as unknown as RemediationDefinition<never, never>[])).toMatchObject({ remediationId: 'service-restart' });
    const ambiguous = classify(ticket('Please add me to the Projects group'), remediations);
    expect(ambiguous.reasons.join(' ')).toContain('ambiguous');
    expect(ambiguous.confidence).toBeLessThan(0.8);
    expect(classify(ticket('Printer out of toner on floor 2'), remediations)).toMatchObject({ remediationId: null, confidence: 0 });
  });

  it('a ticket for a remediation that is not registered escalates with the classification shown', async () => {
    sb = await testSandbox({ app: { remediations: [mailboxQuota] as unknown as RemediationDefinition<never, never>[] } });
    const id = await createTicket(sb, { summary: 'I forgot my password, please reset it', contactEmail: MEGAN });
    await settle(sb);
    const run = await onlyRun(sb, id);
    expect([run.state, run.escalationReason]).toEqual(['escalated', 'remediation_disabled']);
    expect((await notesOf(sb, id))[0]!.text).toMatch(/Classification: password-reset \(confidence 0\.\d+\)/);
    expect(await statusOf(sb, id)).toBe('Escalated');
    expect(sb.m365.calls.filter((c) => c.method === 'PATCH')).toHaveLength(0);
  });

  it("below the client's own threshold the ticket escalates with what the system thought", async () => {
    // A calibrated confidence never claims certainty ((right + 1) / (n + 2) < 1), so a threshold of 1 is never met.
    sb = await testSandbox({
      configure: (c) => ({ ...c, clients: c.clients.map((cl) => (cl.id === 'contoso' ? { ...cl, remediations: { ...cl.remediations, 'password-reset': { confidenceThreshold: 1 } } } : cl)) }),
    });
    const id = await createTicket(sb, { summary: 'I forgot my password, please reset it', contactEmail: MEGAN });
    await settle(sb);
    expect((await onlyRun(sb, id)).escalationReason).toBe('low_confidence');
    expect((await notesOf(sb, id))[0]!.text).toMatch(/Classification: password-reset \(confidence 0\.\d+\)\. Reasons: asks for a password reset/);
    expect(sb.m365.calls.filter((c) => c.method === 'PATCH')).toHaveLength(0);
  });
});
