import { z } from 'zod';
import type { PsaAdapter } from '../model/psa.js';
import type { Store } from '../store/store.js';
import { sha256Hex } from '../util/canonical-json.js';

/**
 * Something a person must look at that is not about one ticket: a self-check that failed, a
 * kill-switch drill that did not hold, a remediation past its review date. Stored as audit
 * events (append-only, hash-chained, on every backend), listed by the admin API.
 */
export const OPERATOR_ALERT = 'operator.alert';

export const AlertKind = z.enum(['self_check_failed', 'kill_switch_drill_failed', 'review_overdue', 'proactive_check_failed', 'write_back_stopped']);
export type AlertKind = z.infer<typeof AlertKind>;

export const OperatorAlert = z.object({
  kind: AlertKind,
  /** One line a person can act on; never a secret (outside errors are already redacted). */
  message: z.string().min(1),
  clientId: z.string().nullable().default(null),
  remediationId: z.string().nullable().default(null),
  detail: z.record(z.string(), z.unknown()).default({}),
});
export type OperatorAlert = z.input<typeof OperatorAlert>;

export async function raiseOperatorAlert(store: Store, alert: OperatorAlert, actor: string, at: Date): Promise<void> {
  const a = OperatorAlert.parse(alert);
  await store.appendAudit({
    type: OPERATOR_ALERT,
    at: at.toISOString(),
    runId: null,
    ticketId: null,
    clientId: a.clientId,
    remediationId: a.remediationId,
    outcome: null,
    actor,
    data: { kind: a.kind, message: a.message, ...a.detail },
  });
}

export interface ListedAlert {
  seq: number;
  at: string;
  kind: string;
  message: string;
  clientId: string | null;
  remediationId: string | null;
  actor: string;
  data: Record<string, unknown>;
}

/** Newest first. */
export async function listOperatorAlerts(store: Store, o: { limit?: number; kind?: AlertKind; from?: string } = {}): Promise<ListedAlert[]> {
  const events = await store.queryAudit({ type: OPERATOR_ALERT, from: o.from, limit: 10_000 });
  return events
    .map((e) => ({ seq: e.seq, at: e.at, kind: String(e.data.kind), message: String(e.data.message), clientId: e.clientId, remediationId: e.remediationId, actor: e.actor, data: e.data }))
    .filter((a) => !o.kind || a.kind === o.kind)
    .sort((x, y) => y.seq - x.seq)
    .slice(0, o.limit ?? 100);
}

/** Where operator alerts become PSA tickets: the MSP's own company (and board) on one installation. */
export interface OperatorTicketTarget {
  psaInstallationId: string;
  companyId: string;
  boardId?: string;
}

/**
 * Opens a ticket on the MSP's own board for an alert, once per alert key and day: the marker
 * is looked up first, so a repeated failure (every pass) or a retry after a timeout does not
 * open a second one. Returns the ticket id.
 */
export async function openOperatorTicket(
  psa: Pick<PsaAdapter, 'createTicket' | 'findTicketByMarker'>,
  target: OperatorTicketTarget,
  alert: { key: string; summary: string; description: string },
  now: Date,
): Promise<{ ticketId: string; created: boolean }> {
  const marker = `[tfx-o-${sha256Hex(`${alert.key}:${now.toISOString().slice(0, 10)}`).slice(0, 12)}]`;
  const existing = await psa.findTicketByMarker(target.companyId, marker);
  if (existing) return { ticketId: existing.id, created: false };
  const created = await psa.createTicket({ companyId: target.companyId, summary: alert.summary, description: alert.description, marker, ...(target.boardId ? { boardId: target.boardId } : {}) });
  return { ticketId: created.id, created: true };
}
