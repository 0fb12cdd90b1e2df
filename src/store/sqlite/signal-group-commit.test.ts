import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import type { Signal } from '../../model/signal.js';
import { createSignalGroupCommit, type SignalGroupCommit } from './signal-group-commit.js';
import { SqliteStore } from './sqlite-store.js';

const signal = (n: number, over: Partial<Signal> = {}): Signal => ({
  id: `sig-${n}`,
  installationId: 'cw-main',
  source: 'connectwise',
  kind: 'ticket',
  deliveryKey: `connectwise:delivery-${n}`,
  action: 'added',
  ticketId: String(1000 + n),
  receivedAt: new Date(Date.UTC(2026, 0, 1, 0, 0, n)).toISOString(),
  ...over,
});

let store: SqliteStore | undefined;
let writer: SignalGroupCommit | undefined;
afterEach(async () => {
  await writer?.close();
  await store?.close();
  writer = undefined;
  store = undefined;
});

function open() {
  const file = join(mkdtempSync(join(tmpdir(), 'tfx-group-')), 'ticketfix.sqlite');
  store = new SqliteStore({ file });
  writer = createSignalGroupCommit({ file });
  // A separate reader, as another process would see the file.
  const countOnDisk = (id: string) => {
    const db = new Database(file, { readonly: true });
    try {
      return (db.prepare('SELECT COUNT(*) AS n FROM signals WHERE id = ?').get(id) as { n: number }).n;
    } finally {
      db.close();
    }
  };
  return { store, writer, countOnDisk };
}

describe('signal group commit', () => {
  it('webhooks arriving together share one transaction, and each is on disk when its promise resolves', async () => {
    const { writer: w, store: s, countOnDisk } = open();
    const onDiskWhenAnswered: number[] = [];
    const puts = Array.from({ length: 20 }, (_, i) => w.put(signal(i)).then((r) => (onDiskWhenAnswered.push(countOnDisk(r.signal.id)), r)));
    const results = await Promise.all(puts);
    expect(results.every((r) => r.inserted)).toBe(true);
    expect(onDiskWhenAnswered).toEqual(Array(20).fill(1));
    expect(w.stats()).toMatchObject({ commits: 1, signals: 20, largestBatch: 20 });
    // The store reads what the writer committed.
    expect((await s.getSignal('sig-7'))?.ticketId).toBe('1007');
    expect(await s.listUnprocessedSignals(100)).toHaveLength(20);
  });

  it('a re-delivery in the same batch is stored once and answered inserted:false', async () => {
    const { writer: w } = open();
    const [a, b] = await Promise.all([w.put(signal(1)), w.put(signal(2, { deliveryKey: 'connectwise:delivery-1' }))]);
    expect(a.inserted).toBe(true);
    expect(b).toMatchObject({ inserted: false, signal: { id: 'sig-1' } });
  });

  it('a bad signal fails alone: the rest of its batch is committed', async () => {
    const { writer: w, countOnDisk } = open();
    const bad = { ...signal(2), source: 'not-a-psa' } as unknown as Signal;
    const settled = await Promise.allSettled([w.put(signal(1)), w.put(bad), w.put(signal(3))]);
    expect(settled.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    expect([countOnDisk('sig-1'), countOnDisk('sig-2'), countOnDisk('sig-3')]).toEqual([1, 0, 1]);
  });

  it('a failed commit rejects every signal of the batch (none answered as stored), and later batches still work', async () => {
    const { writer: w, countOnDisk } = open();
    // Another connection holds the write lock past the writer's busy timeout: the commit cannot happen.
    const file = store!.file;
    const blocker = new Database(file);
    const short = createSignalGroupCommit({ file, busyTimeoutMs: 50 });
    blocker.prepare('BEGIN IMMEDIATE').run();
    try {
      const settled = await Promise.allSettled([short.put(signal(1)), short.put(signal(2))]);
      expect(settled.map((r) => r.status)).toEqual(['rejected', 'rejected']);
    } finally {
      blocker.prepare('ROLLBACK').run();
      blocker.close();
    }
    expect(countOnDisk('sig-1')).toBe(0);
    expect((await short.put(signal(1))).inserted).toBe(true);
    await short.close();
    expect((await w.put(signal(4))).inserted).toBe(true);
  });

  it('caps a batch at maxBatch and refuses puts after close', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'tfx-group-')), 'ticketfix.sqlite');
    store = new SqliteStore({ file });
    writer = createSignalGroupCommit({ file, maxBatch: 4 });
    await Promise.all(Array.from({ length: 10 }, (_, i) => writer!.put(signal(i))));
    expect(writer.stats()).toMatchObject({ signals: 10, largestBatch: 4 });
    expect(writer.stats().commits).toBeGreaterThanOrEqual(3);
    await writer.close();
    await expect(writer.put(signal(99))).rejects.toThrow(/closed/);
  });
});
