import type { Client } from '../model/client.js';

/**
 * True when an address is in one of the client's verified domains. Checked before any call to
 * the tenant, so a ticket naming someone else's user touches no tenant at all.
 */
export function inClientDomains(client: Client, address: string): boolean {
  const at = address.lastIndexOf('@');
  if (at < 1) return false;
  const domain = address.slice(at + 1).toLowerCase();
  return (client.m365?.domains ?? []).some((d) => d.toLowerCase() === domain);
}
