import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { openStore } from '../src/store/open-store.js';
import { startSplitSandbox, type SplitSandbox } from './support/split-sandbox.js';

// Child processes start slowly on a busy machine: generous limits, no timed assertions.
vi.setConfig({ testTimeout: 180_000 });

const MEGAN = 'megan.bowen@contoso.example';
let split: SplitSandbox | undefined;
afterEach(async () => {
  await split?.close();
  split = undefined;
});

async function until(what: string, check: () => boolean | Promise<boolean>, ms = 150_000): Promise<void> {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    if (await check()) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`timed out waiting for ${what}`);
}

async function createTicket(s: SplitSandbox): Promise<number> {
  const res = await fetch(`${s.cwBase}/service/tickets`, {
    method: 'POST',
    headers: { ...s.connectwise.authHeadersAs('dispatch'), 'Content-Type': 'application/json' },
    body: JSON.stringify({ summary: 'My mailbox is full', company: { id: 250 }, board: { id: 1 }, contactEmailAddress: MEGAN }),
  });
  return ((await res.json()) as { id: number }).id;
}

const status = (s: SplitSandbox, id: number) => s.connectwise.ticket(id).status?.name;
const setMailboxCount = (s: SplitSandbox) => s.m365.calls.filter((c) => c.cmdlet === 'Set-Mailbox').length;

describe('a process killed mid-run', () => {
  it('after the change landed but before it was recorded: the restart validates instead of acting again', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tfx-crash-'));
    split = await startSplitSandbox(dir);
    await split.startApp();
    // Set-Mailbox is applied, then its answer never comes: the app is killed while waiting.
    split.m365.faults.loseResponse('Set-Mailbox', { hang: true });
    const id = await createTicket(split);
    await until('the quota change to land', () => split!.m365.mailbox(MEGAN)?.quotaGB === 60);
    split.killApp();
    split.m365.faults.releaseHangs();

    await split.startApp();
    await until('the ticket to be resolved', () => status(split!, id) === 'Resolved');
    await until('the time entry', () => split!.connectwise.state.timeEntries.length === 1);
    expect(setMailboxCount(split)).toBe(1);
    expect(split.connectwise.state.notes.filter((n) => n.ticketId === id && n.resolutionFlag)).toHaveLength(1);
    split.killApp();

    const store = await openStore({ dataDir: dir });
    const [run] = await store.listRuns({ ticketId: String(id) });
    expect(run!.state).toBe('resolved');
    const acted = await store.queryAudit({ runId: run!.id, type: 'acted' });
    expect(acted).toHaveLength(1);
    expect(acted[0]!.data.recovered).toBe(true);
    expect((await store.verifyAudit()).ok).toBe(true);
    await store.close();
  });

  it('after the callback was accepted but before the ticket was read: the restart finishes the run once', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tfx-crash-'));
    split = await startSplitSandbox(dir);
    await split.startApp();
    split.connectwise.faults.hangNext(1, { path: /^\/service\/tickets\/\d+$/, method: 'GET' });
    const id = await createTicket(split);
    // On a loaded machine the first delivery can fail (e.g. the signing-key fetch times out):
    // re-send it, as a PSA retrying a failed callback would.
    let resentAfter = 0;
    await until('the callback to be accepted', () => {
      const mine = split!.connectwise.deliveries.filter((d) => d.ticketId === id);
      if (mine.some((d) => d.status === 202)) return true;
      // One re-send per failed delivery, not one per poll.
      if (mine.length > resentAfter) {
        resentAfter = mine.length + 1;
        split!.connectwise.redeliver(mine.at(-1)!);
      }
      return false;
    });
    // The run exists (state 'received') and its ticket read is hanging: kill it there.
    await until('the run to start', async () => {
      const store = await openStore({ dataDir: dir });
      const runs = await store.listRuns({ ticketId: String(id) });
      await store.close();
      return runs[0]?.state === 'received';
    });
    split.killApp();
    split.connectwise.faults.reset();

    // The dead process's run lease (20 s) must lapse and a sweep find the run before it resumes.
    await split.startApp();
    await until('the ticket to be resolved', () => status(split!, id) === 'Resolved');
    expect(setMailboxCount(split)).toBe(1);
    expect(split.m365.mailbox(MEGAN)!.quotaGB).toBe(60);
  });

  it('a SIGTERM mid-act lets the running step finish, exits within the bound, and nothing is done twice', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tfx-stop-'));
    split = await startSplitSandbox(dir);
    await split.startApp();
    // Exchange takes 2 s to answer Set-Mailbox: the stop arrives while the change is in flight.
    split.m365.faults.latency(2000, { system: 'exchange' });
    const id = await createTicket(split);
    await until('Set-Mailbox to be sent', () => setMailboxCount(split!) === 1);
    const stopped = await split.stopApp();
    expect(stopped.code).toBe(0);
    // Within the bound means the step was let finish, not cut off: the change and its 'acted' record were made before the exit.
    const afterStop = await openStore({ dataDir: dir });
    const [stoppedRun] = await afterStop.listRuns({ ticketId: String(id) });
    const actedBeforeExit = await afterStop.queryAudit({ runId: stoppedRun!.id, type: 'acted' });
    await afterStop.close();
    expect(actedBeforeExit).toHaveLength(1);
    expect(split.m365.mailbox(MEGAN)!.quotaGB).toBe(60);
    split.m365.faults.clear();

    await split.startApp();
    await until('the ticket to be resolved', () => status(split!, id) === 'Resolved');
    expect(setMailboxCount(split)).toBe(1);
    expect(split.connectwise.state.notes.filter((n) => n.ticketId === id && n.resolutionFlag)).toHaveLength(1);
  });
});
