import { afterEach, describe, expect, it } from 'vitest';
import type { Sandbox } from '../src/sandbox/start-sandbox.js';
import { createTicket, notesOf, settle, statusOf, testSandbox } from './support/sandbox-kit.js';

let sb: Sandbox | undefined;
afterEach(async () => {
  await sb?.close();
  sb = undefined;
});

async function until(what: string, check: () => Promise<boolean>, ms = 30_000): Promise<void> {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    if (await check()) return;
    await new Promise((r) => setTimeout(r, 25));
  }
  throw new Error(`timed out waiting for ${what}`);
}

describe('write-back order in the ConnectWise simulator', () => {
  it('a ticket is never Resolved before its resolution note exists, even when the note needs retries', async () => {
    sb = await testSandbox({ app: { outboxBackoff: { baseMs: 30, maxMs: 120 }, outboxPollMs: 30 } });
    const s = sb;
    // The first two note posts fail: with the old parallel delivery the status landed first.
    s.connectwise.faults.failNext(2, { path: /\/notes$/, method: 'POST', status: 503 });
    s.m365.setMailbox('lee.gu@contoso.example', { usedGB: 49 });
    const id = await createTicket(s, { summary: 'My mailbox is full, I cannot send email', contactEmail: 'lee.gu@contoso.example' });
    await settle(s);
    await until('the ticket to be resolved', async () => (await statusOf(s, id)) === 'Resolved');

    const mine = s.connectwise.calls.filter((c) => c.path === `/service/tickets/${id}/notes` || c.path === `/service/tickets/${id}`);
    const failedNotes = mine.filter((c) => c.method === 'POST' && c.fault !== undefined);
    expect(failedNotes).toHaveLength(2);
    const firstTry = mine.indexOf(failedNotes[0]!);
    const noteLanded = mine.findIndex((c) => c.method === 'POST' && c.path.endsWith('/notes') && c.status < 300);
    const statusChanges = (from: number, to: number) => mine.slice(from, to).filter((c) => c.method === 'PATCH' && c.status < 300);
    expect(noteLanded).toBeGreaterThan(firstTry);
    // Nothing moved the ticket while its note was still failing; the status came after the note.
    expect(statusChanges(firstTry, noteLanded)).toEqual([]);
    expect(statusChanges(noteLanded, mine.length)).toHaveLength(1);
    expect((await notesOf(s, id)).filter((n) => n.resolutionFlag)).toHaveLength(1);
  });
});
