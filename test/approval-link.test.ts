import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { approvalLinkSignerFromEnv, createApprovalLinkSigner, parseLinkToken } from '../src/auth/approval-links.js';
import type { Sandbox } from '../src/sandbox/start-sandbox.js';
import type { Approval } from '../src/store/store.js';
import { bearer, call, roleKeys } from './support/admin-api-kit.js';
import { createTicket, notesOf, settle, statusOf, testSandbox } from './support/sandbox-kit.js';

const SECRET = 'k'.repeat(40);
const approval = { id: 'a1b2c3', planHash: 'e'.repeat(64), expiresAt: '2030-01-01T01:00:00.000Z' };
const lookup = (a: { planHash: string } | null) => async () => a;
const at = (iso: string) => new Date(iso);

describe('approval link tokens', () => {
  const signer = createApprovalLinkSigner(SECRET, 'https://tfx.example/');

  it('verifies a link it signed, until the approval expires', async () => {
    const token = signer.sign(approval);
    expect(signer.url(token)).toBe(`https://tfx.example/approve/${token}`);
    const ok = await signer.verify(token, lookup(approval), at('2030-01-01T00:59:59.000Z'));
    expect(ok).toMatchObject({ ok: true, claims: { approvalId: 'a1b2c3', expiresAt: approval.expiresAt } });
    expect(await signer.verify(token, lookup(approval), at('2030-01-01T01:00:00.000Z'))).toMatchObject({ ok: false, status: 410 });
  });

  it('gives every link its own id (single use is per link)', () => {
    expect(parseLinkToken(signer.sign(approval))!.linkId).not.toBe(parseLinkToken(signer.sign(approval))!.linkId);
  });

  it('refuses a link for another plan, another secret, or with any part edited', async () => {
    const token = signer.sign(approval);
    const now = at('2030-01-01T00:00:00.000Z');
    expect(await signer.verify(token, lookup({ planHash: 'd'.repeat(64) }), now)).toMatchObject({ ok: false, status: 400 });
    expect(await createApprovalLinkSigner('x'.repeat(40), 'https://tfx.example').verify(token, lookup(approval), now)).toMatchObject({ ok: false, status: 400 });
    const [linkId, id, expires, sig] = token.split('.') as [string, string, string, string];
    const edits = [
      `${linkId}x.${id}.${expires}.${sig}`,
      `${linkId}.${id}x.${expires}.${sig}`,
      `${linkId}.${id}.${Number(expires) + 86_400_000}.${sig}`,
      `${linkId}.${id}.${expires}.${sig.slice(0, -2)}AA`,
      `${linkId}.${id}.${expires}`,
      '',
      '../../etc/passwd',
    ];
    for (const t of edits) expect(await signer.verify(t, lookup(approval), now), t).toMatchObject({ ok: false, status: 400 });
    expect(await signer.verify(token, lookup(null), now)).toMatchObject({ ok: false, status: 400 });
  });

  it('accepts only its own spelling of the signature: every other last character is refused', async () => {
    const now = at('2030-01-01T00:00:00.000Z');
    const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
    // Many tokens, so last characters whose spare bits alone differ are certainly among them.
    for (let i = 0; i < 16; i++) {
      const token = signer.sign(approval);
      for (const c of alphabet) {
        if (c === token.at(-1)) continue;
        expect(await signer.verify(token.slice(0, -1) + c, lookup(approval), now)).toMatchObject({ ok: false, status: 400 });
      }
    }
  });

  it('refuses a short signing secret', () => {
    expect(() => createApprovalLinkSigner('short', 'https://tfx.example')).toThrow(/32 characters/);
  });

  it('comes from the env var the config names: unset means no links, too short is a start-up error naming it', () => {
    const cfg = { approvalLinkSecretEnv: 'MY_LINK_SECRET', publicUrl: 'https://tfx.example' };
    const said: string[] = [];
    const log = { info: (_o: object, msg: string) => void said.push(msg) };
    expect(approvalLinkSignerFromEnv({}, cfg, log)).toBeUndefined();
    expect(said[0]).toContain('no sign-in link');
    expect(() => approvalLinkSignerFromEnv({ MY_LINK_SECRET: 'short' }, cfg, log)).toThrow(/MY_LINK_SECRET must be at least 32/);
    expect(approvalLinkSignerFromEnv({ MY_LINK_SECRET: SECRET }, cfg, log)!.url('t')).toBe('https://tfx.example/approve/t');
  });
});

