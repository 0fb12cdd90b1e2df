import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { NewAuditEvent } from '../src/model/audit.js';
import type { Plan } from '../src/model/plan.js';
import type { Run } from '../src/model/run.js';
import type { Signal } from '../src/model/signal.js';
import type { Approval, NewOutboxItem, Store } from '../src/store/store.js';
import { apiKeyContract } from './store-contract-api-keys.js';

/**
 * The behaviour every Store backend must show (SQLite now, Redis later). Each test gets a fresh,
 * empty store from `open`. Atomicity is exercised with concurrent calls through one store; a
 * backend's own test file adds what only it can check (several connections, processes, restarts).
 */

/** Backend-specific ways to damage the audit log behind the store's back (as an attacker with database access would). */
export interface AuditTamper {
  /** Changes the event's data without fixing its hash. */
  editData(store: Store, seq: number): Promise<void>;
  /** Overwrites the event's stored hash. */
  editHash(store: Store, seq: number): Promise<void>;
  /** Removes the event. */
  deleteEvent(store: Store, seq: number): Promise<void>;
  /** Exchanges the contents of two events, each keeping its position (a reordering). */
  swapEvents(store: Store, a: number, b: number): Promise<void>;
}

export interface StoreContractOptions {
  /** Runs after each test, once the store is closed (delete the temp folder, flush the Redis db...). */
  cleanup?: (store: Store) => Promise<void> | void;
  /** Tamper tests are skipped for hooks the backend does not provide. */
  tamper?: Partial<AuditTamper>;
}

const T0 = Date.parse('2030-01-01T00:00:00.000Z');
/** A fixed timeline for claims and rate limits: `at(90)` is 90 s after T0. */
const at = (seconds: number): string => new Date(T0 + seconds * 1000).toISOString();
/** Outbox items become due at the wall clock of enqueue, so outbox tests run on real time. */
const wall = (offsetMs = 0): string => new Date(Date.now() + offsetMs).toISOString();

export function makeSignal(overrides: Partial<Signal> = {}): Signal {
  return {
    id: 'sig-1',
    installationId: 'inst-1',
    source: 'connectwise',
    kind: 'ticket',
    deliveryKey: 'cw:1001:added',
    action: 'added',
    ticketId: '1001',
    companyHint: 'ACME',
    receivedAt: at(0),
    ...overrides,
  };
}

export function makePlan(overrides: Partial<Plan> = {}): Plan {
  return {
    remediationId: 'mailbox-quota',
    remediationVersion: '1.0.0',
    clientId: 'client-1',
    problem: 'mailbox-full',
    targets: [{ type: 'mailbox', id: 'ann@acme.example' }],
    calls: [
      {
        system: 'exchange',
        method: 'POST',
        url: 'https://outlook.office365.com/adminapi/beta/tenant/InvokeCommand',
        summary: 'Set-Mailbox ProhibitSendQuota 60GB',
        body: { CmdletInput: { CmdletName: 'Set-Mailbox', Parameters: { Identity: 'ann@acme.example', ProhibitSendQuota: '60GB' } } },
      },
    ],
    prior: { prohibitSendQuota: '50GB', nested: { list: [1, 2, { deep: true }] } },
    expected: { prohibitSendQuota: '60GB' },
    input: { mailbox: 'ann@acme.example' },
    summary: 'Raise the send quota of ann@acme.example to 60GB',
    hash: 'f'.repeat(64),
    ...overrides,
  };
}

export function makeRun(overrides: Partial<Run> = {}): Run {
  return {
    id: 'run-1',
    signalId: 'sig-1',
    installationId: 'inst-1',
    psa: 'connectwise',
    ticketId: '1001',
    clientId: 'client-1',
    remediationId: 'mailbox-quota',
    state: 'received',
    dryRun: false,
    classification: { remediationId: 'mailbox-quota', confidence: 0.92, reasons: ['subject mentions mailbox full'], params: { mailbox: 'ann@acme.example' } },
    plan: makePlan(),
    claimKey: null,
    approvalId: null,
    escalationReason: null,
    detail: null,
    actedAt: null,
    validation: null,
    createdAt: at(0),
    updatedAt: at(0),
    version: 1,
    ...overrides,
  };
}

export function makeApproval(overrides: Partial<Approval> = {}): Approval {
  return {
    id: 'appr-1',
    runId: 'run-1',
    clientId: 'client-1',
    remediationId: 'mailbox-quota',
    ticketId: '1001',
    planHash: 'f'.repeat(64),
    planSummary: 'Raise the send quota',
    reason: 'billing risk class',
    status: 'pending',
    createdAt: at(0),
    expiresAt: at(3600),
    decidedBy: null,
    decidedAt: null,
    ...overrides,
  };
}

export function makeAuditEvent(overrides: Partial<NewAuditEvent> = {}): NewAuditEvent {
  return {
    type: 'received',
    runId: 'run-1',
    ticketId: '1001',
    clientId: 'client-1',
    remediationId: 'mailbox-quota',
    outcome: null,
    actor: 'engine',
    data: { step: 1 },
    ...overrides,
  };
}

