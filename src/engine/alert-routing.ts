import type { AppConfig } from '../config/schema.js';
import type { Client } from '../model/client.js';

/** Where an alert's ticket goes: one PSA installation and company (both from config). */
export interface AlertTicketRoute {
  psaInstallationId: string;
  /** The company the ticket is opened on. */
  companyId: string;
  /** Companies a ticket the RMM opened itself may belong to (checked before it is used). */
  companyIds: string[];
  boardId?: string;
}

/** The client whose RMM mapping lists this organisation of this RMM installation. */
export function findRmmClient(config: AppConfig, rmmInstallationId: string, organisationId: string): Client | undefined {
  return config.clients.find((c) => c.rmm?.some((m) => m.installationId === rmmInstallationId && m.organisationIds.includes(organisationId)));
}

export function clientRoute(client: Client, rmmInstallationId: string): AlertTicketRoute | undefined {
  const rmm = client.rmm?.find((m) => m.installationId === rmmInstallationId);
  const psaId = rmm?.psaInstallationId ?? client.psa[0]?.installationId;
  const mapping = client.psa.find((m) => m.installationId === psaId);
  if (!psaId || !mapping?.companyIds[0]) return undefined;
  return { psaInstallationId: psaId, companyId: mapping.companyIds[0], companyIds: mapping.companyIds, ...(rmm?.boardId ? { boardId: rmm.boardId } : {}) };
}

/** The MSP's own ticket destination for devices that map to no client (config `unmappedRmmDevices`). */
export function unmappedRoute(config: AppConfig, rmmInstallationId: string): AlertTicketRoute | undefined {
  const t = config.unmappedRmmDevices[rmmInstallationId];
  return t ? { psaInstallationId: t.psaInstallationId, companyId: t.companyId, companyIds: [t.companyId], ...(t.boardId ? { boardId: t.boardId } : {}) } : undefined;
}
