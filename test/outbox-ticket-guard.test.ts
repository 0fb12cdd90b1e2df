import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import type { EngineDeps } from '../src/engine/deps.js';
import { queueWriteBacks } from '../src/engine/write-back.js';
import { OutsideApiError } from '../src/http/outside-api-error.js';
import type { PsaAdapter } from '../src/model/psa.js';
import type { Run } from '../src/model/run.js';
import { createOutboxWorker } from '../src/outbox/outbox-worker.js';
import { listOperatorAlerts } from '../src/scheduler/operator-alerts.js';
import { createSealer } from '../src/secret-link/run-sealer.js';
import { openStore } from '../src/store/open-store.js';
import type { Store } from '../src/store/store.js';

const LINK = 'https://app.example/p/AbCdEfGhIjKlMnOpQrStUvWxYz0123456789_-abcde';
const MEGAN = 'megan.bowen@contoso.example';
const sealer = createSealer('outbox-test-sealing-secret-0123456789abcdef');
const log = pino({ level: 'silent' });

let store: Store | undefined;
afterEach(async () => {
  await store?.close();
  store = undefined;
});

/** A PSA whose tickets a test can move between companies, recording every call in order. */
function fakePsa(tickets: Record<string, { companyId: string; contactEmail?: string }>) {
  const calls: string[] = [];
  const notes: { ticketId: string; text: string }[] = [];
  const faults = { notes: 0, notesStatus: 503, all404: false, onlyNotesLike: null as RegExp | null };
  const gone = () => new OutsideApiError('psa', 'getTicket', 404, 'ticket not found', false);
  const psa: PsaAdapter = {
    psa: 'connectwise',
    installationId: 'cw',
    async getTicket(id) {
      calls.push(`read ${id}`);
      const t = tickets[id];
      if (!t || faults.all404) throw gone();
      return { psa: 'connectwise', id, summary: 's', description: '', companyId: t.companyId, contactEmail: t.contactEmail, closed: false };
    },
    async addNote(id, note) {
      if (faults.notes > 0 && (!faults.onlyNotesLike || faults.onlyNotesLike.test(note.text))) {
        faults.notes--;
        calls.push(`note ${id} failed`);
        throw new OutsideApiError('psa', 'addNote', faults.notesStatus, 'refused', faults.notesStatus >= 500);
      }
      calls.push(`note ${id}`);
      notes.push({ ticketId: id, text: note.text });
      return { id: `n${notes.length}` };
    },
    findNote: async () => null,
    async setStatus(id, name) {
      calls.push(`status ${id} ${name}`);
    },
    async addTimeEntry(id) {
      calls.push(`time ${id}`);
      return { id: 't1' };
    },
    findTimeEntry: async () => null,
    createTicket: async () => ({ id: 'x' }),
    findTicketByMarker: async () => null,
    listNotesSince: async () => [],
  };
  return { psa, calls, notes, faults };
}

function deps(s: Store): EngineDeps {
  return {
    store: s,
    config: { clients: [{ id: 'contoso', psa: [{ installationId: 'cw', companyIds: ['250'] }], remediations: {} }], remediations: {} },
    remediations: [],
    psa: () => {
      throw new Error('unused');
    },
    clock: () => new Date(),
    newId: () => 'id',
    instanceId: 'test',
    log,
    sealer,
  } as unknown as EngineDeps;
}

const run = (ticketId: string): Run => ({
  id: `run-${ticketId}`,
  signalId: 'sig',
  installationId: 'cw',
  psa: 'connectwise',
  ticketId,
  clientId: 'contoso',
  remediationId: 'password-reset',
  state: 'documenting',
  dryRun: false,
  classification: null,
  plan: null,
  claimKey: null,
  approvalId: null,
  escalationReason: null,
  detail: null,
  actedAt: '2026-12-01T10:00:00.000Z',
  validation: null,
  acted: { ticket: { companyId: '250', contactEmail: MEGAN }, output: {}, secretKeys: ['linkUrl'], sealed: null },
  createdAt: '2026-12-01T10:00:00.000Z',
  updatedAt: '2026-12-01T10:00:00.000Z',
  version: 1,
});

async function queueResolution(s: Store, ticketId: string): Promise<void> {
  await queueWriteBacks(deps(s), run(ticketId), {
    purpose: 'resolution',
    note: { text: `Open this one-time link: ${LINK}`, visibility: 'resolution', secret: true },
    status: 'Resolved',
    timeEntry: { minutes: 10, notes: 'reset' },
    addressedTo: MEGAN,
  });
}

async function setup(tickets: Record<string, { companyId: string; contactEmail?: string }>, o: { maxPermanentFailures?: number } = {}) {
  store = await openStore({ dataDir: mkdtempSync(join(tmpdir(), 'tfx-outbox-guard-')) });
  const fake = fakePsa(tickets);
  // Items become due at the wall clock of enqueue; the worker's clock then moves on by hand.
  let now = Date.now() + 1000;
  const worker = createOutboxWorker({ store, psa: () => fake.psa, log, workerId: 'w', clock: () => new Date(now), sealer, baseBackoffMs: 1000, maxBackoffMs: 60_000, ...o });
  const later = (ms: number) => {
    now += ms;
  };
  return { store, fake, worker, later };
}

