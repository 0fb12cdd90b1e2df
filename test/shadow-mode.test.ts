import { afterEach, describe, expect, it } from 'vitest';
import type { Sandbox } from '../src/sandbox/start-sandbox.js';
import type { Run } from '../src/model/run.js';
import type { AuditEvent } from '../src/model/audit.js';
import { admin, createTicket, cwGet, notesOf, runsFor, setMailboxCalls, settle, statusOf, testSandbox } from './support/sandbox-kit.js';

let sb: Sandbox | undefined;
afterEach(async () => {
  await sb?.close();
  sb = undefined;
});

/** Every write the ConnectWise simulator saw from the app's own API member (callbacks registration aside). */
const cwWritesFor = (s: Sandbox, ticketId: number) => s.connectwise.calls.filter((c) => c.method !== 'GET' && (c.path === `/service/tickets/${ticketId}` || c.path.startsWith(`/service/tickets/${ticketId}/`)));

const shadowClient = (id: string) => (s: Sandbox['config']) => ({ ...s, clients: s.clients.map((c) => (c.id === id ? { ...c, shadow: true } : c)) });

describe('shadow mode: the loop runs on live tickets and changes nothing anywhere', () => {
  it("records the exact request for a shadow client's mailbox-full ticket; no PSA write, no tenant change", async () => {
    sb = await testSandbox({ configure: shadowClient('contoso') });
    const id = await createTicket(sb, { summary: 'My mailbox is full and I cannot send email', contactEmail: 'megan.bowen@contoso.example' });
    const statusBefore = await statusOf(sb, id);
    const notesBefore = await notesOf(sb, id);
    await settle(sb);

    const [run] = await runsFor(sb, id);
    expect(run?.state).toBe('dry_run');
    expect(run?.dryRun).toBe(true);
    expect(run?.detail).toMatch(/^shadow:/);

    // The run, as the admin API shows it: the dry_run audit event holds the exact Set-Mailbox request.
    const shown = await admin<{ run: Run; audit: AuditEvent[]; outbox: unknown[] }>(sb, 'GET', `/runs/${run!.id}`);
    expect(shown.status).toBe(200);
    const dry = shown.body.audit.find((e) => e.type === 'dry_run');
    expect(dry?.data.shadow).toBe(true);
    const wouldSend = dry?.data.wouldSend as { system: string; method: string; url: string; body: { CmdletInput: { CmdletName: string; Parameters: Record<string, unknown> } } }[];
    expect(wouldSend).toHaveLength(1);
    expect(wouldSend[0]).toMatchObject({ system: 'exchange', method: 'POST' });
    expect(wouldSend[0]!.url).toContain('/InvokeCommand');
    expect(wouldSend[0]!.body.CmdletInput.CmdletName).toBe('Set-Mailbox');
    expect(wouldSend[0]!.body.CmdletInput.Parameters).toMatchObject({ Identity: 'megan.bowen@contoso.example' });
    expect(shown.body.outbox).toEqual([]);

    // ConnectWise: same status, no new note, no time entry, no write of any kind on the ticket.
    expect(await statusOf(sb, id)).toBe(statusBefore);
    expect(await notesOf(sb, id)).toEqual(notesBefore);
    expect(await cwGet<unknown[]>(sb, `/service/tickets/${id}/timeentries`)).toEqual([]);
    expect(cwWritesFor(sb, id)).toEqual([]);
    // Exchange: no Set-Mailbox, quota unchanged.
    expect(setMailboxCalls(sb)).toEqual([]);
    expect(sb.m365.mailbox('megan.bowen@contoso.example')!.quotaGB).toBe(50);
    expect((await sb.app.store.verifyAudit()).ok).toBe(true);
  });

  it('an escalation in shadow mode leaves the ticket untouched and records what it would have written', async () => {
    sb = await testSandbox({ configure: shadowClient('contoso') });
    // Lee's mailbox is not full: the plan refuses, which normally writes an internal note and Escalated.
    const id = await createTicket(sb, { summary: 'My mailbox is full', contactEmail: 'lee.gu@contoso.example' });
    const notesBefore = await notesOf(sb, id);
    await settle(sb);

    const [run] = await runsFor(sb, id);
    expect(run?.state).toBe('escalated');
    const events = await sb.app.store.queryAudit({ runId: run!.id });
    const skipped = events.find((e) => e.type === 'shadow.write_back_skipped');
    expect(skipped?.data.purpose).toBe('escalation');
    expect((skipped?.data.wouldWrite as { kind: string }[]).map((w) => w.kind).sort()).toEqual(['note', 'note', 'status']);
    expect(events.find((e) => e.type === 'escalated')?.data).toMatchObject({ shadow: true, ticketUpdated: false });
    expect(await notesOf(sb, id)).toEqual(notesBefore);
    expect(await statusOf(sb, id)).toBe('New');
    expect(cwWritesFor(sb, id)).toEqual([]);
    expect(await sb.app.store.listOutbox({ runId: run!.id })).toEqual([]);
  });

  it('is switched on at run time through the live config overrides, per remediation', async () => {
    sb = await testSandbox();
    const put = await admin(sb, 'PUT', '/config-overrides', { overrides: { clients: { fabrikam: { remediations: { 'mailbox-quota': { shadow: true } } } } } });
    expect(put.status).toBe(200);
    await waitFor(() => sb!.app.deps.config.clients.find((c) => c.id === 'fabrikam')?.remediations['mailbox-quota']?.shadow === true);

    const diego = await createTicket(sb, { summary: 'My mailbox is full', companyId: 251, contactEmail: 'diego.siciliani@fabrikam.example' });
    const megan = await createTicket(sb, { summary: 'My mailbox is full', contactEmail: 'megan.bowen@contoso.example' });
    await settle(sb);

    expect((await runsFor(sb, diego))[0]?.state).toBe('dry_run');
    expect(sb.m365.mailbox('diego.siciliani@fabrikam.example')!.quotaGB).toBe(50);
    expect(cwWritesFor(sb, diego)).toEqual([]);
    // The other client is not in shadow: it is fixed as usual.
    expect((await runsFor(sb, megan))[0]?.state).toBe('resolved');
    expect(sb.m365.mailbox('megan.bowen@contoso.example')!.quotaGB).toBe(60);
  });

  it('refuses a client-level shadow override for an unknown field with a 400 and keeps the previous overrides', async () => {
    sb = await testSandbox();
    const bad = await admin<{ message: string }>(sb, 'PUT', '/config-overrides', { overrides: { clients: { contoso: { shadow: 'yes' } } } });
    expect(bad.status).toBe(400);
    const current = await admin<{ version: number }>(sb, 'GET', '/config-overrides');
    expect(current.body.version).toBe(0);
    const ok = await admin(sb, 'PUT', '/config-overrides', { overrides: { clients: { contoso: { shadow: true } } } });
    expect(ok.status).toBe(200);
  });
});

async function waitFor(cond: () => boolean, timeoutMs = 10_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (!cond()) {
    if (Date.now() > until) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 50));
  }
}
