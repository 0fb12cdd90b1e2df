import { fork } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openStore, STORE_FILE_NAME } from '../src/store/open-store.js';
import { SqliteStore } from '../src/store/sqlite/sqlite-store.js';
import type { Store } from '../src/store/store.js';
import { makeApproval, makeAuditEvent, makeOutboxItem, makeRun, makeSignal, storeContract } from './store-contract.js';

const dirs = new Set<string>();
const tempDir = async (): Promise<string> => {
  const dir = await mkdtemp(join(tmpdir(), 'ticketfix-sqlite-'));
  dirs.add(dir);
  return dir;
};
const removeDirs = async (): Promise<void> => {
  for (const dir of dirs) await rm(dir, { recursive: true, force: true });
  dirs.clear();
};

const fileOf = (store: Store): string => (store as SqliteStore).file;

/** A second connection, as an attacker or a careless admin with the sqlite3 shell would have. */
function withRawDb(store: Store, fn: (db: Database.Database) => void): void {
  const db = new Database(fileOf(store));
  try {
    // The schema's append-only triggers are the first obstacle; an attacker drops them.
    db.exec('DROP TRIGGER IF EXISTS audit_no_update; DROP TRIGGER IF EXISTS audit_no_delete;');
    fn(db);
  } finally {
    db.close();
  }
}

const AUDIT_CONTENT = ['at', 'type', 'run_id', 'ticket_id', 'client_id', 'remediation_id', 'outcome', 'actor', 'data', 'prev_hash', 'hash'];

storeContract('sqlite', async () => new SqliteStore({ file: join(await tempDir(), 'store.sqlite') }), {
  cleanup: removeDirs,
  tamper: {
    editData: async (store, seq) =>
      withRawDb(store, (db) => {
        db.prepare(`UPDATE audit SET data = json_set(data, '$.i', 999) WHERE seq = ?`).run(seq);
      }),
    editHash: async (store, seq) =>
      withRawDb(store, (db) => {
        db.prepare(`UPDATE audit SET hash = ? WHERE seq = ?`).run('e'.repeat(64), seq);
      }),
    deleteEvent: async (store, seq) =>
      withRawDb(store, (db) => {
        db.prepare('DELETE FROM audit WHERE seq = ?').run(seq);
      }),
    swapEvents: async (store, a, b) =>
      withRawDb(store, (db) => {
        const get = db.prepare<[number], Record<string, unknown>>(`SELECT ${AUDIT_CONTENT.join(', ')} FROM audit WHERE seq = ?`);
        const put = db.prepare(`UPDATE audit SET ${AUDIT_CONTENT.map((c) => `${c} = @${c}`).join(', ')} WHERE seq = @seq`);
        const rowA = get.get(a);
        const rowB = get.get(b);
        put.run({ ...rowB, seq: a });
        put.run({ ...rowA, seq: b });
      }),
  },
});

