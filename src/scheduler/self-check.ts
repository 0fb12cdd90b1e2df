import { psaIntegrationFor } from '../../integrations/index.js';
import type { PsaRuntimeOptions } from '../../integrations/psa-integration.js';
import type { EngineDeps } from '../engine/deps.js';
import { engagedKillSwitch, describeKillScope } from '../engine/gates.js';
import { effectivePolicy } from '../engine/policy.js';
import type { Client } from '../model/client.js';
import type { RemediationDefinition } from '../remediation/define.js';
import { openOperatorTicket, raiseOperatorAlert, type OperatorTicketTarget } from './operator-alerts.js';

export interface CheckResult {
  name: string;
  ok: boolean;
  detail: string;
}

export interface PairResult {
  clientId: string;
  remediationId: string;
  ok: boolean;
  checks: CheckResult[];
}

/** Runs a probe once per pass (keyed by installation or tenant); a throw is a failed check. */
type Probe = (key: string, name: string, fn: () => Promise<string>) => Promise<CheckResult>;

export const SELF_CHECK_ACTOR = 'scheduler:self-check';
/** A mailbox that does not exist: a 404 for it proves token, permission and reachability without reading anyone's data. */
const PROBE_LOCAL_PART = 'ticketfix-self-check';

/**
 * The periodic dry-run of every enabled remediation for every client: can it reach and read
 * what it needs (PSA installation, M365 tenant through Graph and Exchange, RMM mapping)? Only
 * read calls; nothing is planned against a real target and nothing is changed. A failure is
 * audited and raised to the operator; the loop itself is not touched.
 */
export async function runSelfCheck(deps: EngineDeps, o: { now: Date; psaRuntime?: PsaRuntimeOptions; operatorTicket?: OperatorTicketTarget }): Promise<PairResult[]> {
  // One probe per installation and per tenant per pass, however many remediations share it.
  const probes = new Map<string, Promise<CheckResult>>();
  const once: Probe = (key, name, fn) => {
    let p = probes.get(key);
    if (!p) probes.set(key, (p = fn().then((detail) => ({ name, ok: true, detail }), (err: unknown) => ({ name, ok: false, detail: errorText(err) }))));
    return p;
  };
  const results: PairResult[] = [];
  for (const client of deps.config.clients) {
    for (const remediation of deps.remediations) {
      const policy = effectivePolicy(deps.config, client, remediation);
      if (!policy.enabled) continue;
      const checks = await checksFor(deps, client, remediation, once, o);
      const kill = await engagedKillSwitch(deps.store, client.id, remediation.id);
      // An engaged switch is a person's decision, not a failure: reported, not alerted.
      if (kill) checks.push({ name: 'kill-switch', ok: true, detail: `engaged (${describeKillScope(kill)}): the remediation would not act` });
      results.push({ clientId: client.id, remediationId: remediation.id, ok: checks.every((c) => c.ok), checks });
    }
  }
  const at = o.now.toISOString();
  const failed = results.filter((r) => !r.ok);
  for (const r of failed) {
    const bad = r.checks.filter((c) => !c.ok);
    await raiseOperatorAlert(
      deps.store,
      { kind: 'self_check_failed', clientId: r.clientId, remediationId: r.remediationId, message: `self-check of ${r.remediationId} for ${r.clientId} failed: ${bad.map((c) => `${c.name}: ${c.detail}`).join('; ')}`, detail: { checks: r.checks } },
      SELF_CHECK_ACTOR,
      o.now,
    );
  }
  const ticket = failed.length > 0 && o.operatorTicket ? await ticketFailures(deps, o.operatorTicket, failed, o.now) : undefined;
  await deps.store.appendAudit({
    type: 'self_check.completed',
    at,
    runId: null,
    ticketId: null,
    clientId: null,
    remediationId: null,
    outcome: results.every((r) => r.ok) ? 'passed' : 'failed',
    actor: SELF_CHECK_ACTOR,
    data: { pairs: results.length, failed: failed.map((r) => ({ clientId: r.clientId, remediationId: r.remediationId })), ...(ticket ? { operatorTicket: ticket } : {}) },
  });
  await deps.store.setKv('self-check:last', { at, results });
  if (failed.length > 0) deps.log.warn({ failed: failed.length }, 'self-check found remediations that could not run');
  return results;
}

