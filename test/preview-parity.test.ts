import { afterEach, describe, expect, it } from 'vitest';
import { remediations } from '../remediations/index.js';
import type { Sandbox } from '../src/sandbox/start-sandbox.js';
import { admin, createTicket, runsFor, settle, testSandbox } from './support/sandbox-kit.js';

let sb: Sandbox | undefined;
afterEach(async () => {
  await sb?.close();
  sb = undefined;
});

interface Preview {
  outcome: string;
  reason?: string;
  detail?: string;
  classification: { remediationId: string | null } | null;
}

/** The admin dry-run and the live loop, for the same ticket: the preview must say what the loop did. */
async function previewAndLive(s: Sandbox, summary: string) {
  const id = await createTicket(s, { summary, contactEmail: 'alex.wilber@contoso.example' });
  await settle(s);
  const run = (await runsFor(s, id))[0]!;
  const res = await admin<{ preview: Preview }>(s, 'POST', '/dry-run', { installationId: 'sandbox-cw', ticketId: String(id) });
  expect(res.status).toBe(200);
  return { run, preview: res.body.preview };
}

describe('admin dry-run preview matches the live decide step', () => {
  it('a ticket the triage reads as a remediation that is not registered here: remediation_disabled in both', async () => {
    // Security groups are in the triage catalogue but not registered in this app.
    sb = await testSandbox({ history: false, app: { remediations: remediations.filter((r) => r.id !== 'security-group') } });
    const { run, preview } = await previewAndLive(sb, 'Please add lee.gu@contoso.example to the SG-Projects security group');
    expect([run.state, run.escalationReason, run.classification?.remediationId]).toEqual(['escalated', 'remediation_disabled', 'security-group']);
    expect(preview).toMatchObject({ outcome: 'would_escalate', reason: 'remediation_disabled', classification: { remediationId: 'security-group' } });
    expect(preview.detail).toContain('security-group');
  });

  it('a ticket no remediation reads: no_match in both', async () => {
    sb = await testSandbox({ history: false });
    const { run, preview } = await previewAndLive(sb, 'Lunch order for the team meeting on Friday');
    expect([run.state, run.escalationReason]).toEqual(['escalated', 'no_match']);
    expect(preview).toMatchObject({ outcome: 'would_escalate', reason: 'no_match', classification: { remediationId: null } });
  });
});