describe('SqliteStore (SQLite-specific)', () => {
  let dir: string;
  let file: string;
  const open: Store[] = [];
  const openAt = (path = file): SqliteStore => {
    const store = new SqliteStore({ file: path });
    open.push(store);
    return store;
  };

  beforeEach(async () => {
    dir = await tempDir();
    file = join(dir, 'store.sqlite');
  });

  afterEach(async () => {
    for (const store of open.splice(0)) await store.close();
    await removeDirs();
  });

  it('uses WAL with synchronous=FULL so an acknowledged write survives a crash', () => {
    const store = openAt();
    // Private access on purpose: synchronous is per connection and not visible from outside.
    const db = (store as unknown as { db: Database.Database }).db;
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(db.pragma('synchronous', { simple: true })).toBe(2);
    expect(db.pragma('busy_timeout', { simple: true })).toBeGreaterThanOrEqual(1000);
  });

  it('keeps everything across close and reopen', async () => {
    const first = openAt();
    await first.putSignal(makeSignal());
    await first.createRun(makeRun());
    await first.createApproval(makeApproval());
    for (const i of [1, 2, 3]) await first.appendAudit(makeAuditEvent({ data: { i } }));
    await first.claim('claim-key', 'run-1', '2999-01-01T00:00:00.000Z', new Date().toISOString());
    await first.setKillSwitch({ kind: 'global' }, true, 'ops', 'test', new Date().toISOString());
    const [item] = await first.enqueueOutbox([makeOutboxItem()]);
    await first.setKv('install', { ok: true });
    await first.close();

    const second = openAt();
    expect(await second.getSignal('sig-1')).toEqual(makeSignal());
    expect(await second.getRun('run-1')).toEqual(makeRun());
    expect(await second.getApproval('appr-1')).toEqual(makeApproval());
    expect(await second.verifyAudit()).toEqual({ ok: true, checked: 3 });
    expect((await second.appendAudit(makeAuditEvent())).seq).toBe(4);
    expect(await second.claim('claim-key', 'run-2', '2999-01-01T00:00:00.000Z', new Date().toISOString())).toMatchObject({
      ok: false,
      heldBy: 'run-1',
    });
    expect((await second.listKillSwitches())[0]?.engaged).toBe(true);
    expect(await second.listOutbox({})).toEqual([item]);
    expect(await second.getKv('install')).toEqual({ ok: true });
  });

  it('refuses UPDATE and DELETE on the audit table through SQL', async () => {
    const store = openAt();
    await store.appendAudit(makeAuditEvent());
    const db = new Database(file);
    try {
      expect(() => db.prepare('UPDATE audit SET actor = ? WHERE seq = 1').run('mallory')).toThrow(/append-only/);
      expect(() => db.prepare('DELETE FROM audit').run()).toThrow(/append-only/);
    } finally {
      db.close();
    }
    expect(await store.verifyAudit()).toEqual({ ok: true, checked: 1 });
  });

  it('detects a row edited through SQL, and reports an unparseable row instead of throwing', async () => {
    const store = openAt();
    for (const i of [1, 2, 3]) await store.appendAudit(makeAuditEvent({ data: { i } }));
    withRawDb(store, (db) => void db.prepare(`UPDATE audit SET actor = 'someone-else' WHERE seq = 2`).run());
    expect(await store.verifyAudit()).toMatchObject({ ok: false, checked: 1, firstBadSeq: 2 });
    withRawDb(store, (db) => void db.prepare(`UPDATE audit SET data = 'not json' WHERE seq = 1`).run());
    expect(await store.verifyAudit()).toMatchObject({ ok: false, checked: 0, firstBadSeq: 1 });
  });

  it('validates rows read back: a corrupted JSON column is an error, not a malformed run', async () => {
    const store = openAt();
    await store.createRun(makeRun());
    withRawDb(store, (db) => void db.prepare(`UPDATE runs SET plan = '{"targets":[]}' WHERE id = 'run-1'`).run());
    await expect(store.getRun('run-1')).rejects.toThrow();
  });

  it('refuses a file written by a newer schema', () => {
    openAt().close();
    const db = new Database(file);
    db.pragma('user_version = 999');
    db.close();
    expect(() => new SqliteStore({ file })).toThrow(/newer than this build/);
  });

  it('two instances on one file: one claim winner, exact rate limit, one audit chain', async () => {
    const a = openAt();
    const b = openAt();
    const pick = (i: number): Store => (i % 2 ? a : b);
    const now = '2030-01-01T00:00:00.000Z';

    const claims = await Promise.all(Array.from({ length: 50 }, (_, i) => pick(i).claim('k', `run-${i}`, '2030-01-01T01:00:00.000Z', now)));
    expect(claims.filter((r) => r.ok)).toHaveLength(1);

    const bucket = { key: 'global', max: 10, windowSeconds: 60 };
    const rates = await Promise.all(Array.from({ length: 50 }, (_, i) => pick(i).consumeRate([bucket], now)));
    expect(rates.filter((r) => r.ok)).toHaveLength(10);

    await Promise.all(Array.from({ length: 40 }, (_, i) => pick(i).appendAudit(makeAuditEvent({ data: { i } }))));
    expect(await a.verifyAudit()).toEqual({ ok: true, checked: 40 });
    expect(await b.verifyAudit()).toEqual({ ok: true, checked: 40 });

    await a.createRun(makeRun());
    const cas = await Promise.all(Array.from({ length: 20 }, (_, i) => pick(i).updateRun(makeRun({ detail: `w${i}` }), 1)));
    expect(cas.filter((r) => r !== null)).toHaveLength(1);
  });

  it('openStore creates the data folder and the database file in it', async () => {
    const dataDir = join(dir, 'nested', 'data');
    const store = await openStore({ dataDir });
    open.push(store);
    expect(existsSync(join(dataDir, STORE_FILE_NAME))).toBe(true);
    await store.putSignal(makeSignal());
    await store.close();
    const again = await openStore({ dataDir });
    open.push(again);
    expect(await again.getSignal('sig-1')).toEqual(makeSignal());
  });

  it('four processes sharing the file: no double claim, no lost update, no double delivery, one chain', async () => {
    const setup = openAt();
    await setup.createRun(makeRun({ detail: '0', version: 1 }));
    await setup.enqueueOutbox(Array.from({ length: 60 }, (_, i) => makeOutboxItem({ idempotencyKey: `item-${i}` })));

    const childFile = join(dir, 'worker.mjs');
    await writeFile(childFile, workerSource(pathToFileURL(fileURLToPath(new URL('../src/store/sqlite/sqlite-store.ts', import.meta.url))).href));
    const workers = [0, 1, 2, 3].map((id) =>
      fork(childFile, [file, String(id)], {
        cwd: fileURLToPath(new URL('..', import.meta.url)),
        execArgv: ['--import', 'tsx'],
        stdio: ['ignore', 'ignore', 'pipe', 'ipc'],
      }),
    );
    const stderr: string[] = [];
    for (const w of workers) w.stderr?.on('data', (chunk: Buffer) => stderr.push(chunk.toString()));
    const message = <T>(w: (typeof workers)[number]): Promise<T> =>
      new Promise((resolve, reject) => {
        w.once('message', (m) => resolve(m as T));
        w.once('exit', (code) => reject(new Error(`worker exited with ${code}: ${stderr.join('')}`)));
      });

    let results: WorkerResult[];
    try {
      // Start together so the work really overlaps.
      await Promise.all(workers.map((w) => message(w)));
      results = await Promise.all(
        workers.map((w) => {
          const done = message<WorkerResult>(w);
          w.send('go');
          return done;
        }),
      );
    } finally {
      // A failed assertion or a crashed sibling must not leave children waiting on IPC.
      for (const w of workers) if (w.exitCode === null) w.kill();
    }

    const wonKeys = results.flatMap((r) => r.claimed);
    expect(wonKeys).toHaveLength(30);
    expect(new Set(wonKeys).size).toBe(30);
    expect(results.reduce((n, r) => n + r.signalsInserted, 0)).toBe(30);
    expect(results.reduce((n, r) => n + r.rateOk, 0)).toBe(50);

    const delivered = results.flatMap((r) => r.delivered);
    expect(delivered).toHaveLength(60);
    expect(new Set(delivered).size).toBe(60);
    const outbox = await setup.listOutbox({});
    expect(outbox.every((i) => i.deliveredAt !== null && i.attempts === 1)).toBe(true);

    const run = await setup.getRun('run-1');
    expect(run?.detail).toBe('40');
    expect(run?.version).toBe(41);
    expect(await setup.verifyAudit()).toEqual({ ok: true, checked: 120 });
  });
});

