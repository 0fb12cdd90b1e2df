import { describe, expect, it } from 'vitest';
import { remediations } from '../remediations/index.js';
import { resolutionNotes } from '../src/engine/document-step.js';
import type { Run } from '../src/model/run.js';
import type { ActedState, RemediationDefinition } from '../src/remediation/define.js';
import { notesTestConfig } from './support/notes-config.js';

const TENANT = '6f2c1b9e-3a53-4c0e-9d6e-0b6a3d4c1a01';
const RUN_ID = '0b7d3c9e-5f1a-4a2b-8c3d-9e8f7a6b5c4d';
const LINK = `https://ticketfix.msp.example/p/${'A'.repeat(43)}`;
const NO_SECRETS: ActedState = { output: {}, secrets: {} };

/** Per remediation: a realistic resolved plan (calls to the outside API, with the tenant id), what the customer must read, and the technicians' evidence. */
const CASES: {
  id: string;
  input: Record<string, unknown>;
  prior: Record<string, unknown>;
  call: { method: string; url: string; summary: string };
  acted?: ActedState;
  observed?: Record<string, unknown>;
  customerSays: string[];
  internalSays: string[];
}[] = [
  {
    id: 'mailbox-quota',
    input: { identity: 'megan.bowen@contoso.example', prohibitSendReceiveGB: 60, prohibitSendGB: 59, issueWarningGB: 57 },
    prior: { usedPercent: 95, usedGB: 47.5, prohibitSendReceiveGB: 50 },
    call: { method: 'POST', url: `https://outlook.office365.com/adminapi/beta/${TENANT}/InvokeCommand`, summary: 'Set-Mailbox megan.bowen@contoso.example ProhibitSendReceiveQuota 60GB (from 50GB)' },
    customerSays: ['Your mailbox megan.bowen@contoso.example was 95% full', 'from 50 GB to 60 GB'],
    internalSays: ['Set-Mailbox', 'from 50 GB to 60 GB'],
  },
  {
    id: 'password-reset',
    input: { userId: '9a1b2c3d-4e5f-4a6b-8c7d-0e1f2a3b4c5d', identity: 'megan.bowen@contoso.example', synced: false, requester: 'megan.bowen@contoso.example', ticketRef: 'connectwise:5114' },
    prior: { requester: 'megan.bowen@contoso.example', self: true },
    call: { method: 'PATCH', url: 'https://graph.microsoft.com/v1.0/users/9a1b2c3d-4e5f-4a6b-8c7d-0e1f2a3b4c5d', summary: 'set a temporary password' },
    acted: { output: {}, secrets: { linkUrl: LINK, linkExpiresAt: '2026-12-09T10:00:00.000Z' } },
    customerSays: ['not written in this ticket', LINK, 'until 2026-12-09T10:00:00.000Z'],
    internalSays: ['was reset, as requested by megan.bowen@contoso.example (the user themself)', 'given to the user in the customer note'],
  },
  {
    id: 'distribution-list',
    input: { action: 'add', list: 'sales@contoso.example', listName: 'Sales Team', member: 'lee.gu@contoso.example', memberId: '1c2d3e4f-5a6b-4c7d-8e9f-0a1b2c3d4e5f' },
    prior: { requester: 'alex.wilber@contoso.example', requesterOwnsList: true, memberCount: 2 },
    call: { method: 'POST', url: `https://outlook.office365.com/adminapi/beta/${TENANT}/InvokeCommand`, summary: 'Add-DistributionGroupMember sales@contoso.example lee.gu@contoso.example' },
    customerSays: ['lee.gu@contoso.example is now added to Sales Team'],
    internalSays: ['Add-DistributionGroupMember', 'who manages the list'],
  },
  {
    id: 'security-group',
    input: { action: 'add', groupId: '2d3e4f5a-6b7c-4d8e-9f0a-1b2c3d4e5f6a', groupName: 'Finance Share', userId: '3e4f5a6b-7c8d-4e9f-8a1b-2c3d4e5f6a7b', member: 'lee.gu@contoso.example' },
    prior: { requester: 'alex.wilber@contoso.example' },
    call: { method: 'POST', url: 'https://graph.microsoft.com/v1.0/groups/2d3e4f5a-6b7c-4d8e-9f0a-1b2c3d4e5f6a/members/$ref', summary: 'add lee.gu@contoso.example to Finance Share' },
    customerSays: ['lee.gu@contoso.example was added to Finance Share'],
    internalSays: ['2d3e4f5a-6b7c-4d8e-9f0a-1b2c3d4e5f6a', 'after approval'],
  },
  {
    id: 'service-restart',
    input: { service: 'Spooler', devices: [{ id: 'dev-17', name: 'FRONTDESK-01' }], alertId: 'alert-991' },
    prior: { serviceStatus: { 'dev-17': 'stopped' } },
    call: { method: 'POST', url: 'https://rmm.msp.example/api/v2/device/dev-17/windows-service/Spooler/control', summary: 'restart service Spooler on FRONTDESK-01 (was stopped)' },
    customerSays: ['The Spooler service on FRONTDESK-01 had stopped', 'running again'],
    internalSays: ['RMM alert alert-991', 'windows-service/Spooler/control'],
  },
  {
    id: 'software-install',
    input: { deviceId: 'dev-17', deviceName: 'FRONTDESK-01', application: '7-Zip', inCatalogue: true, package: { manager: 'winget', id: '7zip.7zip' } },
    prior: {},
    call: { method: 'POST', url: 'https://rmm.msp.example/api/v2/device/dev-17/script/run', summary: 'winget install 7zip.7zip' },
    observed: { rebootPending: true },
    customerSays: ['We installed 7-Zip on FRONTDESK-01', 'Please restart the computer'],
    internalSays: ['winget package 7zip.7zip', 'A reboot is pending'],
  },
];

