import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createClient, createKeyv, type RedisClientType } from '@keyv/redis';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import type { AuditEvent } from '../src/model/audit.js';
import { CLIENT_NAME, openRedisStore, type RedisKeys, type RedisStore } from '../src/store/redis/index.js';
import { SqliteStore } from '../src/store/sqlite/sqlite-store.js';
import type { Store } from '../src/store/store.js';
import { makeApproval, makeAuditEvent, makeOutboxItem, makeRun, makeSignal, storeContract } from './store-contract.js';
import { startRedis, type RedisServer } from '../support/redis-server.js';

const server = await startRedis();

if (server === null) {
  describe.skip('RedisStore: redis-server is not installed (apt-get install -y redis-server); skipped outside CI', () => {
    it('needs redis-server', () => undefined);
  });
} else {
  redisSuites(server);
}

function redisSuites(redis: RedisServer): void {
  /** A second, raw connection: what an attacker or an operator with redis-cli would have. */
  let raw: RedisClientType;

  beforeAll(async () => {
    raw = createClient({ url: redis.url });
    await raw.connect();
  });

  afterAll(async () => {
    await raw?.close();
    await redis.stop();
  });

  /** A fresh namespace per store, so tests never see each other's data. */
  const uniquePrefix = (): string => `test:${randomUUID()}:`;
  const open = (prefix = uniquePrefix()): Promise<RedisStore> => openRedisStore({ url: redis.url, prefix });
  const keysOf = (store: Store): RedisKeys => (store as RedisStore).keys;

  async function keysUnder(prefix: string): Promise<string[]> {
    const found: string[] = [];
    for await (const batch of raw.scanIterator({ MATCH: `${prefix}*`, COUNT: 1000 })) found.push(...batch);
    return found;
  }

  async function dropPrefix(prefix: string): Promise<void> {
    const keys = await keysUnder(prefix);
    if (keys.length > 0) await raw.unlink(keys);
  }

  async function editEvent(store: Store, seq: number, edit: (event: AuditEvent) => AuditEvent): Promise<void> {
    const key = keysOf(store).auditEvent(seq);
    const json = await raw.get(key);
    if (json === null) throw new Error(`no audit event at ${key}`);
    await raw.set(key, JSON.stringify(edit(JSON.parse(json) as AuditEvent)));
  }

  storeContract('redis', () => open(), {
    cleanup: async (store) => {
      await dropPrefix((store as RedisStore).prefix);
    },
    tamper: {
      editData: (store, seq) => editEvent(store, seq, (e) => ({ ...e, data: { ...e.data, i: 999 } })),
      editHash: (store, seq) => editEvent(store, seq, (e) => ({ ...e, hash: 'e'.repeat(64) })),
      // A thorough attacker removes the event and every index entry that points at it.
      deleteEvent: async (store, seq) => {
        const keys = keysOf(store);
        await raw.del(keys.auditEvent(seq));
        await raw.zRem(keys.auditLog, String(seq));
        await raw.zRem(keys.auditAt, String(seq));
        for (const index of await keysUnder(keys.auditIndexStem)) await raw.zRem(index, String(seq));
      },
      // Each position keeps its seq and takes the other event's content, as the SQLite hook does.
      swapEvents: async (store, a, b) => {
        const keys = keysOf(store);
        const [ja, jb] = await Promise.all([raw.get(keys.auditEvent(a)), raw.get(keys.auditEvent(b))]);
        if (ja === null || jb === null) throw new Error('missing audit events to swap');
        const ea = JSON.parse(ja) as AuditEvent;
        const eb = JSON.parse(jb) as AuditEvent;
        await raw.set(keys.auditEvent(a), JSON.stringify({ ...eb, seq: a }));
        await raw.set(keys.auditEvent(b), JSON.stringify({ ...ea, seq: b }));
      },
    },
  });

  describe('RedisStore (Redis-specific)', () => {
    const opened: RedisStore[] = [];
    const track = async (store: Promise<RedisStore>): Promise<RedisStore> => {
      const s = await store;
      opened.push(s);
      return s;
    };

    afterEach(async () => {
      for (const store of opened.splice(0)) {
        await store.close();
        await dropPrefix(store.prefix);
      }
    });

    const at = (seconds: number): string => new Date(Date.parse('2030-01-01T00:00:00.000Z') + seconds * 1000).toISOString();
    const range = (n: number): number[] => Array.from({ length: n }, (_, i) => i);

    it('two stores on separate connections: one claim, exact rate, one CAS, one decision, one signal, disjoint leases', async () => {
      const a = await track(open());
      const b = await track(open(a.prefix));
      const pick = (i: number): Store => (i % 2 ? a : b);

      const claims = await Promise.all(range(50).map((i) => pick(i).claim('k', `run-${i}`, at(3600), at(0))));
      expect(claims.filter((r) => r.ok)).toHaveLength(1);
      const winner = `run-${claims.findIndex((r) => r.ok)}`;
      for (const r of claims) if (!r.ok) expect(r.heldBy).toBe(winner);

      const bucket = { key: 'global', max: 10, windowSeconds: 60 };
      const small = { key: 'client:c1', max: 4, windowSeconds: 60 };
      const rates = await Promise.all(range(50).map((i) => pick(i).consumeRate(i % 3 ? [bucket] : [bucket, small], at(0))));
      expect(rates.filter((r) => r.ok)).toHaveLength(10);

      await a.createRun(makeRun());
      const cas = await Promise.all(range(20).map((i) => pick(i).updateRun(makeRun({ detail: `w${i}` }), 1)));
      const casWinners = cas.filter((r) => r !== null);
      expect(casWinners).toHaveLength(1);
      expect(await b.getRun('run-1')).toEqual(casWinners[0]);

      await a.createApproval(makeApproval());
      const decisions = await Promise.all(range(20).map((i) => pick(i).decideApproval('appr-1', i % 2 ? 'approved' : 'denied', `op-${i}`, at(i))));
      expect(decisions.filter((d) => d !== null)).toHaveLength(1);

      const puts = await Promise.all(range(20).map((i) => pick(i).putSignal(makeSignal({ id: `sig-${i}` }))));
      expect(puts.filter((p) => p.inserted)).toHaveLength(1);
      expect(await a.listUnprocessedSignals(100)).toHaveLength(1);

      await a.enqueueOutbox(range(30).map((i) => makeOutboxItem({ idempotencyKey: `item-${i}` })));
      const now = new Date(Date.now() + 1000).toISOString();
      const leases = await Promise.all(range(12).map((w) => pick(w).leaseOutbox(now, 3, 60_000, `w${w}`)));
      const leased = leases.flat().map((i) => i.id);
      expect(leased).toHaveLength(30);
      expect(new Set(leased).size).toBe(30);
    });

    it('appends from two connections interleave into one unbroken chain', async () => {
      const a = await track(open());
      const b = await track(open(a.prefix));
      // Both stores race for the head; the loser of each round recomputes its hash and retries.
      const events = await Promise.all(range(60).map((i) => (i % 2 ? a : b).appendAudit(makeAuditEvent({ data: { i } }))));
      expect(events.map((e) => e.seq).sort((x, y) => x - y)).toEqual(range(60).map((i) => i + 1));
      const chain = await a.queryAudit({ limit: 100 });
      expect(new Set(chain.map((e) => (e.data as { i: number }).i)).size).toBe(60);
      for (const [i, e] of chain.entries()) expect(e.prevHash).toBe(i === 0 ? '0'.repeat(64) : chain[i - 1]?.hash);
      expect(await a.verifyAudit()).toEqual({ ok: true, checked: 60 });
      expect(await b.verifyAudit()).toEqual({ ok: true, checked: 60 });
    });

    it('keeps everything across close and reopen', async () => {
      const first = await open();
      await first.putSignal(makeSignal());
      await first.createRun(makeRun());
      await first.createApproval(makeApproval());
      for (const i of [1, 2, 3]) await first.appendAudit(makeAuditEvent({ data: { i } }));
      await first.claim('claim-key', 'run-1', '2999-01-01T00:00:00.000Z', new Date().toISOString());
      await first.consumeRate([{ key: 'b', max: 1, windowSeconds: 3600 }], new Date().toISOString());
      await first.setKillSwitch({ kind: 'global' }, true, 'ops', 'test', new Date().toISOString());
      const [item] = await first.enqueueOutbox([makeOutboxItem()]);
      await first.setKv('install', { ok: true });
      await first.close();

      const second = await track(open(first.prefix));
      expect(await second.getSignal('sig-1')).toEqual(makeSignal());
      expect(await second.getRun('run-1')).toEqual(makeRun());
      expect(await second.listRuns({ ticketId: '1001' })).toEqual([makeRun()]);
      expect(await second.getApproval('appr-1')).toEqual(makeApproval());
      expect(await second.verifyAudit()).toEqual({ ok: true, checked: 3 });
      expect((await second.appendAudit(makeAuditEvent())).seq).toBe(4);
      expect(await second.claim('claim-key', 'run-2', '2999-01-01T00:00:00.000Z', new Date().toISOString())).toMatchObject({ ok: false, heldBy: 'run-1' });
      expect(await second.consumeRate([{ key: 'b', max: 1, windowSeconds: 3600 }], new Date().toISOString())).toEqual({ ok: false, bucket: 'b' });
      expect((await second.listKillSwitches())[0]?.engaged).toBe(true);
      expect(await second.listOutbox({})).toEqual([item]);
      expect(await second.getKv('install')).toEqual({ ok: true });
    });

    it('keeps kv in Keyv: its namespace, its envelope, a real Redis TTL, readable by another Keyv', async () => {
      const store = await track(open());
      const keys = store.keys;
      await store.setKv('install:1', { tenant: 't' }, 60_000);
      await store.setKv('forever', [1, 2]);

      const stored = await raw.get(`${keys.kvNamespace}::install:1`);
      expect(stored).not.toBeNull();
      const envelope = JSON.parse(stored ?? '') as { value: unknown; expires: number };
      expect(JSON.parse(envelope.value as string)).toEqual({ tenant: 't' });
      expect(envelope.expires).toBeGreaterThan(Date.now());
      const ttl = await raw.pTTL(`${keys.kvNamespace}::install:1`);
      expect(ttl).toBeGreaterThan(50_000);
      expect(ttl).toBeLessThanOrEqual(60_000);
      expect(await raw.pTTL(`${keys.kvNamespace}::forever`)).toBe(-1);

      // Any Keyv on the same namespace sees the same entries, both ways.
      const other = createKeyv(redis.url, { namespace: keys.kvNamespace, throwOnErrors: true });
      try {
        expect(JSON.parse((await other.get('install:1')) as string)).toEqual({ tenant: 't' });
        await other.set('written-by-keyv', JSON.stringify({ from: 'keyv' }));
        expect(await store.getKv('written-by-keyv')).toEqual({ from: 'keyv' });
      } finally {
        await other.disconnect();
      }

      // A TTL that has already run out removes the value (as SQLite stores it expired).
      await store.setKv('forever', 1, 0);
      expect(await store.getKv('forever')).toBeNull();
    });

    it('keeps every key under its prefix, so stores with different prefixes do not see each other', async () => {
      const before = new Set(await keysUnder(''));
      const a = await track(open());
      const b = await track(open());
      await a.putSignal(makeSignal());
      await a.createRun(makeRun());
      await a.appendAudit(makeAuditEvent());
      await a.createApproval(makeApproval());
      await a.claim('k', 'run-1', at(60), at(0));
      await a.consumeRate([{ key: 'g', max: 1, windowSeconds: 60 }], at(0));
      await a.setKillSwitch({ kind: 'global' }, true, 'ops', 'r', at(0));
      await a.enqueueOutbox([makeOutboxItem()]);
      await a.setKv('k', 1);

      const added = (await keysUnder('')).filter((k) => !before.has(k));
      expect(added.length).toBeGreaterThan(15);
      expect(added.filter((k) => !k.startsWith(a.prefix))).toEqual([]);

      expect(await b.getSignal('sig-1')).toBeNull();
      expect(await b.listRuns({})).toEqual([]);
      expect(await b.verifyAudit()).toEqual({ ok: true, checked: 0 });
      expect(await b.claim('k', 'run-2', at(60), at(0))).toEqual({ ok: true });
      expect(await b.consumeRate([{ key: 'g', max: 1, windowSeconds: 60 }], at(0))).toEqual({ ok: true });
      expect(await b.listKillSwitches()).toEqual([]);
      expect(await b.listOutbox({})).toEqual([]);
      expect(await b.getKv('k')).toBeNull();
    });

    it('reloads its Lua scripts after SCRIPT FLUSH (EVALSHA falls back to EVAL)', async () => {
      const store = await track(open());
      expect(await store.claim('k', 'run-a', at(60), at(0))).toEqual({ ok: true });
      await raw.scriptFlush();
      expect(await store.claim('k', 'run-b', at(60), at(1))).toEqual({ ok: false, heldBy: 'run-a', until: at(60) });
      await raw.scriptFlush();
      expect((await store.appendAudit(makeAuditEvent())).seq).toBe(1);
    });

    it('verify reports an event gone from under its index, an event moved to another seq, and an unparseable event', async () => {
      const store = await track(open());
      const keys = store.keys;
      for (const i of range(4)) await store.appendAudit(makeAuditEvent({ data: { i } }));

      // Only the event's key deleted: the log still lists seq 3.
      const third = await raw.get(keys.auditEvent(3));
      await raw.del(keys.auditEvent(3));
      expect(await store.verifyAudit()).toMatchObject({ ok: false, checked: 2, firstBadSeq: 3 });
      await raw.set(keys.auditEvent(3), third ?? '');
      expect(await store.verifyAudit()).toEqual({ ok: true, checked: 4 });

      // Event 1 copied over event 2 unchanged: its own hash still matches, its position does not.
      const second = await raw.get(keys.auditEvent(2));
      await raw.set(keys.auditEvent(2), (await raw.get(keys.auditEvent(1))) ?? '');
      expect(await store.verifyAudit()).toMatchObject({ ok: false, checked: 1, firstBadSeq: 2 });
      await raw.set(keys.auditEvent(2), second ?? '');

      await raw.set(keys.auditEvent(1), 'not json');
      expect(await store.verifyAudit()).toMatchObject({ ok: false, checked: 0, firstBadSeq: 1 });
    });

    it('refuses to append over an event the head does not know about', async () => {
      const store = await track(open());
      await store.appendAudit(makeAuditEvent());
      // An event planted at seq 2 without moving the head: appending must not overwrite it.
      await raw.set(store.keys.auditEvent(2), '{"planted":true}');
      await expect(store.appendAudit(makeAuditEvent())).rejects.toThrow(/already exists/);
      expect(await raw.get(store.keys.auditEvent(2))).toBe('{"planted":true}');
    });

    it('validates records read back: a corrupted run is an error, not a malformed run', async () => {
      const store = await track(open());
      await store.createRun(makeRun());
      await raw.hSet(store.keys.run('run-1'), 'json', JSON.stringify({ ...makeRun(), plan: { targets: [] } }));
      await expect(store.getRun('run-1')).rejects.toThrow();
      await expect(store.listRuns({})).rejects.toThrow();
    });

    it('close quits the connection, is idempotent, and later calls fail instead of reconnecting', async () => {
      const connections = async () => (await raw.clientList()).filter((c) => c.name === CLIENT_NAME).length;
      const baseline = await connections();
      const store = await open();
      expect(await connections()).toBe(baseline + 1);
      await store.close();
      await store.close();
      expect(await connections()).toBe(baseline);
      await expect(store.getKv('x')).rejects.toThrow(/closed/);
      await expect(store.getRun('x')).rejects.toThrow(/closed/);
      expect(await connections()).toBe(baseline);
      await dropPrefix(store.prefix);
    });

    it('reconnects after its connection is killed', async () => {
      const store = await track(open());
      await store.setKv('k', 1);
      const mine = (await raw.clientList()).filter((c) => c.name === CLIENT_NAME);
      expect(mine).toHaveLength(1);
      for (const c of mine) await raw.clientKill({ filter: 'ID', id: c.id });
      await expect.poll(() => store.getKv('k'), { timeout: 5000 }).toBe(1);
      expect(await store.claim('k', 'run-a', at(60), at(0))).toEqual({ ok: true });
    });

    it('answers a mixed script exactly as SQLite does: same orderings, ties, and byte-identical audit hashes', async () => {
      const script = async (store: Store) => {
        const out: Record<string, unknown> = {};
        // Ties on time fall back to insertion order in both backends.
        for (const id of ['s-z', 's-a', 's-m']) await store.putSignal(makeSignal({ id, deliveryKey: `dk-${id}`, receivedAt: at(5) }));
        await store.putSignal(makeSignal({ id: 's-early', deliveryKey: 'dk-early', receivedAt: at(1) }));
        out.dup = await store.putSignal(makeSignal({ id: 's-dup', deliveryKey: 'dk-s-a' }));
        await store.markSignalProcessed('s-m', 'run-x');
        await store.markSignalProcessed('s-m', 'run-y');
        out.signals = (await store.listUnprocessedSignals(10)).map((x) => x.id);

        for (const id of ['r-z', 'r-a']) await store.createRun(makeRun({ id, createdAt: at(5) }));
        await store.createRun(makeRun({ id: 'r-b', createdAt: at(1), ticketId: 't2', clientId: null }));
        const rb = await store.getRun('r-b');
        out.update = rb && (await store.updateRun({ ...rb, createdAt: at(9), state: 'resolved', ticketId: 't3' }, rb.version));
        out.runs = (await store.listRuns({})).map((r) => r.id);
        out.byTicket = [await store.listRuns({ ticketId: 't2' }), (await store.listRuns({ ticketId: 't3' })).map((r) => r.id)];
        out.received = (await store.listRuns({ state: 'received', limit: 1 })).map((r) => r.id);
        out.active = (await store.listActiveRuns()).map((r) => r.id);

        for (const id of ['a-z', 'a-a', 'a-m']) await store.createApproval(makeApproval({ id, createdAt: at(3) }));
        out.decided = await store.decideApproval('a-a', 'approved', 'alice', at(4));
        out.voided = await store.voidApproval('a-a', at(6));
        out.approvals = [(await store.listApprovals()).map((a) => a.id), (await store.listApprovals('pending')).map((a) => a.id)];

        const data = { z: 1, a: { list: [3, 2, 1], nested: { b: 'x', a: null } }, text: 'ünïcødé ✓ 😀', n: 0.1 + 0.2, big: 1e21 };
        out.audit = [];
        for (const i of range(4)) {
          (out.audit as unknown[]).push(
            await store.appendAudit(makeAuditEvent({ at: `2030-01-01T0${i}:00:00+01:00`, data: { ...data, i }, outcome: i === 3 ? 'resolved' : null })),
          );
        }
        out.auditQuery = (await store.queryAudit({ outcome: 'resolved' })).map((e) => e.seq);
        out.verify = await store.verifyAudit();

        out.claims = [
          await store.claim('k', 'run-a', at(60), at(0)),
          await store.claim('k', 'run-b', at(60), '2030-01-01T01:00:59.999+01:00'),
          await store.extendClaim('k', 'run-a', at(90)),
          await store.claim('k', 'run-b', at(120), at(60)),
        ];
        const b1 = { key: 'b1', max: 2, windowSeconds: 1.5 };
        out.rates = [];
        for (const t of [0, 0.5, 1, 1.5, 1.5, 2]) (out.rates as unknown[]).push(await store.consumeRate([b1, b1], at(t)), await store.consumeRate([b1], at(t)));

        for (const [i, id] of ['ß', 'z', 'Z', 'a:b'].entries()) await store.setKillSwitch({ kind: 'client', id }, i % 2 === 0, 'ops', 'r', at(i));
        await store.setKillSwitch({ kind: 'global' }, true, 'ops', 'r', at(9));
        out.kill = await store.listKillSwitches();

        await store.enqueueOutbox([makeOutboxItem({ idempotencyKey: 'o2' }), makeOutboxItem({ idempotencyKey: 'o1', runId: 'r9' })]);
        await store.enqueueOutbox([makeOutboxItem({ idempotencyKey: 'o1', payload: { other: true } }), makeOutboxItem({ idempotencyKey: 'o0' })]);
        out.outbox = (await store.listOutbox({})).map((i) => [i.idempotencyKey, i.runId, i.payload]);
        out.outboxRun = (await store.listOutbox({ runId: 'r9' })).map((i) => i.idempotencyKey);
        const leased = await store.leaseOutbox(new Date(Date.now() + 1000).toISOString(), 2, 60_000, 'w');
        out.leased = leased.map((i) => i.idempotencyKey);
        return out;
      };

      const dir = await mkdtemp(join(tmpdir(), 'ticketfix-parity-'));
      const sqlite = new SqliteStore({ file: join(dir, 'store.sqlite') });
      try {
        const expected = await script(sqlite);
        const actual = await script(await track(open()));
        expect(actual).toEqual(expected);
        // The hashes are part of what is compared: one chain, whichever backend wrote it.
        expect((actual.audit as AuditEvent[])[3]?.hash).toBe((expected.audit as AuditEvent[])[3]?.hash);
      } finally {
        await sqlite.close();
        await rm(dir, { recursive: true, force: true });
      }
    });

    it('openRedisStore keeps retrying an unreachable Redis until its timeout has passed, then rejects without echoing the password', async () => {
      // The connect timeout runs on a clock the test moves: retries happen while it stands still.
      let now = 1_000_000;
      let errors = 0;
      let settled = false;
      const attempt = openRedisStore({ url: 'redis://user:s3cret-pw@127.0.0.1:1', connectTimeoutMs: 300, now: () => now, onError: () => errors++ });
      void attempt.then(
        () => (settled = true),
        () => (settled = true),
      );
      await vi.waitFor(() => expect(errors).toBeGreaterThanOrEqual(3), { timeout: 10_000, interval: 20 });
      expect(settled, 'rejected before its connect timeout had passed').toBe(false);
      now += 300;
      await expect(attempt).rejects.toThrow(/cannot connect to Redis at 127\.0\.0\.1:1/);
      await attempt.catch((err: unknown) => expect(String(err)).not.toContain('s3cret-pw'));
    });
  });
}
