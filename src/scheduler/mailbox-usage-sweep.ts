import { parseExchangeSize } from '../../integrations/m365/exchange-size.js';
import type { Intake } from '../../integrations/psa-integration.js';
import type { TenantM365 } from '../../integrations/m365/types.js';
import type { EngineDeps } from '../engine/deps.js';
import { engagedKillSwitch } from '../engine/gates.js';
import { effectivePolicy } from '../engine/policy.js';
import { OutsideApiError } from '../http/outside-api-error.js';
import type { Client } from '../model/client.js';
import { sha256Hex } from '../util/canonical-json.js';
import { raiseOperatorAlert } from './operator-alerts.js';

const REMEDIATION_ID = 'mailbox-quota';
const ACTOR = 'scheduler:mailbox-usage';
/** Mailboxes read per client per pass: a huge tenant is covered over several passes' worth of time, not in one burst. */
const MAX_MAILBOXES = 2000;
/** After a ticket was opened for a mailbox, it is not opened again for this long (the loop fixes it, or a person does). */
const REOPEN_AFTER_MS = 7 * 86_400_000;

interface MailboxTicketRecord {
  marker: string;
  openedAt: string;
  ticketId?: string;
  /** A create was started; after a crash or an ambiguous failure look for the marker first. */
  pending?: boolean;
}

export interface FullMailbox {
  clientId: string;
  identity: string;
  usedPercent: number;
  /** What happened: a ticket opened (and fed to the loop), one already open, or (dry-run/shadow) only recorded. */
  action: 'opened' | 'already_open' | 'recorded_only';
  ticketId?: string;
}

const GB = 1024 ** 3;
const gb = (bytes: number) => Math.round((bytes / GB) * 10) / 10;

/**
 * Proactive check: every client's mailboxes above the mailbox-quota threshold get a ticket on
 * the client's own PSA company, with the user as its contact, and the ticket is fed into the
 * loop, which resolves it (or asks, or escalates) as if the user had written in, before the
 * user notices. Read-only on the tenant; the only write is the ticket. Dry-run or shadow
 * clients, a disabled remediation or an engaged kill switch: nothing is opened.
 */
export async function sweepMailboxUsage(deps: EngineDeps, o: { now: Date; intake: Intake }): Promise<FullMailbox[]> {
  const remediation = deps.remediations.find((r) => r.id === REMEDIATION_ID);
  if (!remediation || !deps.m365) return [];
  const found: FullMailbox[] = [];
  for (const client of deps.config.clients) {
    if (!client.m365) continue;
    const policy = effectivePolicy(deps.config, client, remediation);
    if (!policy.enabled || (await engagedKillSwitch(deps.store, client.id, remediation.id))) continue;
    const threshold = Number((remediation.settingsSchema.parse(policy.settings) as { thresholdPercent?: number }).thresholdPercent ?? 90);
    let full: { identity: string; usedPercent: number; usedBytes: number; quotaBytes: number }[];
    try {
      full = await fullMailboxes(deps.m365(client.m365.tenantId), client, threshold);
    } catch (err) {
      await raiseOperatorAlert(deps.store, { kind: 'proactive_check_failed', clientId: client.id, remediationId: REMEDIATION_ID, message: `mailbox usage check of ${client.id} failed: ${err instanceof Error ? err.message.slice(0, 200) : String(err)}` }, ACTOR, o.now);
      continue;
    }
    for (const m of full) {
      if (policy.dryRun) {
        await audit(deps, client, o.now, 'proactive.would_open_ticket', { identity: m.identity, usedPercent: m.usedPercent, shadow: policy.shadow });
        found.push({ clientId: client.id, identity: m.identity, usedPercent: m.usedPercent, action: 'recorded_only' });
        continue;
      }
      const r = await openTicket(deps, client, m, threshold, o);
      found.push({ clientId: client.id, identity: m.identity, usedPercent: m.usedPercent, ...r });
    }
  }
  return found;
}

