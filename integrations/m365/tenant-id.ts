/** Tenant ids the app may address: a GUID or a verified domain (e.g. contoso.onmicrosoft.com). */
const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const DOMAIN = /^(?=.{3,253}$)[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)+$/i;
/** Multi-tenant aliases: a token from one of these is not bound to a customer tenant. */
const ALIASES = new Set(['common', 'organizations', 'consumers']);

/**
 * The tenant goes into URL paths (authority, Exchange) and decides whose data is touched, so
 * anything but a plain GUID or domain is refused before a request is built.
 */
export function assertTenantId(tenantId: string): string {
  if (ALIASES.has(tenantId.toLowerCase()) || !(GUID.test(tenantId) || DOMAIN.test(tenantId))) {
    throw new Error(`not a tenant id this app may address: '${tenantId.slice(0, 80)}'`);
  }
  return tenantId;
}
