import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { AppConfig } from '../src/config/schema.js';
import type { Sandbox } from '../src/sandbox/start-sandbox.js';
import { linkId, observeIssuedPasswords } from '../src/secret-link/index.js';
import { memoryLog } from './support/hostile/memory-log.js';
import { describeLeaks, scanForSecrets, type Artefact } from './support/hostile/scan-for-secrets.js';
import { admin, createTicket, notesOf, runsFor, settle, testSandbox } from './support/sandbox-kit.js';

const LEE = 'lee.gu@contoso.example';
const LINK = /\/p\/([A-Za-z0-9_-]{43})\b/;

let sb: Sandbox | undefined;
let issued: string[] = [];
beforeEach(() => {
  issued = [];
  observeIssuedPasswords((p) => issued.push(p));
});
afterEach(async () => {
  observeIssuedPasswords(null);
  await sb?.close();
  sb = undefined;
});

const withAuthorisedLee = (c: AppConfig): AppConfig => ({
  ...c,
  clients: c.clients.map((cl) => (cl.id === 'contoso' ? { ...cl, remediations: { ...cl.remediations, 'password-reset': { settings: { authorisedRequesters: [LEE] } } } } : cl)),
});

describe('a temporary password never appears in a note, a log line, the audit trail, a run or an error', () => {
  it('across self-service, synced, on-behalf, failed and ambiguous resets and link openings', async () => {
    const mem = memoryLog();
    sb = await testSandbox({ log: mem.log, configure: withAuthorisedLee });
    const s = sb;
    const tickets: number[] = [];
    const file = async (summary: string, contactEmail: string, companyId?: number) => {
      const id = await createTicket(s, { summary, contactEmail, companyId });
      tickets.push(id);
      await settle(s);
      return (await runsFor(s, id))[0]!;
    };

    const self = await file('I forgot my password, please reset it', 'megan.bowen@contoso.example');
    const synced = await file('Password expired, please reset my password', 'johanna.lorenz@contoso.example');
    // The PATCH is refused outright: the run escalates with the API's error.
    s.m365.faults.failGraphWrites(1, { status: 500 });
    const failed = await file('Please reset the password for alex.wilber@contoso.example', LEE);
    // The PATCH lands but its answer is lost: the engine reads the world and goes on.
    s.m365.faults.failGraphWrites(1, { status: 503, afterApply: true });
    const ambiguous = await file('I forgot my password, please reset it', 'diego.siciliani@fabrikam.example', 251);
    const adminUser = await file('I forgot my password, please reset it', 'adele.vance@contoso.example');
    // A synced user is refused at planning (Graph has no app-only reset for synced users).
    expect([self.state, synced.state, failed.state, ambiguous.state, adminUser.state]).toEqual(['resolved', 'escalated', 'escalated', 'resolved', 'escalated']);
    expect(failed.escalationReason).toBe('api_error');
    // Three passwords were generated (none for the synced user or the admin, refused at planning).
    expect(issued).toHaveLength(3);
    expect(new Set(issued).size).toBe(3);

    // Open every link (once, then again): the page shows the password, nothing else may.
    const artefacts: Artefact[] = [];
    for (const id of tickets) {
      const notes = await notesOf(s, id);
      notes.forEach((n, i) => artefacts.push({ source: `note ${i} on ticket ${id}`, text: n.text }));
      const token = notes.map((n) => LINK.exec(n.text)?.[1]).find(Boolean);
      if (!token) continue;
      artefacts.push({ source: `stored link record of ticket ${id} (before opening)`, text: JSON.stringify(await s.app.store.getKv(`secret-link:${linkId(token)}`)) });
      const page = await (await fetch(`${s.app.url}/p/${token}`)).text();
      expect(issued.some((p) => page.includes(p.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`)))).toBe(true);
      expect((await fetch(`${s.app.url}/p/${token}`)).status).toBe(410);
      artefacts.push({ source: `stored link record of ticket ${id} (after opening)`, text: JSON.stringify(await s.app.store.getKv(`secret-link:${linkId(token)}`)) });
    }
    expect(artefacts.filter((a) => a.source.includes('after opening'))).toHaveLength(2); // self-service and ambiguous: the links of the resolved runs

    mem.lines().forEach((l, i) => artefacts.push({ source: `log line ${i}`, text: l }));
    for (const e of await s.app.store.queryAudit({ limit: 10_000 })) artefacts.push({ source: `audit #${e.seq} (${e.type})`, text: JSON.stringify(e) });
    for (const r of await s.app.store.listRuns({})) {
      artefacts.push({ source: `run ${r.id}`, text: JSON.stringify(r) });
      artefacts.push({ source: `admin API run ${r.id}`, text: JSON.stringify((await admin(s, 'GET', `/runs/${r.id}`)).body) });
    }
    for (const o of await s.app.store.listOutbox({})) artefacts.push({ source: `outbox ${o.kind} ${o.id}`, text: JSON.stringify(o) });
    expect(artefacts.some((a) => a.source.startsWith('log line'))).toBe(true);
    expect(artefacts.some((a) => a.text.includes('secret_link.opened'))).toBe(true);

    const leaks = scanForSecrets(artefacts, issued.map((value, i) => ({ name: `temporary password #${i + 1}`, value, minFragment: 10 })), { patterns: false });
    expect(leaks, describeLeaks(leaks)).toEqual([]);
  });

  it('the scanner would catch a leak (the check above can fail)', () => {
    const pw = 'Xy7#kLm2Qp9!rSt4Vw8z';
    expect(scanForSecrets([{ source: 'note', text: `temporary password: ${pw.slice(0, 12)}` }], [{ name: 'pw', value: pw, minFragment: 10 }])).toHaveLength(1);
  });
});
