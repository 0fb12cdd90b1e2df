import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import type { EngineDeps } from '../src/engine/deps.js';
import { recordValidationFailure } from '../src/engine/remediation-breaker.js';
import { reopenOnReply } from '../src/engine/reopen-on-reply.js';
import type { PsaAdapter, TicketNoteRead } from '../src/model/psa.js';
import type { Run } from '../src/model/run.js';
import type { Signal } from '../src/model/signal.js';
import { openStore } from '../src/store/open-store.js';
import type { Store } from '../src/store/store.js';

let store: Store | undefined;
afterEach(async () => {
  await store?.close();
  store = undefined;
});

const RESOLVED_AT = '2026-03-02T10:00:00.000Z';

/** A PSA where each ticket has the notes the test gives it; writes are only counted. */
function psaWith(notes: Record<string, TicketNoteRead[]>): PsaAdapter {
  return {
    psa: 'connectwise',
    installationId: 'cw',
    getTicket: async () => {
      throw new Error('unused');
    },
    addNote: async () => ({ id: 'n' }),
    findNote: async () => null,
    setStatus: async () => undefined,
    addTimeEntry: async () => ({ id: 't' }),
    findTimeEntry: async () => null,
    createTicket: async () => ({ id: 'x' }),
    findTicketByMarker: async () => null,
    listNotesSince: async (ticketId, since) => (notes[ticketId] ?? []).filter((n) => n.createdAt >= since),
  };
}

function deps(s: Store, psa: PsaAdapter, now: { t: string }): EngineDeps {
  return {
    store: s,
    config: {
      clients: [{ id: 'contoso', psa: [{ installationId: 'cw', companyIds: ['250'] }], remediations: {} }],
      installations: [{ id: 'cw', statuses: { inProgress: 'In Progress', awaitingApproval: 'Waiting Approval', escalated: 'Escalated', resolved: 'Resolved' } }],
      remediations: {},
      circuitBreaker: { perClient: 3, overall: 5, windowSeconds: 24 * 3600 },
      reopenWindowDays: 7,
      publicUrl: 'https://ticketfix.example',
    },
    remediations: [],
    psa: () => psa,
    clock: () => new Date(now.t),
    newId: () => 'id',
    instanceId: 'test',
    log: pino({ level: 'silent' }),
  } as unknown as EngineDeps;
}

const resolvedRun = (ticketId: string): Run => ({
  id: `run-${ticketId}`,
  signalId: `sig-${ticketId}`,
  installationId: 'cw',
  psa: 'connectwise',
  ticketId,
  clientId: 'contoso',
  remediationId: 'mailbox-quota',
  state: 'resolved',
  dryRun: false,
  classification: null,
  plan: null,
  claimKey: null,
  approvalId: null,
  escalationReason: null,
  detail: null,
  actedAt: '2026-03-02T09:59:58.000Z',
  validation: { ok: true, observed: {}, message: 'quota is 60 GB' },
  createdAt: '2026-03-02T09:59:50.000Z',
  updatedAt: RESOLVED_AT,
  version: 3,
});

const signal = (ticketId: string): Signal => ({
  id: `reply-${ticketId}`,
  installationId: 'cw',
  source: 'connectwise',
  kind: 'ticket',
  deliveryKey: `reply-${ticketId}`,
  action: 'updated',
  ticketId,
  receivedAt: '2026-03-03T10:00:00.000Z',
});

const reply = (id: string, createdAt: string): TicketNoteRead => ({ id, text: 'still full', createdAt, customerVisible: true, author: 'contact' });
const engagedScopes = async (s: Store) => (await s.listKillSwitches()).filter((k) => k.engaged).map((k) => k.scope);