function resolvedRun(c: (typeof CASES)[number]): Run {
  return {
    id: RUN_ID,
    clientId: 'contoso',
    remediationId: c.id,
    ticketId: '5114',
    classification: { remediationId: c.id, confidence: 0.97, reasons: ['matched'], params: {} },
    plan: { remediationId: c.id, clientId: 'contoso', problem: 'p', targets: [{ type: 'x', id: 'y' }], calls: [{ system: 'outside', ...c.call }], prior: c.prior, expected: {}, input: c.input, summary: 's', hash: 'h' },
    validation: { ok: true, observed: c.observed ?? {}, message: 'validated by reading it back' },
  } as unknown as Run;
}

describe.each(CASES)('the two resolution notes of $id', (c) => {
  const config = notesTestConfig();
  const remediation = remediations.find((r) => r.id === c.id) as RemediationDefinition<never, never>;
  const { customer, internal } = resolutionNotes({ config }, resolvedRun(c), remediation, c.acted ?? NO_SECRETS, '2026-12-08T10:00:00.000Z', 'Megan Bowen');

  it('the customer note is plain: no outside API URL, no tenant id, no marker, no run id', () => {
    for (const s of c.customerSays) expect(customer).toContain(s);
    expect(customer).toContain('Hello Megan Bowen,');
    expect(customer).toContain('Kind regards,\nYour IT team');
    expect(customer).not.toContain(c.call.url);
    expect(customer).not.toContain(TENANT);
    expect(customer).not.toMatch(/\[ticketfix:|\[tfx-/);
    expect(customer).not.toContain(RUN_ID);
    // The only URL a customer may see is the user's own one-time link on our own host.
    const urls = customer.match(/https?:\/\/\S+/g) ?? [];
    expect(urls).toEqual(c.id === 'password-reset' ? [LINK] : []);
  });

  it('the internal note has the calls, the evidence, the console link to the run and the marker; never a one-time link', () => {
    for (const s of c.internalSays) expect(internal).toContain(s);
    expect(internal).toContain(`${c.call.method} ${c.call.url}`);
    expect(internal).toContain('Validation: validated by reading it back');
    expect(internal).toContain(`Audit: https://ticketfix.msp.example/console/#/runs/${RUN_ID}`);
    expect(internal).toContain(`[ticketfix:${RUN_ID}:resolution]`);
    expect(internal).not.toMatch(/\/p\/[A-Za-z0-9_-]{43}/);
  });
});

it('every registered remediation is covered here', () => {
  expect(remediations.map((r) => r.id).sort()).toEqual(CASES.map((c) => c.id).sort());
});
