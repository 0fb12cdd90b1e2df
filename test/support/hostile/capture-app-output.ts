import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { Sandbox } from '../../../src/sandbox/start-sandbox.js';
import type { Artefact } from './scan-for-secrets.js';

const json = (v: unknown) => JSON.stringify(v);

/**
 * Everything the app wrote or answered, as labelled texts for `scanForSecrets`: log lines, audit
 * events, runs, approvals, outbox items, kill switches, unprocessed signals, and what landed in
 * the simulated ConnectWise (tickets, notes, time entries, callback registrations). `extra`
 * adds what the caller collected itself (HTTP answers, error messages).
 */
export async function captureAppOutput(sb: Sandbox, logLines: readonly string[], extra: readonly Artefact[] = []): Promise<Artefact[]> {
  const { store } = sb.app;
  const cw = sb.connectwise.state;
  return [
    ...logLines.map((text, i) => ({ source: `log: line ${i}`, text })),
    ...(await store.queryAudit({ limit: 10_000 })).map((e) => ({ source: `audit: #${e.seq} (${e.type})`, text: json(e) })),
    ...(await store.listRuns({ limit: 10_000 })).map((r) => ({ source: `run: ${r.id} (${r.state})`, text: json(r) })),
    ...(await store.listApprovals()).map((a) => ({ source: `approval: ${a.id}`, text: json(a) })),
    ...(await store.listOutbox({})).map((o) => ({ source: `outbox: ${o.id} (${o.kind}, ${o.attempts} attempts)`, text: json(o) })),
    ...(await store.listKillSwitches()).map((k, i) => ({ source: `kill switch: ${i}`, text: json(k) })),
    ...(await store.listUnprocessedSignals(10_000)).map((s) => ({ source: `signal: ${s.id}`, text: json(s) })),
    ...cw.tickets.map((t) => ({ source: `CW ticket: ${t.id}`, text: json(t) })),
    ...cw.notes.map((n) => ({ source: `CW note: ${n.id} on ticket ${n.ticketId}`, text: json(n) })),
    ...cw.timeEntries.map((e) => ({ source: `CW time entry: ${e.id}`, text: json(e) })),
    ...cw.callbacks.map((c) => ({ source: `CW callback registration: ${c.id}`, text: json(c) })),
    ...extra,
  ];
}

/** Counts by kind (the part of `source` before the colon), to show a capture was not empty (a scan of nothing proves nothing). */
export function captureSummary(artefacts: readonly Artefact[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const a of artefacts) {
    const kind = a.source.split(':')[0] ?? a.source;
    out[kind] = (out[kind] ?? 0) + 1;
  }
  return out;
}

/** Every file under `dir` (the store's SQLite database, its WAL, ...) as raw text: what is on disk. */
export function filesUnder(dir: string): Artefact[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return filesUnder(path);
    return [{ source: `file: ${name}`, text: readFileSync(path).toString('latin1') }];
  });
}
