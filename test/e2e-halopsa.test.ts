import { afterEach, describe, expect, it } from 'vitest';
import type { Sandbox } from '../src/sandbox/start-sandbox.js';
import { runsFor, settle, testSandbox } from './support/sandbox-kit.js';

let sb: Sandbox | undefined;
afterEach(async () => {
  await sb?.close();
  sb = undefined;
});

interface HaloTicket { id: number; status_id: number }
interface HaloAction { note?: string; hiddenfromuser?: boolean; timetaken?: number }

async function halo<T>(s: Sandbox, method: string, path: string, body?: unknown): Promise<T> {
  const res = await fetch(`${s.urls.halopsa}${path}`, {
    method,
    headers: { ...s.halopsa.authHeaders('sandbox-dispatcher'), 'Content-Type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${await res.text()}`);
  return (await res.json()) as T;
}

async function settleHalo(s: Sandbox) {
  for (let i = 0; i < 5; i++) {
    await s.halopsa.flushWebhooks();
    await settle(s);
  }
}

describe('worked example on HaloPSA, end to end over real HTTP', () => {
  it('a ticket logged through the Halo API ends Resolved with the note and the time, read back through the same API', async () => {
    sb = await testSandbox();
    const created = await halo<HaloTicket>(sb, 'POST', '/Tickets', [{ summary: 'My mailbox is full', details: 'Outlook says my mailbox is full', client_id: 250, user_id: 101 }]);
    await settleHalo(sb);

    expect(sb.m365.mailbox('megan.bowen@contoso.example')!.quotaGB).toBe(60);
    const ticket = await halo<HaloTicket & { status_name?: string }>(sb, 'GET', `/Tickets/${created.id}`);
    const statuses = await halo<{ id: number; name: string }[]>(sb, 'GET', '/Status');
    expect(statuses.find((s) => s.id === ticket.status_id)?.name).toBe('Resolved');
    const actions = await halo<{ actions: HaloAction[] }>(sb, 'GET', `/Actions?ticket_id=${created.id}`);
    expect(actions.actions.some((a) => a.note?.includes('from 50 GB to 60 GB') && a.hiddenfromuser === false)).toBe(true);
    expect(actions.actions.some((a) => (a.timetaken ?? 0) > 0)).toBe(true);
    const [run] = await runsFor(sb, created.id);
    expect(run!.psa).toBe('halopsa');
    expect(run!.state).toBe('resolved');
  });
});
