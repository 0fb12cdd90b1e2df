import { OutsideApiError } from '../http/outside-api-error.js';
import type { RmmAlert, RmmDevice } from '../model/rmm.js';
import { sha256Hex } from '../util/canonical-json.js';
import type { EngineDeps } from './deps.js';
import type { AlertTicketRoute } from './alert-routing.js';

interface AlertTicketRecord {
  marker: string;
  ticketId?: string;
  /** A create was started; after a crash or an ambiguous failure look for the marker before creating again. */
  pending?: boolean;
}

/**
 * A short marker unique to one occurrence of an alert (its delivery key: some RMMs reuse the
 * alert id each time the same condition fires again); it goes into the ticket summary.
 */
export const alertMarker = (rmmInstallationId: string, occurrence: string): string => `[tfx-a-${sha256Hex(`${rmmInstallationId}:${occurrence}`).slice(0, 12)}]`;

const kvKey = (rmmInstallationId: string, occurrence: string) => `alert-ticket:${rmmInstallationId}:${occurrence}`;

export function describeAlert(alert: RmmAlert, device: RmmDevice | null): { summary: string; description: string } {
  const deviceName = device?.name ?? alert.deviceName ?? alert.deviceId;
  const what =
    alert.category === 'service_stopped' && alert.serviceName ? `Service ${alert.serviceName} stopped on ${deviceName}`
    : alert.category === 'software_request' && alert.application ? `Software request: ${alert.application} on ${deviceName}`
    : `RMM alert on ${deviceName}`;
  const description = [
    `${alert.rmm} alert ${alert.alertId} (${alert.category}) for device ${deviceName} (${alert.deviceId}${device ? `, organisation ${device.organisationId}${device.group ? `, group ${device.group}` : ''}` : ''}).`,
    alert.message ? `The RMM says: ${alert.message}` : '',
    'Opened by the automation so the remediation loop is documented on this ticket.',
  ].filter(Boolean).join('\n');
  return { summary: what, description };
}

/**
 * The PSA ticket for an alert, opened at most once: the alert->ticket record is kept in the
 * store, and a create that may have landed (crash, timeout, 5xx) is looked up by its marker
 * before a second one is attempted. A ticket the RMM opened itself is used when it belongs
 * to the routed company.
 */
export async function alertTicket(deps: EngineDeps, rmmInstallationId: string, occurrence: string, route: AlertTicketRoute, alert: RmmAlert, device: RmmDevice | null): Promise<{ ticketId: string; created: boolean; ignoredHint?: string }> {
  const psa = deps.psa(route.psaInstallationId);
  let ignoredHint: string | undefined;
  if (alert.psaTicketId) {
    const own = await psa.getTicket(alert.psaTicketId).catch((err: unknown) => {
      if (err instanceof OutsideApiError) return null;
      throw err;
    });
    if (own && route.companyIds.includes(own.companyId)) return { ticketId: own.id, created: false };
    ignoredHint = own ? `the RMM's ticket ${alert.psaTicketId} belongs to company ${own.companyId}, not this client's` : `the RMM's ticket ${alert.psaTicketId} could not be read`;
  }
  const key = kvKey(rmmInstallationId, occurrence);
  const marker = alertMarker(rmmInstallationId, occurrence);
  const rec = await deps.store.getKv<AlertTicketRecord>(key);
  if (rec?.ticketId) return { ticketId: rec.ticketId, created: false, ignoredHint };
  if (rec?.pending) {
    const found = await psa.findTicketByMarker(route.companyId, marker);
    if (found) {
      await deps.store.setKv(key, { marker, ticketId: found.id } satisfies AlertTicketRecord);
      return { ticketId: found.id, created: false, ignoredHint };
    }
  }
  await deps.store.setKv(key, { marker, pending: true } satisfies AlertTicketRecord);
  const text = describeAlert(alert, device);
  let id: string;
  try {
    id = (await psa.createTicket({ companyId: route.companyId, summary: text.summary, description: text.description, marker, ...(route.boardId ? { boardId: route.boardId } : {}) })).id;
  } catch (err) {
    if (!(err instanceof OutsideApiError) || !err.ambiguous) throw err;
    // The create may have landed: look before anyone tries again.
    const found = await psa.findTicketByMarker(route.companyId, marker).catch(() => null);
    if (!found) throw err;
    id = found.id;
  }
  await deps.store.setKv(key, { marker, ticketId: id } satisfies AlertTicketRecord);
  return { ticketId: id, created: true, ignoredHint };
}

/** A ticket this app opened for an RMM alert (its summary carries the alert marker). */
export const isAlertTicket = (ticket: { summary: string }): boolean => /\[tfx-a-[0-9a-f]{12}\]/.test(ticket.summary);