async function fullMailboxes(tenant: TenantM365, client: Client, threshold: number) {
  const domains = (client.m365?.domains ?? []).map((d) => d.toLowerCase());
  const rows = await tenant.exchange.invoke('Get-Mailbox', { ResultSize: MAX_MAILBOXES, RecipientTypeDetails: 'UserMailbox' }, ['UserPrincipalName', 'ProhibitSendReceiveQuota']);
  const out: { identity: string; usedPercent: number; usedBytes: number; quotaBytes: number }[] = [];
  for (const row of rows) {
    const identity = String(row.UserPrincipalName ?? '').toLowerCase();
    // Only the client's own verified domains: a mailbox elsewhere is never this client's ticket.
    if (!identity.includes('@') || !domains.includes(identity.split('@').pop()!)) continue;
    const quotaBytes = parseExchangeSize(row.ProhibitSendReceiveQuota ?? '');
    if (!quotaBytes) continue; // unlimited: never "full"
    const [stats] = await tenant.exchange.invoke('Get-MailboxStatistics', { Identity: identity }, ['TotalItemSize']);
    const usedBytes = parseExchangeSize(stats?.TotalItemSize ?? '') ?? 0;
    const usedPercent = Math.round((usedBytes / quotaBytes) * 1000) / 10;
    if (usedPercent >= threshold) out.push({ identity, usedPercent, usedBytes, quotaBytes });
  }
  return out;
}

async function openTicket(
  deps: EngineDeps,
  client: Client,
  m: { identity: string; usedPercent: number; usedBytes: number; quotaBytes: number },
  threshold: number,
  o: { now: Date; intake: Intake },
): Promise<{ action: 'opened' | 'already_open'; ticketId?: string }> {
  const mapping = client.psa[0]!;
  const companyId = mapping.companyIds[0]!;
  const psa = deps.psa(mapping.installationId);
  const key = `proactive:mailbox:${client.id}:${m.identity}`;
  const rec = await deps.store.getKv<MailboxTicketRecord>(key);
  const recent = rec && o.now.getTime() - Date.parse(rec.openedAt) < REOPEN_AFTER_MS;
  if (recent && rec.ticketId) return { action: 'already_open', ticketId: rec.ticketId };
  if (recent && rec.pending) {
    const seen = await psa.findTicketByMarker(companyId, rec.marker);
    if (seen) {
      await deps.store.setKv(key, { ...rec, pending: undefined, ticketId: seen.id } satisfies MailboxTicketRecord);
      return { action: 'already_open', ticketId: seen.id };
    }
  }
  const marker = recent ? rec.marker : `[tfx-m-${sha256Hex(`${client.id}:${m.identity}:${o.now.toISOString()}`).slice(0, 12)}]`;
  const openedAt = recent ? rec.openedAt : o.now.toISOString();
  await deps.store.setKv(key, { marker, openedAt, pending: true } satisfies MailboxTicketRecord);
  const input = {
    companyId,
    contactEmail: m.identity,
    summary: `Mailbox almost full: ${m.identity}`,
    description: [
      `The mailbox of ${m.identity} is ${m.usedPercent}% full (${gb(m.usedBytes)} GB of ${gb(m.quotaBytes)} GB), above the ${threshold}% threshold.`,
      'Opened by the automated mailbox usage check, before the user runs out of space; the remediation loop handles it on this ticket.',
    ].join('\n'),
    marker,
  };
  let ticketId: string;
  try {
    ticketId = (await psa.createTicket(input)).id;
  } catch (err) {
    if (!(err instanceof OutsideApiError) || !err.ambiguous) throw err;
    const seen = await psa.findTicketByMarker(companyId, marker).catch(() => null);
    if (!seen) throw err;
    ticketId = seen.id;
  }
  await deps.store.setKv(key, { marker, openedAt, ticketId } satisfies MailboxTicketRecord);
  await audit(deps, client, o.now, 'proactive.ticket_opened', { identity: m.identity, usedPercent: m.usedPercent, ticketId, installationId: mapping.installationId });
  // The app's own ticket fires no callback (self-suppressed): hand it to the loop directly.
  const install = deps.config.installations.find((i) => i.id === mapping.installationId)!;
  await o.intake({ id: deps.newId(), installationId: install.id, source: install.psa, kind: 'ticket', deliveryKey: `proactive:${install.id}:${ticketId}`, action: 'proactive', ticketId, receivedAt: o.now.toISOString() });
  return { action: 'opened', ticketId };
}

async function audit(deps: EngineDeps, client: Client, now: Date, type: string, data: Record<string, unknown>): Promise<void> {
  await deps.store.appendAudit({ type, at: now.toISOString(), runId: null, ticketId: typeof data.ticketId === 'string' ? data.ticketId : null, clientId: client.id, remediationId: REMEDIATION_ID, outcome: null, actor: ACTOR, data });
}
