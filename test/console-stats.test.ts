import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { Sandbox } from '../src/sandbox/start-sandbox.js';
import type { Stats } from '../src/server/admin-stats.js';
import { admin, createTicket, settle, testSandbox } from './support/sandbox-kit.js';

vi.setConfig({ testTimeout: 60_000, hookTimeout: 60_000 });

const FULL = 'My mailbox is full, I cannot send email';

describe('GET /admin/stats: the console dashboard figures', () => {
  let sb: Sandbox;
  beforeAll(async () => {
    sb = await testSandbox();
    // One of each path: resolved, resolved at another client, approval, escalation, licence maximum.
    await createTicket(sb, { summary: FULL, contactEmail: 'megan.bowen@contoso.example' });
    await createTicket(sb, { summary: FULL, contactEmail: 'diego.siciliani@fabrikam.example', companyId: 251 });
    await createTicket(sb, { summary: FULL, contactEmail: 'alex.wilber@contoso.example' });
    await createTicket(sb, { summary: FULL, contactEmail: 'lee.gu@contoso.example' });
    await createTicket(sb, { summary: FULL, contactEmail: 'isaiah.langer@fabrikam.example', companyId: 251 });
    await settle(sb);
  });
  afterAll(async () => {
    await sb?.close();
  });

  it('counts tickets, automated resolutions, hours saved and escalations by reason from the real runs', async () => {
    const { status, body } = await admin<Stats>(sb, 'GET', '/stats?days=7');
    expect(status).toBe(200);
    expect(body.days).toHaveLength(7);
    const today = new Date().toISOString().slice(0, 10);
    expect(body.days.at(-1)!.day).toBe(today);
    expect(body.totals).toMatchObject({ ticketsSeen: 5, resolved: 2, escalated: 2, awaitingApproval: 1, automatedResolutionRate: 0.4, hoursSaved: 0.5, validationFailures: 0 });
    expect(body.days.at(-1)).toMatchObject({ ticketsSeen: 5, resolved: 2, escalated: 2, awaitingApproval: 1, hoursSaved: 0.5 });
    expect(body.days.slice(0, -1).every((d) => d.ticketsSeen === 0)).toBe(true);
    expect(Object.values(body.escalationsByReason).reduce((a, b) => a + b, 0)).toBe(2);
    expect(body.escalationsByReason.out_of_scope).toBeGreaterThanOrEqual(1);
    expect(body.remediations.find((r) => r.id === 'mailbox-quota')).toMatchObject({ runs: 5, resolved: 2, escalated: 2, validationFailures: 0, breakerTrips: 0, riskClass: 'low' });
  });

  it('counts validation failures by remediation from the audit trail', async () => {
    await sb.app.store.appendAudit({ type: 'validation.failed', runId: null, ticketId: '1', clientId: 'contoso', remediationId: 'mailbox-quota', outcome: null, actor: 'engine', data: {} });
    const { body } = await admin<Stats>(sb, 'GET', '/stats?days=1');
    expect(body.validationFailuresByRemediation).toEqual({ 'mailbox-quota': 1 });
    expect(body.days).toHaveLength(1);
    expect(body.days[0]!.validationFailures).toBe(1);
  });

  it('refuses a bad period with a clear message, and a caller without a key', async () => {
    for (const days of ['0', '91', 'week']) {
      const res = await admin<{ error: string; message: string }>(sb, 'GET', `/stats?days=${days}`);
      expect(res.status).toBe(400);
      expect(res.body.message).toMatch(/^days: /);
    }
    const anonymous = await fetch(`${sb.app.url}/admin/stats`);
    expect(anonymous.status).toBe(401);
  });
});
