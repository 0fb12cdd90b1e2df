import { afterEach, describe, expect, it } from 'vitest';
import type { Sandbox } from '../src/sandbox/start-sandbox.js';
import { createTicket, cwGet, runsFor, settle, testSandbox } from './support/sandbox-kit.js';

let sb: Sandbox | undefined;
afterEach(async () => {
  await sb?.close();
  sb = undefined;
});

interface CwNote { text: string; internalAnalysisFlag: boolean; resolutionFlag: boolean; detailDescriptionFlag: boolean }

describe('worked example: a full mailbox on ConnectWise, end to end over real HTTP', () => {
  it('raises the quota, validates, resolves the ticket with a note and a time entry', async () => {
    sb = await testSandbox();
    const before = sb.m365.mailbox('megan.bowen@contoso.example')!;
    expect(before.quotaGB).toBe(50);

    const id = await createTicket(sb, { summary: 'My mailbox is full and I cannot send email', contactEmail: 'megan.bowen@contoso.example' });
    await settle(sb);

    expect(sb.m365.mailbox('megan.bowen@contoso.example')!.quotaGB).toBe(60);
    const ticket = await cwGet<{ status: { name: string } }>(sb, `/service/tickets/${id}`);
    expect(ticket.status.name).toBe('Resolved');
    const notes = await cwGet<CwNote[]>(sb, `/service/tickets/${id}/notes`);
    const resolution = notes.find((n) => n.resolutionFlag);
    // The customer's note (the visible resolution) is plain language; the technicians' note (internal analysis) has the rest.
    expect(resolution?.text).toContain('from 50 GB to 60 GB');
    expect(resolution?.text).toContain('reply to this ticket');
    expect(resolution?.text).not.toMatch(/https?:\/\/|Set-Mailbox|\[ticketfix:/);
    expect(resolution?.internalAnalysisFlag).toBe(false);
    const internal = notes.filter((n) => n.internalAnalysisFlag);
    expect(internal).toHaveLength(1);
    expect(internal[0]!.text).toContain('Set-Mailbox');
    expect(internal[0]!.text).toMatch(/Audit: http:\/\/127\.0\.0\.1:\d+\/console\/#\/runs\/[0-9a-f-]{36} /);
    expect(internal[0]!.text).toMatch(/\[ticketfix:[0-9a-f-]{36}:resolution\]/);
    const time = await cwGet<{ id: number }[]>(sb, `/service/tickets/${id}/timeentries`);
    expect(time).toHaveLength(1);

    const [run] = await runsFor(sb, id);
    expect(run!.state).toBe('resolved');
    const audit = await sb.app.store.queryAudit({ runId: run!.id });
    expect(audit.map((e) => e.type)).toEqual(['received', 'decided', 'acting', 'acted', 'validated', 'resolved']);
    expect((await sb.app.store.verifyAudit()).ok).toBe(true);
  });
});
