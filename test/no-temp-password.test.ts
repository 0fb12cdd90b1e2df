import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { AppConfig } from '../src/config/schema.js';
import type { Sandbox } from '../src/sandbox/start-sandbox.js';
import { linkId, observeIssuedPasswords } from '../src/secret-link/index.js';
import { memoryLog } from './support/hostile/memory-log.js';
import { describeLeaks, scanForSecrets, type Artefact } from './support/hostile/scan-for-secrets.js';
import { admin, createTicket, notesOf, runsFor, settle, testSandbox } from './support/sandbox-kit.js';
import { bearer, call, roleKeys } from './support/admin-api-kit.js';

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
      const page = await (await fetch(`${s.app.url}/p/${token}`, { method: 'POST' })).text();
      expect(issued.some((p) => page.includes(p.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`)))).toBe(true);
      expect((await fetch(`${s.app.url}/p/${token}`, { method: 'POST' })).status).toBe(410);
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

describe('a one-time link is readable only by the person it is for', () => {
  it('no role reads a usable link from runs, the outbox, audit exports or alerts; the store holds none; GET and HEAD spend nothing', async () => {
    const mem = memoryLog();
    sb = await testSandbox({ log: mem.log });
    const s = sb;
    const id = await createTicket(s, { summary: 'I forgot my password, please reset it', contactEmail: 'megan.bowen@contoso.example' });
    await settle(s);
    const [run] = await runsFor(s, id);
    expect(run!.state).toBe('resolved');
    const token = (await notesOf(s, id)).map((n) => LINK.exec(n.text)?.[1]).find(Boolean)!;
    expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);

    // Everything an operator of any role can read back, before and after the link is used.
    const keys = await roleKeys(s);
    const reads = ['/runs?limit=50', `/runs/${run!.id}`, `/audit?limit=1000`, '/audit/export?format=json&limit=1000', '/audit/export?format=csv&limit=1000', '/operations/alerts?limit=50'];
    const artefacts: Artefact[] = [];
    const readAll = async (when: string) => {
      for (const role of ['viewer', 'approver', 'admin'] as const) {
        for (const path of reads) {
          const res = await call(s, 'GET', path, bearer(keys[role]));
          if (path.startsWith('/runs')) expect(res.status, `${role} GET ${path}`).toBe(200);
          artefacts.push({ source: `${role} GET ${path} (${when})`, text: typeof res.body === 'string' ? res.body : JSON.stringify(res.body) });
        }
      }
      artefacts.push({ source: `store runs (${when})`, text: JSON.stringify(await s.app.store.listRuns({})) });
      artefacts.push({ source: `store outbox (${when})`, text: JSON.stringify(await s.app.store.listOutbox({})) });
      artefacts.push({ source: `store audit (${when})`, text: JSON.stringify(await s.app.store.queryAudit({ limit: 10_000 })) });
    };
    await readAll('before opening');

    // A link scanner or mail preview: GET and HEAD show the button page, reveal and spend nothing.
    const auditBefore = (await s.app.store.queryAudit({ limit: 10_000 })).length;
    const get = await fetch(`${s.app.url}/p/${token}`);
    const getText = await get.text();
    expect(get.status).toBe(200);
    expect(getText).toContain('<form method="post">');
    expect(getText).not.toContain('data-secret');
    expect((await fetch(`${s.app.url}/p/${token}`, { method: 'HEAD' })).status).toBe(200);
    expect((await fetch(`${s.app.url}/p/${'Z'.repeat(43)}`)).status).toBe(200);
    // Unknown tokens are counted, not audited: nobody without a link grows the audit trail.
    for (let i = 0; i < 5; i++) expect((await fetch(`${s.app.url}/p/${String(i).repeat(43)}`, { method: 'POST' })).status).toBe(404);
    expect((await s.app.store.queryAudit({ limit: 10_000 })).length).toBe(auditBefore);
    const metrics = await (await fetch(`${s.app.url}/metrics`, { headers: { Authorization: `Bearer ${s.app.adminToken}` } })).text();
    expect(metrics).toContain('ticketfix_secret_link_refusals_total{reason="unknown"} 5');

    // The person it is for still opens it (once).
    const page = await (await fetch(`${s.app.url}/p/${token}`, { method: 'POST' })).text();
    expect(issued.some((p) => page.includes(p.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`)))).toBe(true);
    await readAll('after opening');
    mem.lines().forEach((l, i) => artefacts.push({ source: `log line ${i}`, text: l }));

    expect(artefacts.some((a) => a.source.startsWith('viewer GET /runs/') && a.text.includes('"kind":"note"'))).toBe(true);
    const leaks = scanForSecrets(artefacts, [{ name: 'one-time link token', value: token, minFragment: 16 }], { patterns: false });
    expect(leaks, describeLeaks(leaks)).toEqual([]);
  });
});
