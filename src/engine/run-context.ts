import type { Client, RemediationPolicy } from '../model/client.js';
import type { Run } from '../model/run.js';
import type { Ticket } from '../model/ticket.js';
import type { RemediationContext, RemediationDefinition } from '../remediation/define.js';
import type { EngineDeps } from './deps.js';
import { effectivePolicy } from './policy.js';

/** What a step needs about a run, rebuilt from config (never from ticket text) each time. */
export interface RunScope {
  client: Client;
  remediation: RemediationDefinition<never, never>;
  policy: RemediationPolicy;
  ctx: RemediationContext<never>;
}

export function findClient(deps: EngineDeps, installationId: string, companyId: string): Client | undefined {
  return deps.config.clients.find((c) => c.psa.some((m) => m.installationId === installationId && m.companyIds.includes(companyId)));
}

export function findRemediation(deps: EngineDeps, id: string): RemediationDefinition<never, never> | undefined {
  return deps.remediations.find((r) => r.id === id);
}

export function scopeFor(deps: EngineDeps, run: Run, ticket: Ticket): RunScope {
  const client = deps.config.clients.find((c) => c.id === run.clientId);
  const remediation = run.remediationId ? findRemediation(deps, run.remediationId) : undefined;
  if (!client || !remediation) throw new Error(`run ${run.id} has no client or remediation in the current config`);
  return buildScope(deps, client, remediation, ticket, run.classification?.params.rmmInstallationId);
}

export function buildScope(deps: EngineDeps, client: Client, remediation: RemediationDefinition<never, never>, ticket: Ticket, rmmInstallationId?: string): RunScope {
  const policy = effectivePolicy(deps.config, client, remediation);
  // The tenant comes from the client mapping in config: the only way a remediation reaches M365.
  const m365 = client.m365 && deps.m365 ? deps.m365(client.m365.tenantId) : undefined;
  // Likewise the RMM: the client's own RMM installation from config, never one an alert names.
  // An alert run is bound to the RMM its alert came from, and only if the client is mapped there.
  const rmmMapping = rmmInstallationId ? client.rmm?.find((m) => m.installationId === rmmInstallationId) : client.rmm?.[0];
  const rmm = rmmMapping && deps.rmm ? deps.rmm(rmmMapping.installationId) : undefined;
  const settings = remediation.settingsSchema.parse(policy.settings) as never;
  return { client, remediation, policy, ctx: { client, ticket, m365, rmm, settings, now: deps.clock() } };
}

/** Tickets are re-read from the PSA on resume; within one pass the first read is reused. */
export interface RunMemory {
  ticket?: Ticket;
}

export async function ticketFor(deps: EngineDeps, run: Run, mem: RunMemory): Promise<Ticket> {
  if (!mem.ticket) mem.ticket = await deps.psa(run.installationId).getTicket(run.ticketId);
  return mem.ticket;
}
