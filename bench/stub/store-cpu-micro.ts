/**
 * User CPU of the store's per-ticket writes that the cuts touched: `npx tsx bench/stub/store-cpu-micro.ts <db>`
 * copies a store a profile run left behind (real runs and audit events), then re-appends every
 * audit event and updates every run 8 times (as a ticket's transitions do), reporting user CPU
 * ms per ticket (301 runs, 6 audit events each). System time (fsync) is left out on purpose.
 */
import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openStore } from '../../src/store/open-store.js';

const source = process.argv[2];
if (!source) throw new Error('usage: store-cpu-micro.ts <ticketfix.sqlite>');
const dir = mkdtempSync(join(tmpdir(), 'tfx-micro-'));
copyFileSync(source, join(dir, 'ticketfix.sqlite'));
const store = await openStore({ dataDir: dir });
try {
  const runs = await store.listRuns({ limit: 100_000 });
  const events = await store.queryAudit({ limit: 10_000 });
  const u0 = process.cpuUsage();
  for (const e of events) await store.appendAudit({ type: e.type, runId: e.runId, ticketId: e.ticketId, clientId: e.clientId, remediationId: e.remediationId, outcome: e.outcome, actor: e.actor, data: e.data });
  const u1 = process.cpuUsage(u0);
  for (const r of runs) {
    let run = r;
    for (let i = 0; i < 8; i++) {
      const next = await store.updateRun({ ...run, updatedAt: new Date().toISOString() }, run.version);
      if (!next) throw new Error('lost a CAS');
      run = next;
    }
  }
  const u2 = process.cpuUsage(u0);
  console.log(JSON.stringify({ tickets: runs.length, auditUserMsPerTicket: u1.user / 1000 / runs.length, runUpdateUserMsPerTicket: (u2.user - u1.user) / 1000 / runs.length }));
} finally {
  await store.close();
  rmSync(dir, { recursive: true, force: true });
}
