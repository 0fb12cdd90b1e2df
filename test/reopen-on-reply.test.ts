import { afterEach, describe, expect, it } from 'vitest';
import type { Sandbox } from '../src/sandbox/start-sandbox.js';
import { SANDBOX_AT } from '../src/sandbox/sandbox-config.js';
import { createTicket, notesOf, runsFor, settle, statusOf, testSandbox } from './support/sandbox-kit.js';

let sb: Sandbox | undefined;
afterEach(async () => {
  await sb?.close();
  sb = undefined;
});

async function settleAll(s: Sandbox) {
  for (let i = 0; i < 4; i++) {
    await s.autotask.flushWebhooks();
    await s.halopsa.flushWebhooks();
    await settle(s);
  }
}

async function call<T>(base: string, headers: Record<string, string>, method: string, path: string, body?: unknown): Promise<T> {
  const res = await fetch(`${base}${path}`, { method, headers: { ...headers, 'Content-Type': 'application/json' }, body: body === undefined ? undefined : JSON.stringify(body) });
  if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${await res.text()}`);
  return (await res.json()) as T;
}

async function reopenedEvents(s: Sandbox, runId: string) {
  return s.app.store.queryAudit({ runId, type: 'run.reopened' });
}

describe('a requester reply to a ticket the loop resolved reopens it for a technician', () => {
  it('ConnectWise: the contact replies by email; the callback reopens the ticket with an internal evidence note, once', async () => {
    sb = await testSandbox();
    const id = await createTicket(sb, { summary: 'My mailbox is full', contactEmail: 'megan.bowen@contoso.example', description: 'Outlook says my mailbox is full' });
    await settleAll(sb);
    expect(await statusOf(sb, id)).toBe('Resolved');
    const [run] = await runsFor(sb, id);
    expect(run!.state).toBe('resolved');
    expect(await reopenedEvents(sb, run!.id)).toHaveLength(0);

    sb.connectwise.contactReply(id, 'still full, it did not work');
    await settleAll(sb);

    expect(await statusOf(sb, id)).toBe('Escalated');
    const notes = await notesOf(sb, id);
    const evidence = notes.filter((n) => n.text.includes(`[ticketfix:${run!.id}:reopen]`));
    expect(evidence).toHaveLength(1);
    expect(evidence[0]!.internalAnalysisFlag).toBe(true);
    expect(evidence[0]!.detailDescriptionFlag).toBe(false);
    expect(evidence[0]!.text).toContain(`/console/#/runs/${run!.id}`);
    expect(evidence[0]!.text).toContain('Validation: passed');
    const events = await reopenedEvents(sb, run!.id);
    expect(events).toHaveLength(1);
    expect(events[0]!.outcome).toBe('reopened');
    expect(events[0]!.remediationId).toBe('mailbox-quota');

    // A second reply reopens nothing more and never runs the remediation again.
    const quotaCalls = sb.m365.calls.filter((c) => c.cmdlet === 'Set-Mailbox').length;
    sb.connectwise.contactReply(id, 'hello?');
    await settleAll(sb);
    expect(await reopenedEvents(sb, run!.id)).toHaveLength(1);
    expect(sb.m365.calls.filter((c) => c.cmdlet === 'Set-Mailbox')).toHaveLength(quotaCalls);
    expect((await runsFor(sb, id)).filter((r) => r.state !== 'duplicate')).toHaveLength(1);
  });

  it('ConnectWise: our own notes and a technician note after the resolution reopen nothing', async () => {
    sb = await testSandbox();
    const id = await createTicket(sb, { summary: 'My mailbox is full', contactEmail: 'megan.bowen@contoso.example', description: 'Outlook says my mailbox is full' });
    await settleAll(sb);
    const [run] = await runsFor(sb, id);
    sb.connectwise.addNote(id, { text: 'Checked with the user, all good', detailDescriptionFlag: true });
    await settleAll(sb);
    expect(await statusOf(sb, id)).toBe('Resolved');
    expect(await reopenedEvents(sb, run!.id)).toHaveLength(0);
  });
});