async function checksFor(
  deps: EngineDeps,
  client: Client,
  remediation: RemediationDefinition<never, never>,
  once: Probe,
  o: { now: Date; psaRuntime?: PsaRuntimeOptions },
): Promise<CheckResult[]> {
  const checks: CheckResult[] = [];
  for (const mapping of client.psa) {
    const install = deps.config.installations.find((i) => i.id === mapping.installationId);
    if (!install) {
      checks.push({ name: `psa:${mapping.installationId}`, ok: false, detail: 'installation missing from the config' });
      continue;
    }
    if (!o.psaRuntime) continue;
    const runtime = o.psaRuntime;
    // Listing recently changed tickets: the reconcile's own read, so credentials and read permission are proven.
    checks.push(
      await once(`psa:${install.id}`, `psa:${install.id}`, async () => {
        await psaIntegrationFor(install).listChangedTickets(install, new Date(o.now.getTime() - 60_000), runtime);
        return 'tickets readable';
      }),
    );
  }
  if (remediation.needs.includes('m365')) {
    const m365 = client.m365;
    if (!m365) checks.push({ name: 'm365', ok: false, detail: 'the client has no Microsoft 365 tenant configured' });
    else if (!deps.m365) checks.push({ name: 'm365', ok: false, detail: 'the app has no Microsoft 365 registration configured' });
    else {
      const tenant = deps.m365(m365.tenantId);
      const probe = `${PROBE_LOCAL_PART}@${m365.domains[0]}`;
      checks.push(
        await once(`graph:${m365.tenantId}`, 'm365:graph', async () => {
          await tenant.graph.getUser(probe);
          return 'users readable';
        }),
        await once(`exchange:${m365.tenantId}`, 'm365:exchange', async () => {
          await tenant.exchange.invoke('Get-Mailbox', { ResultSize: 1 }, ['UserPrincipalName']);
          return 'mailboxes readable';
        }),
      );
    }
  }
  if (remediation.needs.includes('rmm')) {
    checks.push(client.rmm ? { name: 'rmm', ok: true, detail: `mapped to ${client.rmm.map((m) => `RMM installation ${m.installationId} organisation(s) ${m.organisationIds.join(', ')}`).join('; ')}` } : { name: 'rmm', ok: false, detail: 'the client has no RMM organisation configured' });
  }
  return checks;
}

/** One ticket on the MSP's own board per day while checks fail; a PSA that refuses is logged, not fatal. */
async function ticketFailures(deps: EngineDeps, target: OperatorTicketTarget, failed: PairResult[], now: Date): Promise<{ ticketId?: string; created?: boolean; error?: string }> {
  const lines = failed.map((r) => `- ${r.remediationId} for ${r.clientId}: ${r.checks.filter((c) => !c.ok).map((c) => `${c.name}: ${c.detail}`).join('; ')}`);
  try {
    return await openOperatorTicket(deps.psa(target.psaInstallationId), target, { key: 'self-check', summary: `ticketfix self-check: ${failed.length} remediation(s) cannot run`, description: ['The periodic self-check found remediations that could not reach what they need:', ...lines, 'Until fixed, their tickets escalate to a person.'].join('\n') }, now);
  } catch (err) {
    deps.log.error({ err: errorText(err) }, 'could not open the operator ticket for the failed self-check');
    return { error: errorText(err) };
  }
}

function errorText(err: unknown): string {
  // OutsideApiError messages name the system and status, never a token or secret.
  return err instanceof Error ? err.message.slice(0, 300) : String(err).slice(0, 300);
}
