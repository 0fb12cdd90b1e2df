import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import type { Sandbox } from '../src/sandbox/start-sandbox.js';
import type { KillSwitch } from '../src/store/store.js';
import { browserSuiteEnabled, launchChromium, screenshot, watchErrors } from './support/browser.js';
import { admin, createTicket, runsFor, settle, testSandbox } from './support/sandbox-kit.js';

vi.setConfig({ testTimeout: 60_000, hookTimeout: 90_000 });

const ALEX = 'alex.wilber@contoso.example';
const MEGAN = 'megan.bowen@contoso.example';
const LEE = 'lee.gu@contoso.example';
const FULL = 'My mailbox is full, I cannot send email';
const LAPTOP = { width: 1366, height: 768 };
const WIDE = { width: 1920, height: 1080 };

describe.skipIf(!browserSuiteEnabled())('web console in real Chromium', () => {
  let sb: Sandbox;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let errors: string[];
  let adminKey: string;
  let alexTicket: number;
  let meganTicket: number;

  beforeAll(async () => {
    browser = await launchChromium(); // first: a missing browser fails here, before a sandbox is started
    sb = await testSandbox();
    // Real flow: tickets over the simulated ConnectWise, the loop decides, acts and writes back.
    alexTicket = await createTicket(sb, { summary: FULL, contactEmail: ALEX });
    meganTicket = await createTicket(sb, { summary: FULL, contactEmail: MEGAN });
    await createTicket(sb, { summary: FULL, contactEmail: LEE });
    await settle(sb);
    // A named admin key (not the bootstrap token): decisions must carry the plan hash shown.
    adminKey = (await admin<{ key: string }>(sb, 'POST', '/keys', { name: 'ops lead', role: 'admin' })).body.key;
    context = await browser.newContext({ viewport: LAPTOP });
    page = await context.newPage();
    page.setDefaultTimeout(15_000);
    errors = watchErrors(page);
  });

  afterAll(async () => {
    await context?.close();
    await browser?.close();
    await sb?.close();
  });

  const consoleUrl = () => `${sb.app.url}/console/`;
  const header = () => page.locator('#kill-state');

  it('serves its assets with a strict content security policy, and nothing outside its folder', async () => {
    const html = await fetch(consoleUrl());
    expect(html.status).toBe(200);
    expect(html.headers.get('content-type')).toContain('text/html');
    expect(html.headers.get('content-security-policy')).toContain("script-src 'self'");
    expect(await html.text()).toContain('<main id="main"');
    const js = await fetch(`${sb.app.url}/console/charts.js`);
    expect(js.status).toBe(200);
    expect(js.headers.get('content-type')).toMatch(/javascript/);
    const escape = await fetch(`${sb.app.url}/console/%2e%2e/console-routes.ts`);
    expect(escape.status).toBe(404);
  });

  it('refuses a wrong key, then signs in with the keyboard and shows the dashboard', async () => {
    await page.goto(consoleUrl());
    // The key field has the focus; the skip link is the only stop before it.
    await page.getByLabel('API key').waitFor();
    await page.keyboard.press('Shift+Tab');
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('Skip to content');
    await page.getByLabel('API key').fill('not-a-key');
    await page.keyboard.press('Enter');
    await expect.poll(() => page.locator('#sign-in-error').textContent()).toContain('not accepted');
    await screenshot(page, 'sign-in-refused-1366x768');

    await page.getByLabel('API key').fill(adminKey);
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { name: 'Dashboard' }).waitFor();
    await expect.poll(() => header().textContent()).toBe('Automation running');
    const kpis = await page.locator('.kpi').allTextContents();
    expect(kpis.find((k) => k.startsWith('Tickets seen'))).toContain('3');
    expect(kpis.find((k) => k.startsWith('Hours saved'))).toContain('0.25');
    expect(kpis.find((k) => k.startsWith('Awaiting approval'))).toContain('1');
    expect(await page.locator('svg.chart').count()).toBeGreaterThanOrEqual(4);
    expect(await page.locator('.hbars li').allTextContents()).toEqual([expect.stringMatching(/^Out of scope\s*1$/)]);
    // The key stays in this tab only.
    expect(await page.locator('#who').textContent()).toBe('ops lead · admin');
    expect(await page.evaluate(() => sessionStorage.getItem('ticketfix.apiKey'))).toBe(adminKey);
    expect(await page.evaluate(() => document.cookie)).toBe('');
    await screenshot(page, 'dashboard-1366x768');
    await page.setViewportSize(WIDE);
    await page.waitForTimeout(300); // the charts redraw at the new width
    await screenshot(page, 'dashboard-1920x1080');
    await page.setViewportSize(LAPTOP);
  });

  it('shows a viewer key the figures but no approve or kill switch controls', async () => {
    const made = await admin<{ key: string }>(sb, 'POST', '/keys', { name: 'night desk', role: 'viewer' });
    expect(made.status).toBe(201);
    const viewerContext = await browser.newContext({ viewport: LAPTOP });
    try {
      const viewer = await viewerContext.newPage();
      viewer.setDefaultTimeout(15_000);
      await viewer.goto(consoleUrl());
      await viewer.getByLabel('API key').fill(made.body.key);
      await viewer.keyboard.press('Enter');
      await expect.poll(() => viewer.locator('#who').textContent()).toBe('night desk · viewer');
      await viewer.goto(`${consoleUrl()}#/approvals`);
      await viewer.locator('.approval', { hasText: `Ticket #${alexTicket}` }).waitFor();
      expect(await viewer.getByRole('button', { name: /Approve/ }).count()).toBe(0);
      expect(await viewer.locator('.notice').textContent()).toContain('not decide them');
      await viewer.goto(`${consoleUrl()}#/kill-switch`);
      await viewer.locator('.kill-panel').waitFor();
      expect(await viewer.locator('#global-toggle').count()).toBe(0);
      await screenshot(viewer, 'kill-switch-viewer-1366x768');
    } finally {
      await viewerContext.close();
    }
  });

  it('approves the exact plan shown and the run resolves', async () => {
    const [run] = await runsFor(sb, alexTicket);
    expect(run!.state).toBe('awaiting_approval');
    const approval = (await sb.app.store.getApproval(run!.approvalId!))!;

    await page.getByRole('link', { name: /Approvals/ }).click();
    const card = page.locator('.approval', { hasText: `Ticket #${alexTicket}` });
    await card.waitFor();
    const text = await card.textContent();
    expect(text).toContain(approval.planSummary);
    expect(text).toContain(`Plan hash ${approval.planHash.slice(0, 16)}`);
    expect(text).toContain('Set-Mailbox');
    expect(text).toContain(approval.reason);
    await screenshot(page, 'approvals-1366x768');
    await page.setViewportSize(WIDE);
    await screenshot(page, 'approvals-1920x1080');
    await page.setViewportSize(LAPTOP);

    await card.getByRole('link', { name: 'Open the run' }).click();
    await page.locator('.stepper').waitFor();
    expect(await page.locator('.steps .step-status').allTextContents()).toEqual(['Done', 'Waiting for approval', 'Not yet', 'Not yet', 'Interim note written']);
    await screenshot(page, 'run-awaiting-approval-1366x768');
    await page.goBack();
    await card.waitFor();
    await card.getByRole('button', { name: /Approve plan/ }).click();
    await expect.poll(() => page.locator('#live').textContent()).toContain(`Approved plan ${approval.planHash.slice(0, 12)}`);
    const decided = (await sb.app.store.getApproval(approval.id))!;
    expect(decided.status).toBe('approved');
    expect(decided.decidedBy).toContain('(ops lead)');
    await settle(sb);
    expect((await sb.app.store.getRun(run!.id))!.state).toBe('resolved');
    expect(sb.m365.mailbox(ALEX)!.quotaGB).toBe(90);
    await page.locator('.empty', { hasText: 'Nothing is waiting for approval.' }).waitFor();

    await page.goto(`${consoleUrl()}#/runs/${run!.id}`);
    await page.locator('h1 .badge', { hasText: 'resolved' }).waitFor();
    expect(await page.locator('.step', { hasText: 'Decide' }).textContent()).toContain('Approval used');
  });

  it('engages the kill switch only after confirmation, shows it in the header, and releases it', async () => {
    await page.getByRole('link', { name: 'Kill switch', exact: true }).click();
    const toggle = page.locator('#global-toggle');
    await toggle.waitFor();
    expect(await toggle.textContent()).toBe('Engage kill switch');

    // Cancel changes nothing.
    await toggle.click();
    await page.locator('dialog[open]').waitFor();
    await page.keyboard.press('Escape');
    await page.locator('dialog[open]').waitFor({ state: 'detached' });
    expect(await globalEngaged()).toBe(false);

    await toggle.click();
    await page.getByLabel('Reason (kept in the audit trail)').fill('tenant migration tonight');
    await screenshot(page, 'kill-switch-confirm-1366x768');
    await page.getByRole('button', { name: 'Engage kill switch' }).last().click();
    await expect.poll(() => header().textContent()).toBe('Kill switch ENGAGED: automation stopped');
    expect(await header().getAttribute('data-tone')).toBe('stopped');
    expect(await globalEngaged()).toBe(true);
    const audit = await sb.app.store.queryAudit({ type: 'kill_switch.set' });
    expect(audit.at(-1)!.data).toMatchObject({ engaged: true, reason: 'tenant migration tonight' });
    await page.locator('.kill-panel.is-engaged').waitFor();
    await screenshot(page, 'kill-switch-engaged-1366x768');

    await page.locator('#global-toggle', { hasText: 'Release kill switch' }).click();
    await page.getByRole('button', { name: 'Release', exact: true }).click();
    await expect.poll(() => header().textContent()).toBe('Automation running');
    expect(await globalEngaged()).toBe(false);
  });

  it('offers only ids that exist for a scoped switch, and shows where each policy value came from', async () => {
    await page.getByRole('link', { name: 'Kill switch', exact: true }).click();
    await page.locator('#scope-kind').waitFor();
    expect(await page.locator('#scope-client option').allTextContents()).toEqual(['contoso', 'fabrikam']);
    await page.locator('#scope-kind').selectOption('client-remediation');
    expect(await page.locator('#scope-remediation option').allTextContents()).toEqual(['mailbox-quota', 'password-reset', 'distribution-list', 'security-group', 'service-restart', 'software-install']);
    await page.locator('#scope-client').selectOption('fabrikam');
    await page.locator('#scope-remediation').selectOption('software-install');
    await page.getByRole('button', { name: 'Engage for this scope' }).click();
    await page.locator('dialog[open]').getByRole('button', { name: 'Engage', exact: true }).click();
    await expect.poll(async () => (await admin<{ switches: KillSwitch[] }>(sb, 'GET', '/kill-switch')).body.switches.filter((x) => x.engaged).map((x) => x.scope)).toEqual([
      { kind: 'client-remediation', clientId: 'fabrikam', id: 'software-install' },
    ]);
    expect((await admin(sb, 'POST', '/kill-switch', { scope: 'client-remediation', clientId: 'fabrikam', id: 'software-install', engaged: false })).status).toBe(200);

    expect((await admin(sb, 'PUT', '/config-overrides', { overrides: { clients: { fabrikam: { remediations: { 'mailbox-quota': { confidenceThreshold: 0.93 } } } } } })).status).toBe(200);
    try {
      await page.getByRole('link', { name: 'Policies', exact: true }).click();
      const table = page.locator('table.policy[data-client="fabrikam"][data-remediation="mailbox-quota"]');
      await table.waitFor();
      expect(await table.locator('tr', { hasText: 'confidenceThreshold' }).locator('td').allTextContents()).toEqual(['0.93', 'run-time override']);
      expect(await table.locator('tr', { hasText: 'settings.ceilingGB' }).locator('td').allTextContents()).toEqual(['80', 'file config']);
      expect(await table.locator('tr', { hasText: 'cooldownSeconds' }).locator('td').allTextContents()).toEqual(['3600', 'remediation default']);
      await screenshot(page, 'policies-1366x768');
    } finally {
      await admin(sb, 'PUT', '/config-overrides', { overrides: {} });
    }
  });

  it('finds a run from its ticket number and shows the five steps with their evidence', async () => {
    await page.getByRole('link', { name: 'Runs', exact: true }).click();
    await page.getByLabel('Ticket number').fill(String(meganTicket));
    await page.keyboard.press('Enter');
    await expect.poll(() => page.locator('table.runs tbody tr').count()).toBe(1);
    await screenshot(page, 'runs-search-1366x768');
    await page.getByRole('link', { name: `Run for ticket ${meganTicket}` }).click();
    await page.getByRole('heading', { name: `Ticket #${meganTicket}` }).waitFor();

    const steps = page.locator('ol.steps > li');
    expect(await steps.locator('h2').allTextContents()).toEqual(['Detect', 'Decide', 'Act', 'Validate', 'Document']);
    expect(await steps.locator('.step-status').allTextContents()).toEqual(['Done', 'Done', 'Done', 'Done', 'Done']);
    expect(await steps.nth(1).textContent()).toContain('mailbox-quota (confidence');
    expect(await steps.nth(2).textContent()).toContain('Set-Mailbox');
    expect(await steps.nth(3).textContent()).toMatch(/Validation/);
    const documented = await steps.nth(4).textContent();
    expect(documented).toContain('from 50 GB to 60 GB');
    expect(documented).toContain('delivered');
    await screenshot(page, 'run-detail-1366x768');
    await page.setViewportSize(WIDE);
    await screenshot(page, 'run-detail-1920x1080');
    await page.setViewportSize(LAPTOP);
  });

  it('searches the audit trail by ticket and verifies the chain', async () => {
    await page.getByRole('link', { name: 'Audit', exact: true }).click();
    await page.getByLabel('Ticket number').fill(String(meganTicket));
    await page.getByRole('button', { name: 'Search' }).click();
    await expect.poll(() => page.locator('table.audit tbody tr').count()).toBe((await sb.app.store.queryAudit({ ticketId: String(meganTicket) })).length);
    expect(await page.locator('table.audit tbody tr td:nth-child(3)').allTextContents()).toContain('Validated');
    await page.getByRole('button', { name: 'Verify the chain' }).click();
    await expect.poll(() => page.locator('.verify-out').textContent()).toMatch(/^Chain intact: \d+ events checked\.$/);
    await screenshot(page, 'audit-1366x768');

    // The export carries the same filters and the key (a plain link could not).
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Export CSV' }).click()]);
    expect(download.suggestedFilename()).toMatch(/^ticketfix-audit-.*\.csv$/);
    const csv = readFileSync((await download.path())!, 'utf8').trim().split(/\r?\n/);
    expect(csv[0]).toMatch(/^seq,at,type,/);
    expect(csv.slice(1).every((line) => line.includes(`,${meganTicket},`))).toBe(true);
    expect(csv).toHaveLength(1 + (await sb.app.store.queryAudit({ ticketId: String(meganTicket) })).length);
  });

  it('lists the remediations with their declared guardrails and health', async () => {
    await page.getByRole('link', { name: 'Remediations', exact: true }).click();
    const row = page.locator('table.remediations tbody tr', { hasText: 'mailbox-quota' });
    await row.waitFor();
    const text = await row.textContent();
    expect(text).toContain('Mailbox quota expansion');
    expect(text).toContain('rollback automatic');
    expect(text).toContain('healthy');
    expect(text).toContain('enabled');
    await screenshot(page, 'remediations-1366x768');
  });

  it('shows ticket text as text, never as markup', async () => {
    const payload = '<img src=x onerror="window.__xss=1">';
    const now = new Date().toISOString();
    // A PSA-supplied string that reaches a run's detail (e.g. a company name on an unmapped ticket).
    await sb.app.store.createRun({
      id: 'run-xss', signalId: 'sig-xss', installationId: 'connectwise', psa: 'connectwise', ticketId: '9999', clientId: null, remediationId: null,
      state: 'escalated', dryRun: false, classification: null, plan: null, claimKey: null, approvalId: null, escalationReason: 'unknown_client',
      detail: `PSA company 77 (${payload}) is not mapped to a client`, actedAt: null, validation: null, createdAt: now, updatedAt: now, version: 1,
    });
    await sb.app.store.createApproval({
      id: 'approval-xss', runId: 'run-xss', clientId: 'contoso', remediationId: 'mailbox-quota', ticketId: '9999', planHash: 'f'.repeat(64),
      planSummary: `raise ${payload}`, reason: payload, status: 'pending', createdAt: now, expiresAt: new Date(Date.now() + 3_600_000).toISOString(), decidedBy: null, decidedAt: null,
    });
    await page.goto(`${consoleUrl()}#/approvals`);
    await page.locator('.approval', { hasText: 'Ticket #9999' }).waitFor();
    expect(await page.locator('.approval', { hasText: 'Ticket #9999' }).textContent()).toContain(`raise ${payload}`);
    expect(await page.locator('main img').count()).toBe(0);
    await page.goto(`${consoleUrl()}#/runs?ticketId=9999`);
    await page.locator('table.runs tbody tr', { hasText: '#9999' }).waitFor();
    await page.goto(`${consoleUrl()}#/runs/run-xss`);
    await page.getByText(payload, { exact: false }).first().waitFor();
    expect(await page.locator('main img').count()).toBe(0);
    expect(await page.evaluate(() => (window as unknown as { __xss?: number }).__xss)).toBeUndefined();
    expect(errors).toEqual([]);
  });

  it('pages through runs, newest first', async () => {
    const base = Date.now() - 3_600_000;
    for (let i = 0; i < 100; i++) {
      const at = new Date(base + i * 1000).toISOString();
      await sb.app.store.createRun({
        id: `run-bulk-${i}`, signalId: `sig-bulk-${i}`, installationId: 'connectwise', psa: 'connectwise', ticketId: String(8000 + i), clientId: 'contoso', remediationId: null,
        state: 'escalated', dryRun: false, classification: null, plan: null, claimKey: null, approvalId: null, escalationReason: 'no_match',
        detail: null, actedAt: null, validation: null, createdAt: at, updatedAt: at, version: 1,
      });
    }
    const total = (await sb.app.store.listRuns({ limit: 10_000 })).length;
    await page.goto(`${consoleUrl()}#/dashboard`);
    await page.getByRole('link', { name: 'Runs', exact: true }).click();
    await expect.poll(() => page.locator('table.runs tbody tr').count()).toBe(100);
    await page.getByRole('link', { name: 'Older →' }).click();
    await expect.poll(() => page.locator('table.runs tbody tr').count()).toBe(total - 100);
    expect(await page.locator('.pager .muted').textContent()).toBe(`Runs 101–${total}`);
    // The oldest run is last on the last page.
    expect(await page.locator('table.runs tbody tr').last().textContent()).toContain('#8000');
  });

  async function globalEngaged(): Promise<boolean> {
    const { body } = await admin<{ switches: KillSwitch[] }>(sb, 'GET', '/kill-switch');
    return body.switches.some((s) => s.scope.kind === 'global' && s.engaged);
  }
});