describe('approving from the link in the ticket note', () => {
  let sb: Sandbox;
  let keys: Awaited<ReturnType<typeof roleKeys>>;
  let ticket: number;
  let pending: Approval;
  let token: string;

  beforeAll(async () => {
    sb = await testSandbox();
    keys = await roleKeys(sb);
    ticket = await createTicket(sb, { summary: 'My mailbox is full, I cannot send email', contactEmail: 'alex.wilber@contoso.example' });
    await settle(sb);
    [pending] = (await sb.app.store.listApprovals('pending')) as [Approval];
    const note = (await notesOf(sb, ticket)).find((n) => n.text.includes(pending.id))!;
    const m = new RegExp(`${sb.app.url}/approve/([^\\s]+)`).exec(note.text);
    expect(m, note.text).not.toBeNull();
    token = decodeURIComponent(m![1]!);
  });
  afterAll(async () => sb?.close());

  it('the note carries a signed link that names this approval and says it needs a sign-in', async () => {
    const note = (await notesOf(sb, ticket)).find((n) => n.text.includes(pending.id))!;
    expect(note.internalAnalysisFlag).toBe(true);
    expect(note.text).toMatch(/approver sign-in required, single use, expires/);
    expect(parseLinkToken(token)!.approvalId).toBe(pending.id);
  });

  it('the page itself shows nothing about the approval and runs no inline script', async () => {
    const res = await fetch(`${sb.app.url}/approve/${encodeURIComponent(token)}`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-security-policy')).toContain("script-src 'self'");
    const html = await res.text();
    expect(html).not.toContain(pending.id);
    expect(html).not.toContain(pending.planSummary);
    expect(html).toContain('src="/approve-assets/approve.js"');
    const js = await fetch(`${sb.app.url}/approve-assets/approve.js`);
    expect(js.headers.get('content-type')).toContain('javascript');
  });

  it('reading the link needs an approver: no key 401, a viewer 403, an approver sees the exact plan', async () => {
    expect((await call(sb, 'GET', `/approval-links/${token}`, undefined)).status).toBe(401);
    expect((await call(sb, 'GET', `/approval-links/${token}`, bearer(keys.viewer))).status).toBe(403);
    const seen = await call(sb, 'GET', `/approval-links/${token}`, bearer(keys.approver));
    expect(seen.status).toBe(200);
    expect(seen.body).toMatchObject({ approval: { id: pending.id, planHash: pending.planHash }, plan: { hash: pending.planHash } });
  });

  it('a forged or expired link is refused with a clear message', async () => {
    const forged = token.replace(/.$/, (c) => (c === 'A' ? 'B' : 'A'));
    const bad = await call(sb, 'POST', `/approval-links/${forged}/approve`, bearer(keys.approver), { planHash: pending.planHash });
    expect(bad).toMatchObject({ status: 400, body: { error: 'bad_request', message: 'this approval link is not valid' } });
    const expired = sb.app.deps.approvalLinks!.sign({ ...pending, expiresAt: new Date(Date.now() - 1000).toISOString() });
    const late = await call(sb, 'POST', `/approval-links/${expired}/approve`, bearer(keys.approver), { planHash: pending.planHash });
    expect(late).toMatchObject({ status: 410, body: { error: 'expired' } });
    expect((await sb.app.store.getApproval(pending.id))!.status).toBe('pending');
  });

  it('a decision naming another plan hash is refused and does not spend the link', async () => {
    const res = await call(sb, 'POST', `/approval-links/${token}/approve`, bearer(keys.approver), { planHash: 'a'.repeat(64) });
    expect(res).toMatchObject({ status: 409, body: { error: 'plan_changed' } });
    const missing = await call(sb, 'POST', `/approval-links/${token}/approve`, bearer(keys.approver), {});
    expect(missing.status).toBe(400);
    expect((await sb.app.store.getApproval(pending.id))!.status).toBe('pending');
  });

  it('works once: of two concurrent decisions one lands; the run acts; the decision is on the ticket and in the audit', async () => {
    const [a, b] = await Promise.all([
      call(sb, 'POST', `/approval-links/${token}/approve`, bearer(keys.approver), { planHash: pending.planHash }),
      call(sb, 'POST', `/approval-links/${token}/approve`, bearer(keys.admin), { planHash: pending.planHash }),
    ]);
    expect([a.status, b.status].sort()).toEqual([200, 409]);
    const again = await call(sb, 'POST', `/approval-links/${token}/deny`, bearer(keys.approver), { planHash: pending.planHash });
    expect(again.status).toBe(409);
    await settle(sb);
    const decided = (await sb.app.store.getApproval(pending.id))!;
    expect(decided.status).toBe('approved');
    expect(decided.decidedBy).toMatch(/^key:[0-9a-f]{12} \((approver|admin)-key\)$/);
    expect(sb.m365.mailbox('alex.wilber@contoso.example')!.quotaGB).toBe(90);
    expect(await statusOf(sb, ticket)).toBe('Resolved');
    const notes = await notesOf(sb, ticket);
    expect(notes.some((n) => n.internalAnalysisFlag && n.text.includes(`Approval ${pending.id} was approved by ${decided.decidedBy} via the approval link`))).toBe(true);
    const used = await sb.app.store.queryAudit({ type: 'approval_link.used' });
    expect(used).toHaveLength(1);
    expect(used[0]!.actor).toBe(decided.decidedBy);
    const approved = await sb.app.store.queryAudit({ type: 'approval.approved', runId: pending.runId });
    expect(approved.map((e) => e.actor)).toEqual([decided.decidedBy]);
  });
});