describe('the remediation circuit breaker counts a reopened ticket as a failure', () => {
  it('three reopenings at one client trip the breaker for that remediation at that client', async () => {
    store = await openStore({ dataDir: mkdtempSync(join(tmpdir(), 'tfx-reopen-breaker-')) });
    const notes = { '1': [reply('a', '2026-03-03T09:00:00.000Z')], '2': [reply('b', '2026-03-03T09:00:00.000Z')], '3': [reply('c', '2026-03-03T09:00:00.000Z')] };
    const d = deps(store, psaWith(notes), { t: '2026-03-03T10:00:00.000Z' });
    for (const t of ['1', '2', '3']) await store.createRun(resolvedRun(t));

    expect(await reopenOnReply(d, signal('1'))).toEqual({ reopened: true, runId: 'run-1', replyNoteId: 'a' });
    expect(await reopenOnReply(d, signal('2'))).toEqual({ reopened: true, runId: 'run-2', replyNoteId: 'b' });
    expect(await engagedScopes(store)).toEqual([]);
    // The same reply seen again (a re-delivered callback) is not a second failure.
    expect(await reopenOnReply(d, signal('2'))).toEqual({ reopened: false, why: 'already reopened' });
    expect(await engagedScopes(store)).toEqual([]);
    expect(await reopenOnReply(d, signal('3'))).toEqual({ reopened: true, runId: 'run-3', replyNoteId: 'c' });
    expect(await engagedScopes(store)).toEqual([{ kind: 'client-remediation', clientId: 'contoso', id: 'mailbox-quota' }]);
    const tripped = await store.queryAudit({ type: 'circuit_breaker.tripped' });
    expect(tripped).toHaveLength(1);
    expect(tripped[0]!.data).toMatchObject({ lastFailure: 'reopened' });
    expect(await store.queryAudit({ type: 'run.reopened', remediationId: 'mailbox-quota' })).toHaveLength(3);
    const queued = await store.listOutbox({ runId: 'run-1' });
    expect(queued.map((i) => i.kind).sort()).toEqual(['note', 'status']);
    expect(queued.find((i) => i.kind === 'status')!.payload).toMatchObject({ statusName: 'Escalated' });
    expect(queued.find((i) => i.kind === 'note')!.payload).toMatchObject({ visibility: 'internal' });
  });

  it('validation failures and reopenings fill the same buckets', async () => {
    store = await openStore({ dataDir: mkdtempSync(join(tmpdir(), 'tfx-reopen-breaker-')) });
    const d = deps(store, psaWith({ '1': [reply('a', '2026-03-03T09:00:00.000Z')] }), { t: '2026-03-03T10:00:00.000Z' });
    await store.createRun(resolvedRun('1'));
    expect(await recordValidationFailure(d, 'contoso', 'mailbox-quota')).toBeNull();
    expect(await recordValidationFailure(d, 'contoso', 'mailbox-quota')).toBeNull();
    await reopenOnReply(d, signal('1'));
    expect(await engagedScopes(store)).toEqual([{ kind: 'client-remediation', clientId: 'contoso', id: 'mailbox-quota' }]);
  });

  it('no reopening for a staff note, our own note, a reply before the resolution, or a reply after the window', async () => {
    store = await openStore({ dataDir: mkdtempSync(join(tmpdir(), 'tfx-reopen-breaker-')) });
    const now = { t: '2026-03-03T10:00:00.000Z' };
    const notes: Record<string, TicketNoteRead[]> = {
      '1': [
        { id: 's', text: 'called the user', createdAt: '2026-03-03T09:00:00.000Z', customerVisible: true, author: 'staff' },
        { id: 'o', text: 'done [ticketfix:run-1:resolution]', createdAt: '2026-03-03T09:00:00.000Z', customerVisible: true, author: 'contact' },
        { id: 'i', text: 'internal', createdAt: '2026-03-03T09:00:00.000Z', customerVisible: false, author: 'contact' },
        reply('early', '2026-03-02T09:00:00.000Z'),
      ],
      '2': [reply('late', '2026-03-10T10:00:00.000Z')],
    };
    const d = deps(store, psaWith(notes), now);
    await store.createRun(resolvedRun('1'));
    await store.createRun(resolvedRun('2'));
    expect(await reopenOnReply(d, signal('1'))).toEqual({ reopened: false, why: 'no reply from the requester' });
    now.t = '2026-03-10T10:00:01.000Z';
    expect(await reopenOnReply(d, signal('2'))).toEqual({ reopened: false, why: 'outside the reopen window' });
    expect(await store.queryAudit({ type: 'run.reopened' })).toHaveLength(0);
    expect(await engagedScopes(store)).toEqual([]);
  });
});
