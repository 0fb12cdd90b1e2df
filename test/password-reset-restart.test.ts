import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { openStore } from '../src/store/open-store.js';
import { startSplitSandbox, type SplitSandbox } from './support/split-sandbox.js';

// Child processes start slowly on a busy machine: generous limits, no timed assertions.
vi.setConfig({ testTimeout: 240_000 });

const MEGAN = 'megan.bowen@contoso.example';
const LINK = /\/p\/([A-Za-z0-9_-]{43})\b/;
// Both processes read the sealing key from their environment (the child inherits this one).
const SECRET_ENV = 'TICKETFIX_LINK_SECRET';
let savedSecret: string | undefined;
beforeAll(() => {
  savedSecret = process.env[SECRET_ENV];
  process.env[SECRET_ENV] = 'restart-test-link-secret-0123456789abcdef';
});
afterAll(() => {
  if (savedSecret === undefined) delete process.env[SECRET_ENV];
  else process.env[SECRET_ENV] = savedSecret;
});

let split: SplitSandbox | undefined;
afterEach(async () => {
  await split?.close();
  split = undefined;
});

async function until(what: string, check: () => boolean | Promise<boolean>, ms = 180_000): Promise<void> {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    if (await check()) return;
    await new Promise((r) => setTimeout(r, 20));
  }
  throw new Error(`timed out waiting for ${what}`);
}

async function createTicket(s: SplitSandbox): Promise<number> {
  const res = await fetch(`${s.cwBase}/service/tickets`, {
    method: 'POST',
    headers: { ...s.connectwise.authHeadersAs('dispatch'), 'Content-Type': 'application/json' },
    body: JSON.stringify({ summary: 'I forgot my password, please reset it', company: { id: 250 }, board: { id: 1 }, contactEmailAddress: MEGAN }),
  });
  return ((await res.json()) as { id: number }).id;
}

const passwordWrites = (s: SplitSandbox) => s.m365.calls.filter((c) => c.system === 'graph' && (c.method === 'PATCH' || c.path.endsWith('/resetPassword'))).length;
const shownPassword = (html: string) => /<code[^>]*data-secret>([^<]+)<\/code>/.exec(html)?.[1]?.replace(/&#(\d+);/g, (_m, n: string) => String.fromCharCode(Number(n)));

describe('a password reset whose process is killed between act and document', () => {
  it('delivers the one-time link after the restart (another process), exactly once', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tfx-reset-crash-'));
    split = await startSplitSandbox(dir);
    await split.startApp();
    const s = split;
    const before = s.m365.user(MEGAN)!.lastPasswordChangeDateTime;
    // Every Graph call waits a moment first; once the reset has landed, the next Graph call (the
    // validation read) hangs for good, and the process is killed while it waits.
    s.m365.faults.latency(1500, { system: 'graph' });
    const id = await createTicket(s);
    await until('the password to change', () => s.m365.user(MEGAN)!.lastPasswordChangeDateTime !== before);
    s.m365.faults.hangNext(1, { system: 'graph' });
    const store = await openStore({ dataDir: dir });
    await until('the run to record the act', async () => (await store.listRuns({ ticketId: String(id) }))[0]?.state === 'validating');
    const [acted] = await store.listRuns({ ticketId: String(id) });
    await store.close();
    expect(acted!.acted?.secretKeys).toEqual(['linkExpiresAt', 'linkUrl']);
    // What the store holds is sealed: no link in it.
    expect(JSON.stringify(acted)).not.toMatch(LINK);
    s.killApp();
    s.m365.faults.clear();
    expect(s.connectwise.state.notes.filter((n) => n.ticketId === id)).toHaveLength(0);

    // A new process (a new instance: nothing of the first one's memory) finishes the run.
    await s.startApp();
    await until('the ticket to be resolved', () => s.connectwise.ticket(id).status?.name === 'Resolved');
    const notes = s.connectwise.state.notes.filter((n) => n.ticketId === id && n.resolutionFlag);
    expect(notes).toHaveLength(1);
    expect(notes[0]!.text).not.toContain('could not be recovered');
    const token = LINK.exec(notes[0]!.text)?.[1];
    expect(token).toBeDefined();
    expect(passwordWrites(s)).toBe(1);

    const page = await (await fetch(`${s.appUrl}/p/${token}`, { method: 'POST' })).text();
    const password = shownPassword(page);
    expect(password).toMatch(/^.{20}$/);
    expect(s.m365.passwordMatches(MEGAN, password!)).toBe(true);
    expect((await fetch(`${s.appUrl}/p/${token}`, { method: 'POST' })).status).toBe(410);
    s.killApp();

    const after = await openStore({ dataDir: dir });
    const [run] = await after.listRuns({ ticketId: String(id) });
    expect(run!.state).toBe('resolved');
    // Once queued, the run keeps no sealed secret; the outbox's copy is sealed too.
    expect(run!.acted?.sealed).toBeNull();
    const outbox = await after.listOutbox({ runId: run!.id });
    expect(JSON.stringify(outbox)).not.toMatch(LINK);
    // Two notes: the technicians' and the customer's (the one with the link), each delivered once.
    expect(outbox.filter((o) => o.kind === 'note').map((o) => o.deliveredAt !== null)).toEqual([true, true]);
    await after.close();
  });
});
