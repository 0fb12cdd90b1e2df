import { afterEach, describe, expect, it } from 'vitest';
import type { Intake } from '../integrations/psa-integration.js';
import { signalJob } from '../src/queue/jobs.js';
import type { Sandbox } from '../src/sandbox/start-sandbox.js';
import { sweepMailboxUsage } from '../src/scheduler/mailbox-usage-sweep.js';
import { cwGet, runsFor, setMailboxCalls, settle, statusOf, testSandbox } from './support/sandbox-kit.js';

let sb: Sandbox | undefined;
afterEach(async () => {
  await sb?.close();
  sb = undefined;
});

/** The app's own intake: the signal is stored, then queued (what start-app hands the scheduler). */
const intakeOf = (s: Sandbox): Intake => async (signal) => {
  const r = await s.app.store.putSignal(signal);
  if (r.inserted) s.app.queue.push(signalJob(r.signal));
  return { inserted: r.inserted };
};

const ticketsAbout = (s: Sandbox, email: string) => s.connectwise.state.tickets.filter((t) => t.contactEmailAddress === email && t.summary.startsWith('Mailbox almost full'));

describe('proactive mailbox usage check (real HTTP)', () => {
  it('opens a ticket for each mailbox above the threshold and the loop resolves it before the user writes in', async () => {
    sb = await testSandbox({ history: false });
    const found = await sweepMailboxUsage(sb.app.deps, { now: new Date(), intake: intakeOf(sb) });
    await settle(sb);

    // Above 90%: Megan 95%, Alex 97.5%, Diego 92.2%, Isaiah 99.2%; the others are well below.
    expect(found.map((f) => f.identity).sort()).toEqual(['alex.wilber@contoso.example', 'diego.siciliani@fabrikam.example', 'isaiah.langer@fabrikam.example', 'megan.bowen@contoso.example']);
    expect(found.every((f) => f.action === 'opened')).toBe(true);

    const [megan] = ticketsAbout(sb, 'megan.bowen@contoso.example');
    expect(megan?.company.id).toBe(250);
    expect(sb.m365.mailbox('megan.bowen@contoso.example')!.quotaGB).toBe(60);
    expect(await statusOf(sb, megan!.id)).toBe('Resolved');
    expect((await runsFor(sb, megan!.id))[0]?.state).toBe('resolved');
    const notes = await cwGet<{ text: string }[]>(sb, `/service/tickets/${megan!.id}/notes`);
    expect(notes[0]?.text).toContain('95% full');
    // Diego's ticket went to Fabrikam's company, and his mailbox was raised in Fabrikam's tenant.
    expect(ticketsAbout(sb, 'diego.siciliani@fabrikam.example')[0]?.company.id).toBe(251);
    expect(sb.m365.mailbox('diego.siciliani@fabrikam.example')!.quotaGB).toBe(60);
    // Alex is at the client's ceiling: the loop asks a person instead.
    expect((await runsFor(sb, ticketsAbout(sb, 'alex.wilber@contoso.example')[0]!.id))[0]?.state).toBe('awaiting_approval');
    expect(setMailboxCalls(sb, 'alex.wilber@contoso.example')).toEqual([]);
  });

  it('does not open a second ticket for the same mailbox on the next pass', async () => {
    sb = await testSandbox({ history: false });
    await sweepMailboxUsage(sb.app.deps, { now: new Date(), intake: intakeOf(sb) });
    await settle(sb);
    const count = sb.connectwise.state.tickets.length;
    const again = await sweepMailboxUsage(sb.app.deps, { now: new Date(), intake: intakeOf(sb) });
    // Alex (awaiting approval) and Isaiah (licence maximum) are still full: already ticketed.
    expect(again.map((f) => [f.identity, f.action]).sort()).toEqual([
      ['alex.wilber@contoso.example', 'already_open'],
      ['isaiah.langer@fabrikam.example', 'already_open'],
    ]);
    expect(sb.connectwise.state.tickets.length).toBe(count);
  });

  it('opens nothing for a client in shadow mode or with the kill switch engaged; only records it', async () => {
    sb = await testSandbox({ history: false, configure: (c) => ({ ...c, clients: c.clients.map((x) => (x.id === 'contoso' ? { ...x, shadow: true } : x)) }) });
    await sb.app.store.setKillSwitch({ kind: 'client', id: 'fabrikam' }, true, 'tester', 'drill', new Date().toISOString());
    const found = await sweepMailboxUsage(sb.app.deps, { now: new Date(), intake: intakeOf(sb) });
    await settle(sb);
    expect(found.map((f) => [f.identity, f.action]).sort()).toEqual([
      ['alex.wilber@contoso.example', 'recorded_only'],
      ['megan.bowen@contoso.example', 'recorded_only'],
    ]);
    expect(sb.connectwise.state.tickets).toEqual([]);
    expect(setMailboxCalls(sb)).toEqual([]);
    expect(await sb.app.store.queryAudit({ type: 'proactive.would_open_ticket' })).toHaveLength(2);
  });
});