describe('the outbox re-checks the ticket before every delivery', () => {
  it('delivers the sealed note (link and all) to the ticket of the run company and contact; the stored item has no link', async () => {
    const { store: s, fake, worker } = await setup({ '7': { companyId: '250', contactEmail: 'Megan.Bowen@contoso.example' } });
    await queueResolution(s, '7');
    expect(JSON.stringify(await s.listOutbox({}))).not.toContain(LINK);
    await worker.drain();
    expect(fake.notes).toEqual([{ ticketId: '7', text: `Open this one-time link: ${LINK}` }]);
    const [note] = await s.listOutbox({ delivered: true });
    expect(JSON.stringify(note)).not.toContain(LINK);
    // Once delivered, not even the sealed copy is kept: the note in the PSA is the only one.
    expect(note!.payload.sealed).toBeUndefined();
    expect(note!.payload.preview).toBe('Open this one-time link: https://app.example/p/[one-time link withheld]');
  });

  it("a reused ticket id now belonging to another company gets nothing: stopped, audited, operator alerted", async () => {
    const { store: s, fake, worker, later } = await setup({ '7': { companyId: '251', contactEmail: MEGAN } });
    await queueResolution(s, '7');
    for (let i = 0; i < 3; i++) {
      await worker.drain();
      later(10 * 60_000);
    }
    expect(fake.notes).toEqual([]);
    expect(fake.calls.filter((c) => !c.startsWith('read'))).toEqual([]);
    const items = await s.listOutbox({});
    expect(items.map((i) => [i.kind, i.deliveredAt, (i.lastError ?? '').slice(0, 9)])).toEqual([
      ['note', null, 'stopped: '],
      ['time_entry', null, 'stopped: '],
      ['status', null, 'stopped: '],
    ]);
    const stopped = await s.queryAudit({ type: 'write_back.stopped' });
    expect(stopped.map((e) => [e.runId, e.data.kind, e.data.why]).sort()).toEqual([
      ['run-7', 'note', 'ticket_mismatch'],
      ['run-7', 'status', 'undeliverable'],
      ['run-7', 'time_entry', 'ticket_mismatch'],
    ]);
    expect(stopped.find((e) => e.data.kind === 'note')!.data.reason).toContain('company 251');
    const alerts = await listOperatorAlerts(s);
    expect(alerts.map((a) => a.kind)).toEqual(['write_back_stopped', 'write_back_stopped', 'write_back_stopped']);
  });

  it('the same company but another contact: the note with the link is not delivered', async () => {
    const { store: s, fake, worker } = await setup({ '8': { companyId: '250', contactEmail: 'alex.wilber@contoso.example' } });
    await queueResolution(s, '8');
    await worker.drain();
    expect(fake.notes).toEqual([]);
    expect((await s.queryAudit({ type: 'write_back.stopped' })).map((e) => e.data.kind)).toContain('note');
  });
});

describe('write-back order and permanent refusals', () => {
  it("with two notes the status waits for both: the customer's (sealed, with the link) failing holds it back", async () => {
    const { store: s, fake, worker, later } = await setup({ '11': { companyId: '250', contactEmail: MEGAN } });
    fake.faults.notes = 2;
    fake.faults.onlyNotesLike = /one-time link/;
    await queueWriteBacks(deps(s), run('11'), {
      purpose: 'resolution',
      note: { text: 'Technicians: reset done', visibility: 'internal' },
      customerNote: { text: `Open this one-time link: ${LINK}`, visibility: 'resolution', secret: true },
      status: 'Resolved',
      addressedTo: MEGAN,
    });
    const customer = (await s.listOutbox({})).find((i) => i.idempotencyKey === 'run-11:resolution-customer:note')!;
    expect(customer.payload.marker).toBeUndefined();
    expect(JSON.stringify(customer)).not.toContain(LINK);
    for (let i = 0; i < 6; i++) {
      await worker.drain();
      later(5 * 60_000);
    }
    const writes = fake.calls.filter((c) => !c.startsWith('read'));
    expect(writes).toEqual(['note 11', 'note 11 failed', 'note 11 failed', 'note 11', 'status 11 Resolved']);
    expect(fake.notes.map((n) => n.text)).toEqual(['Technicians: reset done', `Open this one-time link: ${LINK}`]);
  });

  it('the status goes only after the note has landed, even when the note needs retries', async () => {
    const { store: s, fake, worker, later } = await setup({ '9': { companyId: '250', contactEmail: MEGAN } });
    fake.faults.notes = 2;
    await queueResolution(s, '9');
    for (let i = 0; i < 6; i++) {
      await worker.drain();
      later(5 * 60_000);
    }
    const writes = fake.calls.filter((c) => !c.startsWith('read'));
    expect(writes).toEqual(['note 9 failed', 'time 9', 'note 9 failed', 'note 9', 'status 9 Resolved']);
  });

  it('a write-back the PSA refuses with a 4xx (ticket gone) stops after 3 tries and alerts the operator', async () => {
    const { store: s, fake, worker, later } = await setup({ '10': { companyId: '250', contactEmail: MEGAN } }, { maxPermanentFailures: 3 });
    fake.faults.all404 = true;
    await queueResolution(s, '10');
    for (let i = 0; i < 8; i++) {
      await worker.drain();
      later(10 * 60_000);
    }
    // Three reads per item (the guard's re-read is what answers 404), then never again.
    expect(fake.calls.filter((c) => c === 'read 10')).toHaveLength(6);
    const items = await s.listOutbox({});
    expect(items.map((i) => [i.kind, i.attempts])).toEqual([
      ['note', 3],
      ['time_entry', 3],
      ['status', 3],
    ]);
    expect(items.every((i) => i.deliveredAt === null && (i.lastError ?? '').startsWith('stopped: '))).toBe(true);
    const why = (await s.queryAudit({ type: 'write_back.stopped' })).map((e) => [e.data.kind, e.data.why]).sort();
    expect(why).toEqual([
      ['note', 'refused'],
      ['status', 'undeliverable'],
      ['time_entry', 'refused'],
    ]);
    expect((await listOperatorAlerts(s)).length).toBe(3);
  });
});