export function makeOutboxItem(overrides: Partial<NewOutboxItem> = {}): NewOutboxItem {
  return {
    idempotencyKey: 'run-1:note',
    runId: 'run-1',
    installationId: 'inst-1',
    ticketId: '1001',
    kind: 'note',
    payload: { text: 'Raised the quota', internal: true },
    ...overrides,
  };
}

const range = (n: number): number[] => Array.from({ length: n }, (_, i) => i);
const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

export function storeContract(
  name: string,
  open: () => Promise<Store>,
  optionsOrCleanup: StoreContractOptions | StoreContractOptions['cleanup'] = {},
): void {
  const options: StoreContractOptions =
    typeof optionsOrCleanup === 'function' ? { cleanup: optionsOrCleanup } : (optionsOrCleanup ?? {});

  describe(`Store contract: ${name}`, () => {
    let store: Store;

    beforeEach(async () => {
      store = await open();
    });

    afterEach(async () => {
      await store.close();
      await options.cleanup?.(store);
    });

    describe('signals', () => {
      it('stores a signal and reads it back unchanged', async () => {
        const signal = makeSignal();
        expect(await store.putSignal(signal)).toEqual({ inserted: true, signal });
        expect(await store.getSignal(signal.id)).toEqual(signal);
        expect(await store.getSignal('missing')).toBeNull();
      });

      it('keeps optional fields absent rather than null', async () => {
        const { ticketId: _t, companyHint: _c, ...bare } = makeSignal();
        await store.putSignal(bare);
        const read = await store.getSignal(bare.id);
        expect(read).toEqual(bare);
        expect(read && 'ticketId' in read).toBe(false);
      });

      it('stores an RMM alert signal with its alert and returns it unchanged (also from the unprocessed list)', async () => {
        const { ticketId: _t, companyHint: _c, ...base } = makeSignal();
        const signal: Signal = {
          ...base,
          id: 'sig-alert',
          source: 'tactical',
          kind: 'alert',
          deliveryKey: 'tactical:alert-77:failing',
          action: 'failing',
          alert: { rmm: 'tactical', alertId: 'alert-77', status: 'failing', category: 'service_stopped', deviceId: 'agent-1', serviceName: 'Spooler', message: 'Print Spooler stopped' },
        };
        expect(await store.putSignal(signal)).toEqual({ inserted: true, signal });
        expect(await store.getSignal('sig-alert')).toEqual(signal);
        expect(await store.listUnprocessedSignals(10)).toEqual([signal]);
        expect((await store.getSignal(makeSignal().id))).toBeNull();
      });

      it('a re-delivery (same deliveryKey) is not inserted and returns the first signal', async () => {
        const first = makeSignal();
        await store.putSignal(first);
        const again = await store.putSignal(makeSignal({ id: 'sig-2', action: 'updated' }));
        expect(again).toEqual({ inserted: false, signal: first });
        expect(await store.getSignal('sig-2')).toBeNull();
        expect(await store.listUnprocessedSignals(10)).toEqual([first]);
      });

      it('20 concurrent deliveries of one event insert exactly one signal', async () => {
        const results = await Promise.all(range(20).map((i) => store.putSignal(makeSignal({ id: `sig-${i}` }))));
        expect(results.filter((r) => r.inserted)).toHaveLength(1);
        const winner = results.find((r) => r.inserted)?.signal.id;
        expect(new Set(results.map((r) => r.signal.id))).toEqual(new Set([winner]));
        expect(await store.listUnprocessedSignals(100)).toHaveLength(1);
      });

      it('lists unprocessed signals oldest first, honours the limit, and drops processed ones', async () => {
        await store.putSignal(makeSignal({ id: 's-late', deliveryKey: 'k-late', receivedAt: at(30) }));
        await store.putSignal(makeSignal({ id: 's-early', deliveryKey: 'k-early', receivedAt: at(10) }));
        await store.putSignal(makeSignal({ id: 's-mid', deliveryKey: 'k-mid', receivedAt: at(20) }));
        expect((await store.listUnprocessedSignals(10)).map((s) => s.id)).toEqual(['s-early', 's-mid', 's-late']);
        expect((await store.listUnprocessedSignals(2)).map((s) => s.id)).toEqual(['s-early', 's-mid']);

        await store.markSignalProcessed('s-mid', 'run-9');
        expect((await store.listUnprocessedSignals(10)).map((s) => s.id)).toEqual(['s-early', 's-late']);
        // Still readable after processing.
        expect((await store.getSignal('s-mid'))?.id).toBe('s-mid');
      });
    });

    describe('runs', () => {
      it('round-trips a run with its nested plan, classification and validation', async () => {
        const run = makeRun({
          validation: { ok: true, observed: { prohibitSendQuota: '60GB', extra: [1, 'two'] }, message: 'quota is 60GB' },
          actedAt: at(5),
        });
        await store.createRun(run);
        expect(await store.getRun(run.id)).toEqual(run);
        expect(await store.getRun('missing')).toBeNull();
      });

      it('refuses a second run with the same id', async () => {
        await store.createRun(makeRun());
        await expect(store.createRun(makeRun({ detail: 'other' }))).rejects.toThrow();
        expect((await store.getRun('run-1'))?.detail).toBeNull();
      });

      it('updateRun writes version+1 when the expected version matches', async () => {
        await store.createRun(makeRun({ version: 3 }));
        const next = makeRun({ state: 'decided', plan: null, classification: null, detail: 'planned', updatedAt: at(9), version: 3 });
        const stored = await store.updateRun(next, 3);
        expect(stored).toEqual({ ...next, version: 4 });
        expect(await store.getRun('run-1')).toEqual({ ...next, version: 4 });
      });

      it('updateRun with a stale version or an unknown id changes nothing and returns null', async () => {
        await store.createRun(makeRun({ version: 1 }));
        expect(await store.updateRun(makeRun({ state: 'acting' }), 1)).not.toBeNull();
        // Version is now 2: a writer still holding version 1 lost the race.
        expect(await store.updateRun(makeRun({ state: 'escalated' }), 1)).toBeNull();
        expect((await store.getRun('run-1'))?.state).toBe('acting');
        expect(await store.updateRun(makeRun({ id: 'nope' }), 1)).toBeNull();
        expect(await store.getRun('nope')).toBeNull();
      });

      it('50 concurrent updates from the same version: exactly one wins', async () => {
        await store.createRun(makeRun({ version: 7 }));
        const results = await Promise.all(
          range(50).map((i) => store.updateRun(makeRun({ state: 'acting', detail: `writer-${i}`, version: 7 }), 7)),
        );
        const winners = results.filter((r): r is Run => r !== null);
        expect(winners).toHaveLength(1);
        const stored = await store.getRun('run-1');
        expect(stored?.version).toBe(8);
        expect(stored?.detail).toBe(winners[0]?.detail);
      });

      it('filters runs by ticket, client, remediation, state and signal; newest first; with a limit', async () => {
        await store.createRun(makeRun({ id: 'r1', ticketId: 't1', clientId: 'c1', signalId: 's1', createdAt: at(1) }));
        await store.createRun(makeRun({ id: 'r2', ticketId: 't2', clientId: 'c1', signalId: 's2', state: 'resolved', createdAt: at(2) }));
        await store.createRun(makeRun({ id: 'r3', ticketId: 't1', clientId: 'c2', remediationId: 'printer-spooler', signalId: 's3', createdAt: at(3) }));
        const ids = async (filter: Parameters<Store['listRuns']>[0]) => (await store.listRuns(filter)).map((r) => r.id);
        expect(await ids({})).toEqual(['r3', 'r2', 'r1']);
        expect(await ids({ ticketId: 't1' })).toEqual(['r3', 'r1']);
        expect(await ids({ clientId: 'c1' })).toEqual(['r2', 'r1']);
        expect(await ids({ remediationId: 'printer-spooler' })).toEqual(['r3']);
        expect(await ids({ state: 'resolved' })).toEqual(['r2']);
        expect(await ids({ signalId: 's1' })).toEqual(['r1']);
        expect(await ids({ ticketId: 't1', clientId: 'c1' })).toEqual(['r1']);
        expect(await ids({ limit: 2 })).toEqual(['r3', 'r2']);
        expect(await ids({ ticketId: 'none' })).toEqual([]);
      });

      it('lists only non-terminal runs as active', async () => {
        const states = ['received', 'awaiting_approval', 'acting', 'resolved', 'escalated', 'rolled_back', 'dry_run', 'duplicate'] as const;
        for (const [i, state] of states.entries()) await store.createRun(makeRun({ id: `r-${state}`, state, createdAt: at(i) }));
        const active = (await store.listActiveRuns()).map((r) => r.id).sort();
        expect(active).toEqual(['r-acting', 'r-awaiting_approval', 'r-received']);
      });
    });

    describe('audit', () => {
      it('assigns seq from 1 and chains each hash to the previous one', async () => {
        const first = await store.appendAudit(makeAuditEvent());
        const second = await store.appendAudit(makeAuditEvent({ type: 'decided', data: { confidence: 0.9 } }));
        expect(first.seq).toBe(1);
        expect(first.prevHash).toBe('0'.repeat(64));
        expect(first.hash).toMatch(/^[0-9a-f]{64}$/);
        expect(second.seq).toBe(2);
        expect(second.prevHash).toBe(first.hash);
        expect(second.hash).not.toBe(first.hash);
        expect(await store.queryAudit({})).toEqual([first, second]);
        expect(await store.verifyAudit()).toEqual({ ok: true, checked: 2 });
      });

      it('keeps a given time, stamps one when absent, and stores nested data as given', async () => {
        const data = { z: 1, a: { list: [3, 2, 1], nested: { b: 'x', a: null } }, text: 'ünïcødé ✓' };
        const given = await store.appendAudit(makeAuditEvent({ at: at(42), data }));
        expect(given.at).toBe(at(42));
        expect(given.data).toEqual(data);
        const before = Date.now();
        const stamped = await store.appendAudit(makeAuditEvent());
        expect(Date.parse(stamped.at)).toBeGreaterThanOrEqual(before - 1000);
        expect(Date.parse(stamped.at)).toBeLessThanOrEqual(Date.now() + 1000);
        expect((await store.queryAudit({}))[0]?.data).toEqual(data);
        expect((await store.verifyAudit()).ok).toBe(true);
      });

      it('verifies an empty log', async () => {
        expect(await store.verifyAudit()).toEqual({ ok: true, checked: 0 });
      });

      it('queries by each field and by an inclusive time range, ordered by seq, with a limit', async () => {
        await store.appendAudit(makeAuditEvent({ at: at(10), type: 'received', runId: 'r1', ticketId: 't1', clientId: 'c1', remediationId: 'm1' }));
        await store.appendAudit(makeAuditEvent({ at: at(20), type: 'acted', runId: 'r1', ticketId: 't1', clientId: 'c1', remediationId: 'm1' }));
        await store.appendAudit(makeAuditEvent({ at: at(30), type: 'escalated', runId: 'r2', ticketId: 't2', clientId: 'c2', remediationId: 'm2', outcome: 'escalated' }));
        await store.appendAudit(makeAuditEvent({ at: at(40), type: 'kill_switch.set', runId: null, ticketId: null, clientId: null, remediationId: null, actor: 'ops@msp' }));
        const seqs = async (q: Parameters<Store['queryAudit']>[0]) => (await store.queryAudit(q)).map((e) => e.seq);
        expect(await seqs({})).toEqual([1, 2, 3, 4]);
        expect(await seqs({ runId: 'r1' })).toEqual([1, 2]);
        expect(await seqs({ ticketId: 't2' })).toEqual([3]);
        expect(await seqs({ clientId: 'c1' })).toEqual([1, 2]);
        expect(await seqs({ remediationId: 'm2' })).toEqual([3]);
        expect(await seqs({ outcome: 'escalated' })).toEqual([3]);
        expect(await seqs({ type: 'acted' })).toEqual([2]);
        expect(await seqs({ from: at(20), to: at(30) })).toEqual([2, 3]);
        expect(await seqs({ from: at(21) })).toEqual([3, 4]);
        expect(await seqs({ to: at(19) })).toEqual([1]);
        expect(await seqs({ clientId: 'c1', type: 'received' })).toEqual([1]);
        expect(await seqs({ limit: 2 })).toEqual([1, 2]);
        expect(await seqs({ runId: 'nobody' })).toEqual([]);
      });

      it('normalises event times to UTC so ranges work whatever offset a caller used', async () => {
        const event = await store.appendAudit(makeAuditEvent({ at: '2030-01-01T01:00:10+01:00' }));
        expect(event.at).toBe(at(10));
        expect((await store.queryAudit({ from: '2030-01-01T00:00:10Z', to: '2030-01-01T00:00:10Z' })).map((e) => e.seq)).toEqual([1]);
        expect(await store.queryAudit({ from: '2030-01-01T00:00:10.001Z' })).toEqual([]);
        await expect(store.appendAudit(makeAuditEvent({ at: 'yesterday' }))).rejects.toThrow();
      });

      it('50 concurrent appends produce one unbroken chain', async () => {
        const events = await Promise.all(range(50).map((i) => store.appendAudit(makeAuditEvent({ data: { i } }))));
        expect(events.map((e) => e.seq).sort((a, b) => a - b)).toEqual(range(50).map((i) => i + 1));
        const chain = await store.queryAudit({ limit: 100 });
        for (const [i, event] of chain.entries()) {
          expect(event.prevHash).toBe(i === 0 ? '0'.repeat(64) : chain[i - 1]?.hash);
        }
        expect(new Set(chain.map((e) => (e.data as { i: number }).i)).size).toBe(50);
        expect(await store.verifyAudit()).toEqual({ ok: true, checked: 50 });
      });

      describe('tamper detection', () => {
        const seed = async (n: number) => {
          for (const i of range(n)) await store.appendAudit(makeAuditEvent({ at: at(i), data: { i } }));
          expect((await store.verifyAudit()).ok).toBe(true);
        };
        const t = options.tamper ?? {};

        it.skipIf(!t.editData)('detects edited data at its seq', async () => {
          await seed(5);
          await t.editData?.(store, 3);
          expect(await store.verifyAudit()).toMatchObject({ ok: false, firstBadSeq: 3 });
        });

        it.skipIf(!t.editHash)('detects an edited hash at its seq', async () => {
          await seed(5);
          await t.editHash?.(store, 2);
          expect(await store.verifyAudit()).toMatchObject({ ok: false, firstBadSeq: 2 });
        });

        it.skipIf(!t.deleteEvent)('detects a deleted event at the missing seq', async () => {
          await seed(5);
          await t.deleteEvent?.(store, 4);
          expect(await store.verifyAudit()).toMatchObject({ ok: false, firstBadSeq: 4 });
        });

        it.skipIf(!t.deleteEvent)('detects a truncated tail', async () => {
          await seed(5);
          await t.deleteEvent?.(store, 5);
          expect(await store.verifyAudit()).toMatchObject({ ok: false, firstBadSeq: 5 });
        });

        it.skipIf(!t.swapEvents)('detects reordered events at the first moved seq', async () => {
          await seed(5);
          await t.swapEvents?.(store, 2, 4);
          expect(await store.verifyAudit()).toMatchObject({ ok: false, firstBadSeq: 2 });
        });
      });
    });

    describe('approvals', () => {
      it('creates, reads and lists by status', async () => {
        await store.createApproval(makeApproval({ id: 'a1', createdAt: at(1) }));
        await store.createApproval(makeApproval({ id: 'a2', createdAt: at(2), status: 'denied', decidedBy: 'bob', decidedAt: at(3) }));
        expect(await store.getApproval('a1')).toEqual(makeApproval({ id: 'a1', createdAt: at(1) }));
        expect(await store.getApproval('missing')).toBeNull();
        expect((await store.listApprovals()).map((a) => a.id)).toEqual(['a1', 'a2']);
        expect((await store.listApprovals('pending')).map((a) => a.id)).toEqual(['a1']);
        expect((await store.listApprovals('denied')).map((a) => a.id)).toEqual(['a2']);
        expect(await store.listApprovals('approved')).toEqual([]);
      });

      it('decides a pending approval once; later decisions return null and change nothing', async () => {
        await store.createApproval(makeApproval());
        const decided = await store.decideApproval('appr-1', 'approved', 'alice@msp', at(60));
        expect(decided).toEqual(makeApproval({ status: 'approved', decidedBy: 'alice@msp', decidedAt: at(60) }));
        expect(await store.decideApproval('appr-1', 'denied', 'mallory', at(61))).toBeNull();
        expect(await store.getApproval('appr-1')).toEqual(decided);
        expect(await store.decideApproval('missing', 'approved', 'alice', at(60))).toBeNull();
      });

      it('20 concurrent deciders: exactly one decision sticks', async () => {
        await store.createApproval(makeApproval());
        const results = await Promise.all(
          range(20).map((i) => store.decideApproval('appr-1', i % 2 ? 'approved' : 'denied', `op-${i}`, at(i))),
        );
        const winners = results.filter((r): r is Approval => r !== null);
        expect(winners).toHaveLength(1);
        expect(await store.getApproval('appr-1')).toEqual(winners[0]);
      });

      it('voids a pending or approved approval, but not a denied or already void one', async () => {
        await store.createApproval(makeApproval({ id: 'p' }));
        await store.createApproval(makeApproval({ id: 'a' }));
        await store.createApproval(makeApproval({ id: 'd' }));
        await store.decideApproval('a', 'approved', 'alice', at(10));
        await store.decideApproval('d', 'denied', 'bob', at(10));

        expect(await store.voidApproval('p', at(20))).toMatchObject({ id: 'p', status: 'voided' });
        const voided = await store.voidApproval('a', at(20));
        expect(voided).toMatchObject({ id: 'a', status: 'voided' });
        expect(await store.voidApproval('d', at(20))).toBeNull();
        expect(await store.voidApproval('a', at(30))).toBeNull();
        expect(await store.voidApproval('missing', at(30))).toBeNull();
        expect((await store.getApproval('d'))?.status).toBe('denied');
        expect(await store.getApproval('a')).toEqual(voided);
        // A void approval can no longer be approved.
        expect(await store.decideApproval('p', 'approved', 'alice', at(40))).toBeNull();
      });
    });

    describe('claims', () => {
      it('a held claim refuses other runs until it expires', async () => {
        expect(await store.claim('k', 'run-a', at(60), at(0))).toEqual({ ok: true });
        expect(await store.claim('k', 'run-b', at(90), at(59))).toEqual({ ok: false, heldBy: 'run-a', until: at(60) });
        expect(await store.claim('k', 'run-b', at(120), at(60))).toEqual({ ok: true });
        expect(await store.claim('k', 'run-a', at(200), at(61))).toEqual({ ok: false, heldBy: 'run-b', until: at(120) });
      });

      it('keys are independent and the holder may claim again', async () => {
        expect(await store.claim('k1', 'run-a', at(60), at(0))).toEqual({ ok: true });
        expect(await store.claim('k2', 'run-b', at(60), at(0))).toEqual({ ok: true });
        expect(await store.claim('k1', 'run-a', at(300), at(10))).toEqual({ ok: true });
        // The re-claim moved the expiry to 300.
        expect(await store.claim('k1', 'run-c', at(400), at(200))).toEqual({ ok: false, heldBy: 'run-a', until: at(300) });
      });

      it('50 concurrent claims on one key: exactly one wins, the rest see the winner', async () => {
        const results = await Promise.all(range(50).map((i) => store.claim('hot', `run-${i}`, at(60), at(0))));
        expect(results.filter((r) => r.ok)).toHaveLength(1);
        const winner = `run-${results.findIndex((r) => r.ok)}`;
        for (const r of results) if (!r.ok) expect(r).toEqual({ ok: false, heldBy: winner, until: at(60) });
      });

      it('only the holder extends a claim', async () => {
        await store.claim('k', 'run-a', at(60), at(0));
        expect(await store.extendClaim('k', 'run-b', at(600))).toBe(false);
        expect(await store.claim('k', 'run-b', at(90), at(61))).toEqual({ ok: true });
        expect(await store.extendClaim('k', 'run-a', at(600))).toBe(false);
        expect(await store.extendClaim('k', 'run-b', at(3600))).toBe(true);
        expect(await store.claim('k', 'run-c', at(4000), at(3000))).toEqual({ ok: false, heldBy: 'run-b', until: at(3600) });
        expect(await store.extendClaim('missing', 'run-a', at(10))).toBe(false);
      });

      it('only the holder releases a claim', async () => {
        await store.claim('k', 'run-a', at(60), at(0));
        await store.releaseClaim('k', 'run-b');
        expect(await store.claim('k', 'run-b', at(60), at(1))).toMatchObject({ ok: false, heldBy: 'run-a' });
        await store.releaseClaim('k', 'run-a');
        expect(await store.claim('k', 'run-b', at(60), at(1))).toEqual({ ok: true });
      });
    });

    describe('rate limits', () => {
      it('50 concurrent consumers of a bucket of 10: exactly 10 pass', async () => {
        const bucket = { key: 'global', max: 10, windowSeconds: 3600 };
        const results = await Promise.all(range(50).map(() => store.consumeRate([bucket], at(0))));
        expect(results.filter((r) => r.ok)).toHaveLength(10);
        for (const r of results) if (!r.ok) expect(r).toEqual({ ok: false, bucket: 'global' });
      });

      it('is all-or-nothing across buckets', async () => {
        const big = { key: 'client:c1', max: 5, windowSeconds: 3600 };
        const small = { key: 'remediation:m1', max: 2, windowSeconds: 3600 };
        expect(await store.consumeRate([big, small], at(0))).toEqual({ ok: true });
        expect(await store.consumeRate([big, small], at(1))).toEqual({ ok: true });
        expect(await store.consumeRate([big, small], at(2))).toEqual({ ok: false, bucket: 'remediation:m1' });
        // The refused call charged nothing: `big` has exactly 3 units left.
        const alone = [];
        for (const i of range(5)) alone.push((await store.consumeRate([big], at(3 + i))).ok);
        expect(alone).toEqual([true, true, true, false, false]);
      });

      it('slides: a unit frees up exactly one window after it was used', async () => {
        const bucket = { key: 'b', max: 2, windowSeconds: 60 };
        expect((await store.consumeRate([bucket], at(0))).ok).toBe(true);
        expect((await store.consumeRate([bucket], at(30))).ok).toBe(true);
        expect((await store.consumeRate([bucket], at(59.999))).ok).toBe(false);
        expect((await store.consumeRate([bucket], at(60))).ok).toBe(true);
        expect((await store.consumeRate([bucket], at(89))).ok).toBe(false);
        expect((await store.consumeRate([bucket], at(90))).ok).toBe(true);
      });

      it('keeps buckets separate and refuses a bucket of size 0', async () => {
        expect((await store.consumeRate([{ key: 'a', max: 1, windowSeconds: 60 }], at(0))).ok).toBe(true);
        expect((await store.consumeRate([{ key: 'b', max: 1, windowSeconds: 60 }], at(0))).ok).toBe(true);
        expect(await store.consumeRate([{ key: 'z', max: 0, windowSeconds: 60 }], at(0))).toEqual({ ok: false, bucket: 'z' });
      });
    });

    describe('kill switch', () => {
      it('keeps one row per scope, overwritten on each change', async () => {
        expect(await store.listKillSwitches()).toEqual([]);
        await store.setKillSwitch({ kind: 'global' }, true, 'ops@msp', 'incident', at(0));
        await store.setKillSwitch({ kind: 'client', id: 'c1' }, true, 'ops@msp', 'client asked', at(1));
        await store.setKillSwitch({ kind: 'remediation', id: 'tenant:mailbox-quota' }, true, 'dev', 'bug', at(2));
        await store.setKillSwitch({ kind: 'global' }, false, 'lead@msp', 'resolved', at(3));
        const byScope = (await store.listKillSwitches()).sort((a, b) => JSON.stringify(a.scope).localeCompare(JSON.stringify(b.scope)));
        expect(byScope).toEqual(
          [
            { scope: { kind: 'global' }, engaged: false, by: 'lead@msp', reason: 'resolved', at: at(3) },
            { scope: { kind: 'client', id: 'c1' }, engaged: true, by: 'ops@msp', reason: 'client asked', at: at(1) },
            { scope: { kind: 'remediation', id: 'tenant:mailbox-quota' }, engaged: true, by: 'dev', reason: 'bug', at: at(2) },
          ].sort((a, b) => JSON.stringify(a.scope).localeCompare(JSON.stringify(b.scope))),
        );
      });

      it('client and remediation scopes with the same id are different switches', async () => {
        await store.setKillSwitch({ kind: 'client', id: 'x' }, true, 'a', 'r', at(0));
        await store.setKillSwitch({ kind: 'remediation', id: 'x' }, false, 'b', 'r', at(1));
        const list = await store.listKillSwitches();
        expect(list).toHaveLength(2);
        expect(list.find((k) => k.scope.kind === 'client')?.engaged).toBe(true);
        expect(list.find((k) => k.scope.kind === 'remediation')?.engaged).toBe(false);
      });

      it('keeps a remediation-at-one-client switch apart from both, remediation ids with colons included', async () => {
        await store.setKillSwitch({ kind: 'client-remediation', clientId: 'c1', id: 'ns:mailbox-quota' }, true, 'circuit-breaker', 'tripped', at(0));
        await store.setKillSwitch({ kind: 'remediation', id: 'ns:mailbox-quota' }, false, 'b', 'r', at(1));
        const list = await store.listKillSwitches();
        expect(list).toHaveLength(2);
        expect(list.find((k) => k.scope.kind === 'client-remediation')).toEqual({ scope: { kind: 'client-remediation', clientId: 'c1', id: 'ns:mailbox-quota' }, engaged: true, by: 'circuit-breaker', reason: 'tripped', at: at(0) });
      });
    });

    describe('outbox', () => {
      it('enqueues items due now with no attempts', async () => {
        const before = Date.now();
        const [item] = await store.enqueueOutbox([makeOutboxItem()]);
        expect(item).toMatchObject({ ...makeOutboxItem(), attempts: 0, deliveredAt: null, lastError: null, result: null });
        expect(item?.id).toEqual(expect.any(String));
        expect(Date.parse(item?.nextAttemptAt ?? '')).toBeGreaterThanOrEqual(before - 1000);
        expect(await store.listOutbox({})).toEqual([item]);
      });

      it('re-enqueueing an idempotency key is a no-op that returns the stored item', async () => {
        const [first] = await store.enqueueOutbox([makeOutboxItem()]);
        const again = await store.enqueueOutbox([
          makeOutboxItem({ payload: { text: 'different' } }),
          makeOutboxItem({ idempotencyKey: 'run-1:status', kind: 'status', payload: { status: 'Resolved' } }),
        ]);
        expect(again[0]).toEqual(first);
        expect(again[1]?.kind).toBe('status');
        expect(await store.listOutbox({})).toHaveLength(2);
      });

      it('20 concurrent enqueues of one key store one item', async () => {
        const results = await Promise.all(range(20).map((i) => store.enqueueOutbox([makeOutboxItem({ payload: { i } })])));
        expect(new Set(results.map((r) => r[0]?.id)).size).toBe(1);
        expect(await store.listOutbox({})).toHaveLength(1);
      });

      it('leases due items to one worker until the lease expires', async () => {
        const [item] = await store.enqueueOutbox([makeOutboxItem()]);
        const now = Date.now() + 1000;
        const iso = (ms: number) => new Date(now + ms).toISOString();
        expect((await store.leaseOutbox(iso(0), 10, 5000, 'w1')).map((i) => i.id)).toEqual([item?.id]);
        expect(await store.leaseOutbox(iso(4999), 10, 5000, 'w2')).toEqual([]);
        // The first worker died: after its lease lapses another worker picks the item up.
        expect((await store.leaseOutbox(iso(5000), 10, 5000, 'w2')).map((i) => i.id)).toEqual([item?.id]);
      });

      it('leases oldest first and honours the limit', async () => {
        await store.enqueueOutbox(range(5).map((i) => makeOutboxItem({ idempotencyKey: `k${i}` })));
        const leased = await store.leaseOutbox(wall(1000), 3, 60_000, 'w1');
        expect(leased.map((i) => i.idempotencyKey)).toEqual(['k0', 'k1', 'k2']);
        expect((await store.leaseOutbox(wall(1000), 3, 60_000, 'w2')).map((i) => i.idempotencyKey)).toEqual(['k3', 'k4']);
      });

      it('does not lease items that are not due yet', async () => {
        await store.enqueueOutbox([makeOutboxItem()]);
        expect(await store.leaseOutbox(wall(-60_000), 10, 1000, 'w1')).toEqual([]);
      });

      it('10 concurrent workers never lease the same item twice', async () => {
        await store.enqueueOutbox(range(20).map((i) => makeOutboxItem({ idempotencyKey: `k${i}` })));
        const now = wall(1000);
        const batches = await Promise.all(range(10).map((w) => store.leaseOutbox(now, 3, 60_000, `w${w}`)));
        const ids = batches.flat().map((i) => i.id);
        expect(ids).toHaveLength(20);
        expect(new Set(ids).size).toBe(20);
      });

      it('a completed item is delivered once and never leased again', async () => {
        const [item] = await store.enqueueOutbox([makeOutboxItem()]);
        const id = item?.id ?? '';
        await store.leaseOutbox(wall(1000), 10, 1000, 'w1');
        await store.completeOutbox(id, at(5), { noteId: 77 });
        const [done] = await store.listOutbox({ delivered: true });
        expect(done).toMatchObject({ id, deliveredAt: at(5), result: { noteId: 77 }, attempts: 1 });
        expect(await store.leaseOutbox(wall(3_600_000), 10, 1000, 'w2')).toEqual([]);
        // A late duplicate completion or failure does not rewrite the delivery record.
        await store.completeOutbox(id, at(9), { noteId: 78 });
        await store.failOutbox(id, 'late failure', wall(0));
        expect(await store.listOutbox({})).toEqual([done]);
        expect(await store.listOutbox({ delivered: false })).toEqual([]);
      });

      it('completing with a payload replaces the stored one (a delivered note drops its sealed copy), once', async () => {
        const [item] = await store.enqueueOutbox([makeOutboxItem()]);
        const id = item?.id ?? '';
        await store.leaseOutbox(wall(1000), 10, 1000, 'w1');
        await store.completeOutbox(id, at(5), { noteId: 1 }, { marker: 'm', sealedCopyDropped: true });
        const [done] = await store.listOutbox({ delivered: true });
        expect(done!.payload).toEqual({ marker: 'm', sealedCopyDropped: true });
        await store.completeOutbox(id, at(9), { noteId: 2 }, { rewritten: true });
        expect((await store.listOutbox({}))[0]!.payload).toEqual({ marker: 'm', sealedCopyDropped: true });
      });

      it('a lease counts as an attempt even when its worker never reports back', async () => {
        const [item] = await store.enqueueOutbox([makeOutboxItem()]);
        const [first] = await store.leaseOutbox(wall(1000), 10, 1000, 'dies');
        expect(first).toMatchObject({ id: item?.id, attempts: 1 });
        const [second] = await store.leaseOutbox(wall(5000), 10, 1000, 'next');
        expect(second).toMatchObject({ id: item?.id, attempts: 2 });
      });

      it('a failed item records the error and waits for its next attempt', async () => {
        const [item] = await store.enqueueOutbox([makeOutboxItem()]);
        const id = item?.id ?? '';
        const now = Date.now() + 1000;
        const iso = (ms: number) => new Date(now + ms).toISOString();
        await store.leaseOutbox(iso(0), 10, 60_000, 'w1');
        await store.failOutbox(id, 'PSA answered 503', iso(30_000));
        const [failed] = await store.listOutbox({ delivered: false });
        expect(failed).toMatchObject({ id, attempts: 1, lastError: 'PSA answered 503', nextAttemptAt: iso(30_000), deliveredAt: null });
        // Failing ends the lease, but the item is not due before nextAttemptAt.
        expect(await store.leaseOutbox(iso(29_999), 10, 60_000, 'w2')).toEqual([]);
        const [retried] = await store.leaseOutbox(iso(30_000), 10, 60_000, 'w2');
        expect(retried).toMatchObject({ id, attempts: 2, lastError: 'PSA answered 503' });
        await store.failOutbox(id, 'PSA answered 429', iso(90_000));
        expect((await store.listOutbox({}))[0]).toMatchObject({ attempts: 2, lastError: 'PSA answered 429' });
      });

      it('filters by run and by delivery', async () => {
        const items = await store.enqueueOutbox([
          makeOutboxItem({ idempotencyKey: 'a', runId: 'r1' }),
          makeOutboxItem({ idempotencyKey: 'b', runId: 'r2' }),
          makeOutboxItem({ idempotencyKey: 'c', runId: 'r1' }),
        ]);
        await store.completeOutbox(items[2]?.id ?? '', at(1), {});
        const keys = async (f: Parameters<Store['listOutbox']>[0]) => (await store.listOutbox(f)).map((i) => i.idempotencyKey);
        expect(await keys({ runId: 'r1' })).toEqual(['a', 'c']);
        expect(await keys({ runId: 'r1', delivered: false })).toEqual(['a']);
        expect(await keys({ delivered: true })).toEqual(['c']);
        expect(await keys({ runId: 'none' })).toEqual([]);
      });
    });

    describe('key/value', () => {
      it('stores JSON values and overwrites them', async () => {
        expect(await store.getKv('missing')).toBeNull();
        await store.setKv('install:1', { tenant: 't', scopes: ['a', 'b'], n: 1.5 });
        expect(await store.getKv('install:1')).toEqual({ tenant: 't', scopes: ['a', 'b'], n: 1.5 });
        await store.setKv('install:1', 'replaced');
        expect(await store.getKv<string>('install:1')).toBe('replaced');
      });

      it('expires values after their TTL, and a later set without TTL keeps the value', async () => {
        await store.setKv('short', 1, 60);
        await store.setKv('kept', 1, 60);
        await store.setKv('kept', 2);
        expect(await store.getKv('short')).toBe(1);
        await sleep(120);
        expect(await store.getKv('short')).toBeNull();
        expect(await store.getKv('kept')).toBe(2);
      });
    });

    apiKeyContract(() => store);
  });
}
