import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Sandbox } from '../src/sandbox/start-sandbox.js';
import type { Approval } from '../src/store/store.js';
import { browserSuiteEnabled, launchChromium, watchErrors } from './support/browser.js';
import { createTicket, notesOf, settle, statusOf, testSandbox } from './support/sandbox-kit.js';

const ALEX = 'alex.wilber@contoso.example';

describe.skipIf(!browserSuiteEnabled())('the approval link page in a browser', () => {
  let sb: Sandbox;
  let browser: Browser;
  let link: string;
  let ticket: number;
  let pending: Approval;

  beforeAll(async () => {
    sb = await testSandbox();
    browser = await launchChromium();
    ticket = await createTicket(sb, { summary: 'My mailbox is full, I cannot send email', contactEmail: ALEX });
    await settle(sb);
    [pending] = (await sb.app.store.listApprovals('pending')) as [Approval];
    const note = (await notesOf(sb, ticket)).find((n) => n.text.includes(pending.id))!;
    link = /(http:\/\/\S+\/approve\/\S+)/.exec(note.text)![1]!;
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
    await sb?.close();
  });

  it('asks for a key, refuses a viewer, shows the plan to an approver, and approves it once', async () => {
    const page = await browser.newPage();
    const errors = watchErrors(page);
    await page.goto(link);
    await page.fill('#key', 'tfx_000000000000_' + '0'.repeat(48));
    await page.click('#sign-in');
    await expect.poll(() => page.textContent('#error')).toContain('not accepted');

    await page.fill('#key', sb.demoKeys.viewer);
    await page.click('#sign-in');
    await expect.poll(() => page.textContent('#error')).toContain('approver role');

    await page.fill('#key', sb.demoKeys.approver);
    await page.click('#sign-in');
    await page.waitForSelector('#approve');
    const shown = (await page.textContent('main'))!;
    expect(shown).toContain(pending.planHash);
    expect(shown).toContain(pending.planSummary);
    expect(shown).toContain(ALEX);

    await page.click('#approve');
    await expect.poll(() => page.textContent('#result')).toContain('is approved');
    await settle(sb);
    expect(sb.m365.mailbox(ALEX)!.quotaGB).toBe(90);
    expect(await statusOf(sb, ticket)).toBe('Resolved');
    expect((await sb.app.store.getApproval(pending.id))!.decidedBy).toContain('(sandbox-approver)');

    // Opening the link again: the approval is decided, nothing to click.
    await page.goto(link);
    await expect.poll(() => page.textContent('main')).toContain('approved');
    expect(await page.$('#approve')).toBeNull();
    expect(errors).toEqual([]);
  });
});
