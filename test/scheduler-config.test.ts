import { afterEach, describe, expect, it } from 'vitest';
import { AppConfig } from '../src/config/schema.js';
import type { Sandbox } from '../src/sandbox/start-sandbox.js';
import { SANDBOX_MSP_COMPANY } from '../src/sandbox/sandbox-alert-loop.js';
import type { ScheduledJob } from '../src/scheduler/jobs.js';
import { settle, testSandbox } from './support/sandbox-kit.js';

let sb: Sandbox | undefined;
afterEach(async () => {
  await sb?.close();
  sb = undefined;
});

const MSP = { psaInstallationId: 'sandbox-cw', companyId: String(SANDBOX_MSP_COMPANY.id) };
const job = (s: Sandbox, name: string): ScheduledJob | undefined => s.app.scheduler.jobs.find((j) => j.name === name);
const mspTickets = (s: Sandbox) => s.connectwise.state.tickets.filter((t) => t.company.id === SANDBOX_MSP_COMPANY.id);
const failContosoExchange = (s: Sandbox) => {
  const tenantId = s.world.companies.find((c) => c.clientId === 'contoso')!.tenantId;
  s.m365.faults.failNext(40, { system: 'exchange', tenantId, status: 403 });
};

describe('scheduler config: proactive checks and operator tickets (started app, real HTTP)', () => {
  it('runs no proactive check and opens no operator ticket by default', async () => {
    sb = await testSandbox({ history: false });
    expect(sb.app.config.scheduler.proactiveChecks).toBe(false);
    expect(sb.app.config.operatorTickets).toBeUndefined();
    expect(job(sb, 'mailbox-usage')).toBeUndefined();
    failContosoExchange(sb);
    expect(await job(sb, 'self-check')!.run(new Date())).toBeGreaterThan(0);
    sb.m365.faults.clear();
    expect(mspTickets(sb)).toEqual([]);
    // The failure is still an operator alert.
    expect((await sb.app.store.queryAudit({ type: 'operator.alert' })).length).toBeGreaterThan(0);
  });

  it('scheduler.proactiveChecks: true schedules the mailbox usage check, which opens tickets into the loop', async () => {
    sb = await testSandbox({ history: false, configure: (c) => ({ ...c, scheduler: { ...c.scheduler, proactiveChecks: true } }) });
    const usage = job(sb, 'mailbox-usage');
    expect(usage?.cron).toBe('0 40 * * * *');
    const before = sb.connectwise.state.tickets.length;
    expect(await usage!.run(new Date())).toBe(4);
    await settle(sb);
    expect(sb.connectwise.state.tickets.filter((t) => t.summary.startsWith('Mailbox almost full'))).toHaveLength(4);
    expect(sb.connectwise.state.tickets.length).toBe(before + 4);
  });

  it("operatorTickets: a failing self-check opens one ticket on the MSP's own company", async () => {
    sb = await testSandbox({ history: false, configure: (c) => ({ ...c, operatorTickets: MSP }) });
    failContosoExchange(sb);
    const now = new Date();
    expect(await job(sb, 'self-check')!.run(now)).toBeGreaterThan(0);
    expect(await job(sb, 'self-check')!.run(now)).toBeGreaterThan(0);
    sb.m365.faults.clear();
    const opened = mspTickets(sb);
    expect(opened).toHaveLength(1);
    expect(opened[0]!.summary).toMatch(/^ticketfix self-check: \d+ remediation\(s\) cannot run/);
  });

  it('refuses an operator target on an unknown installation or on a client company, and a non-boolean switch', () => {
    const base = {
      installations: [{ id: 'cw', psa: 'connectwise', connectwise: { baseUrl: 'https://x.example/v4_6_release/apis/3.0', companyId: 'msp', clientId: 'c', publicKeyEnv: 'CW_PUB', privateKeyEnv: 'CW_PRIV', memberIdentifier: 'bot' } }],
      clients: [{ id: 'contoso', name: 'Contoso', psa: [{ installationId: 'cw', companyIds: ['250'] }] }],
    };
    const ok = AppConfig.safeParse(base);
    expect(ok.success, JSON.stringify(ok.error?.issues)).toBe(true);
    expect(ok.data!.scheduler).toEqual({ proactiveChecks: false });
    expect(AppConfig.parse({ ...base, operatorTickets: { psaInstallationId: 'cw', companyId: '1', boardId: '7' }, scheduler: { proactiveChecks: true } })).toMatchObject({
      operatorTickets: { psaInstallationId: 'cw', companyId: '1', boardId: '7' },
      scheduler: { proactiveChecks: true },
    });
    const messages = (raw: object) => (AppConfig.safeParse(raw).error?.issues ?? []).map((i) => `${i.path.join('.')}: ${i.message}`);
    expect(messages({ ...base, operatorTickets: { psaInstallationId: 'nope', companyId: '1' } })).toEqual(["operatorTickets.psaInstallationId: no installation 'nope'"]);
    expect(messages({ ...base, operatorTickets: { psaInstallationId: 'cw', companyId: '250' } })).toEqual([
      "operatorTickets.companyId: company 250 is mapped to client 'contoso'; use the MSP's own company",
    ]);
    expect(messages({ ...base, scheduler: { proactiveChecks: 'true' } })[0]).toMatch(/^scheduler\.proactiveChecks: /);
    expect(messages({ ...base, operatorTickets: { psaInstallationId: 'cw' } })[0]).toMatch(/^operatorTickets\.companyId: /);
  });
});