interface WorkerResult {
  claimed: string[];
  signalsInserted: number;
  rateOk: number;
  delivered: string[];
}

/** The child process: interleaves every contended operation against the shared file. */
function workerSource(storeUrl: string): string {
  return `
import { SqliteStore } from ${JSON.stringify(storeUrl)};
const [file, id] = process.argv.slice(2);
const store = new SqliteStore({ file });
const now = '2030-01-01T00:00:00.000Z';
process.send('ready');
process.once('message', async () => {
  const result = { claimed: [], signalsInserted: 0, rateOk: 0, delivered: [] };
  let increments = 0;
  for (let i = 0; i < 30; i++) {
    if ((await store.claim('key-' + i, 'run-' + id, '2030-01-01T01:00:00.000Z', now)).ok) result.claimed.push('key-' + i);
    const put = await store.putSignal({ id: 'sig-' + id + '-' + i, installationId: 'i', source: 'autotask', kind: 'ticket',
      deliveryKey: 'dk-' + i, action: 'Create', receivedAt: now });
    if (put.inserted) result.signalsInserted++;
    if ((await store.consumeRate([{ key: 'global', max: 50, windowSeconds: 3600 }], now)).ok) result.rateOk++;
    await store.appendAudit({ type: 'worker', runId: null, ticketId: null, clientId: null, remediationId: null,
      outcome: null, actor: 'worker-' + id, data: { i } });
    for (const item of await store.leaseOutbox(new Date(Date.now() + 1000).toISOString(), 1, 600000, 'w' + id)) {
      await store.completeOutbox(item.id, new Date().toISOString(), { by: id });
      result.delivered.push(item.id);
    }
    // A read-modify-write counter on the run: CAS retries until it lands, so no increment is lost.
    while (increments < 10 && i % 3 === 0) {
      const run = await store.getRun('run-1');
      if (await store.updateRun({ ...run, detail: String(Number(run.detail) + 1) }, run.version)) { increments++; break; }
    }
  }
  while (increments < 10) {
    const run = await store.getRun('run-1');
    if (await store.updateRun({ ...run, detail: String(Number(run.detail) + 1) }, run.version)) increments++;
  }
  for (;;) {
    const items = await store.leaseOutbox(new Date(Date.now() + 1000).toISOString(), 1, 600000, 'w' + id);
    if (items.length === 0) break;
    for (const item of items) {
      await store.completeOutbox(item.id, new Date().toISOString(), { by: id });
      result.delivered.push(item.id);
    }
  }
  await store.close();
  process.send(result, () => process.exit(0));
});
`;
}
