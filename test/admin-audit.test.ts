import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Sandbox } from '../src/sandbox/start-sandbox.js';
import { csvCell, toCsv } from '../src/server/admin-csv.js';
import type { AuditEvent } from '../src/model/audit.js';
import type { Run } from '../src/model/run.js';
import { bearer, call, roleKeys } from './support/admin-api-kit.js';
import { createTicket, notesOf, settle, testSandbox } from './support/sandbox-kit.js';

describe('CSV cells', () => {
  it('are quoted when they hold a comma, quote or line break, and never start a formula', () => {
    expect(csvCell('plain')).toBe('plain');
    expect(csvCell('a,b')).toBe('"a,b"');
    expect(csvCell('say "hi"')).toBe('"say ""hi"""');
    expect(csvCell('two\nlines')).toBe('"two\nlines"');
    for (const f of ['=1+1', '+SUM(A1)', '-2+3', '@cmd', '\tx', '\rx']) expect(csvCell(f).replace(/^"/, '').startsWith("'"), f).toBe(true);
    expect(csvCell('=HYPERLINK("http://x","y")')).toBe(`"'=HYPERLINK(""http://x"",""y"")"`);
    expect(csvCell(null)).toBe('');
    expect(csvCell({ a: 1 })).toBe('"{""a"":1}"');
    expect(toCsv(['a', 'b'], [[1, 'x']])).toBe('a,b\r\n1,x\r\n');
  });
});

describe('audit search, export, runs and approvals over the admin API', () => {
  let sb: Sandbox;
  let keys: Awaited<ReturnType<typeof roleKeys>>;
  let megan: number;
  let alex: number;

  beforeAll(async () => {
    sb = await testSandbox();
    keys = await roleKeys(sb);
    megan = await createTicket(sb, { summary: 'My mailbox is full, I cannot send email', contactEmail: 'megan.bowen@contoso.example' });
    alex = await createTicket(sb, { summary: 'My mailbox is full, I cannot send email', contactEmail: 'alex.wilber@contoso.example' });
    await createTicket(sb, { summary: 'My mailbox is full', contactEmail: 'diego.siciliani@fabrikam.example', companyId: 251 });
    await settle(sb);
    // An event whose text would run as a formula in a spreadsheet.
    await sb.app.store.appendAudit({ type: 'note.test', runId: null, ticketId: '=cmd|calc', clientId: 'contoso', remediationId: null, outcome: null, actor: '@evil, "quoted"', data: { x: '+1' } });
  });
  afterAll(async () => sb?.close());

  const get = async <T>(path: string, key = keys.viewer) => {
    const res = await call(sb, 'GET', path, bearer(key));
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    return res.body as T;
  };

  it('searches by ticket, client, remediation and outcome', async () => {
    const byTicket = await get<{ events: AuditEvent[] }>(`/audit?ticketId=${megan}`);
    expect(byTicket.events.length).toBeGreaterThan(2);
    expect(byTicket.events.every((e) => e.ticketId === String(megan))).toBe(true);
    const byClient = await get<{ events: AuditEvent[] }>('/audit?clientId=fabrikam');
    expect(byClient.events.length).toBeGreaterThan(0);
    expect(byClient.events.every((e) => e.clientId === 'fabrikam')).toBe(true);
    const resolved = await get<{ events: AuditEvent[] }>('/audit?outcome=resolved&remediationId=mailbox-quota');
    expect(new Set(resolved.events.map((e) => e.ticketId))).toEqual(new Set([String(megan), expect.any(String)]));
    expect(resolved.events.every((e) => e.outcome === 'resolved' && e.remediationId === 'mailbox-quota')).toBe(true);
  });

  it('searches by time range and pages through the results without gaps or repeats', async () => {
    const all = (await get<{ events: AuditEvent[] }>('/audit?limit=1000')).events;
    const mid = all[Math.floor(all.length / 2)]!.at;
    const later = (await get<{ events: AuditEvent[] }>(`/audit?from=${encodeURIComponent(mid)}`)).events;
    expect(later.every((e) => e.at >= mid)).toBe(true);
    expect(later.length).toBeLessThan(all.length);
    const before = (await get<{ events: AuditEvent[] }>(`/audit?to=${encodeURIComponent(mid)}`)).events;
    expect(before.every((e) => e.at <= mid)).toBe(true);
    const seen: number[] = [];
    let offset: number | null = 0;
    while (offset !== null) {
      const page: { events: AuditEvent[]; page: { next: number | null } } = await get(`/audit?limit=3&offset=${offset}`);
      seen.push(...page.events.map((e) => e.seq));
      offset = page.page.next;
    }
    expect(seen).toEqual(all.map((e) => e.seq));
  });

  it('refuses bad filters with a message naming the field', async () => {
    for (const [q, field] of [
      ['from=yesterday', 'from'],
      ['limit=0', 'limit'],
      ['offset=-1', 'offset'],
    ] as const) {
      const res = await call(sb, 'GET', `/audit?${q}`, bearer(keys.viewer));
      expect(res.status, q).toBe(400);
      expect((res.body as { message: string }).message).toContain(field);
    }
    expect((await call(sb, 'GET', '/audit/export?format=xml', bearer(keys.viewer))).status).toBe(400);
  });

  it('exports JSON and spreadsheet-safe CSV with the same events', async () => {
    const json = await call(sb, 'GET', '/audit/export?format=json&clientId=contoso', bearer(keys.viewer));
    expect(json.type).toContain('application/json');
    const events = json.body as AuditEvent[];
    expect(events.length).toBeGreaterThan(3);
    const csv = await call(sb, 'GET', '/audit/export?format=csv&clientId=contoso', bearer(keys.viewer));
    expect(csv.type).toContain('text/csv');
    const text = csv.body as string;
    expect(text.split('\r\n')[0]).toBe('seq,at,type,runId,ticketId,clientId,remediationId,outcome,actor,data,prevHash,hash');
    expect(text).toContain(`'=cmd|calc`);
    expect(text).toContain(`"'@evil, ""quoted"""`);
    expect(text).not.toMatch(/(^|,)[=+\-@]/m);
    // One header plus one line per event (no cell here holds a line break).
    expect(text.trimEnd().split('\r\n')).toHaveLength(events.length + 1);
  });

  it('lists runs by ticket, client, remediation, state and time, and pages them', async () => {
    const byState = await get<{ runs: Run[] }>('/runs?state=resolved');
    expect(byState.runs.map((r) => r.ticketId).sort()).toContain(String(megan));
    expect(byState.runs.every((r) => r.state === 'resolved')).toBe(true);
    expect((await get<{ runs: Run[] }>(`/runs?ticketId=${alex}`)).runs.map((r) => r.state)).toEqual(['awaiting_approval']);
    expect((await get<{ runs: Run[] }>('/runs?clientId=fabrikam&remediationId=mailbox-quota')).runs).toHaveLength(1);
    const all = (await get<{ runs: Run[] }>('/runs')).runs;
    const future = new Date(Date.now() + 3_600_000).toISOString();
    expect((await get<{ runs: Run[] }>(`/runs?from=${future}`)).runs).toEqual([]);
    expect((await get<{ runs: Run[] }>(`/runs?to=${future}`)).runs).toHaveLength(all.length);
    const first = await get<{ runs: Run[]; page: { next: number | null } }>('/runs?limit=2');
    expect(first.page.next).toBe(2);
    const second = await get<{ runs: Run[]; page: { next: number | null } }>('/runs?limit=2&offset=2');
    expect([...first.runs, ...second.runs].map((r) => r.id)).toEqual(all.map((r) => r.id));
    expect(second.page.next).toBeNull();
  });

  it('shows a run with its timeline and the evidence of the five steps', async () => {
    const [run] = (await get<{ runs: Run[] }>(`/runs?ticketId=${megan}`)).runs;
    type Detail = { timeline: AuditEvent[]; steps: Record<string, { events: AuditEvent[] } & Record<string, unknown>> };
    const d = await get<Detail>(`/runs/${run!.id}`);
    expect(d.timeline.map((e) => e.seq)).toEqual([...d.timeline.map((e) => e.seq)].sort((a, b) => a - b));
    expect(d.steps.detect!.signal).toMatchObject({ id: run!.signalId });
    expect(d.steps.decide!.plan).toMatchObject({ remediationId: 'mailbox-quota' });
    expect(d.steps.act!.actedAt).not.toBeNull();
    expect(d.steps.validate!.validation).toMatchObject({ ok: true });
    expect((d.steps.document!.writeBacks as unknown[]).length).toBeGreaterThan(0);
    const stepped = Object.values(d.steps).flatMap((s) => s.events.map((e) => e.seq));
    expect(stepped.sort((a, b) => a - b)).toEqual(d.timeline.map((e) => e.seq));
    expect(d.steps.validate!.events.map((e) => e.type)).toContain('validated');
  });

  it('approving through the API needs the plan hash the approver saw; a wrong one is refused; the decision is noted on the ticket', async () => {
    const [pending] = await sb.app.store.listApprovals('pending');
    const none = await call(sb, 'POST', `/approvals/${pending!.id}/approve`, bearer(keys.approver), {});
    expect(none).toMatchObject({ status: 400, body: { message: expect.stringContaining('planHash') } });
    const stale = await call(sb, 'POST', `/approvals/${pending!.id}/approve`, bearer(keys.approver), { planHash: '0'.repeat(64) });
    expect(stale).toMatchObject({ status: 409, body: { error: 'plan_changed' } });
    expect((await sb.app.store.getApproval(pending!.id))!.status).toBe('pending');
    const ok = await call(sb, 'POST', `/approvals/${pending!.id}/deny`, bearer(keys.approver), { planHash: pending!.planHash, by: 'someone else' });
    expect(ok.status).toBe(200);
    const id = keys.approver.split('_')[1]!;
    expect((ok.body as { approval: { decidedBy: string } }).approval.decidedBy).toBe(`key:${id} (approver-key)`);
    await settle(sb);
    const notes = await notesOf(sb, alex);
    expect(notes.some((n) => n.internalAnalysisFlag && n.text.includes(`Approval ${pending!.id} was denied by key:${id} (approver-key) via the admin API`))).toBe(true);
  });

  it('shows policies per client and remediation metadata', async () => {
    const p = await get<{ clients: { id: string; remediations: Record<string, { enabled: boolean; maxTargets: number }> }[] }>('/policies');
    expect(p.clients.map((c) => c.id).sort()).toEqual(['contoso', 'fabrikam']);
    expect(p.clients[0]!.remediations['mailbox-quota']).toMatchObject({ enabled: true, maxTargets: expect.any(Number) });
    const m = await get<{ remediations: { id: string; metadata: { owner: string; runbook: string; reviewDate: string; changelog: unknown[] } }[] }>('/remediations');
    const mq = m.remediations.find((r) => r.id === 'mailbox-quota')!;
    expect(mq.metadata.owner).not.toBe('');
    expect(mq.metadata.changelog.length).toBeGreaterThan(0);
  });
});
