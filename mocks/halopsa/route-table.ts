/**
 * Every route the simulator serves on the resource server, in the OpenAPI description's own
 * path templates (relative to `servers: /api`), with the permission each needs. The
 * conformance test walks this table against shared/specs/halopsa-v2.openapi.json.
 */
export const HALO_SIM_ROUTES = [
  { method: 'GET', path: '/AuthInfo', scope: null },
  { method: 'GET', path: '/Tickets', scope: 'read:tickets' },
  { method: 'POST', path: '/Tickets', scope: 'edit:tickets' },
  { method: 'GET', path: '/Tickets/{id}', scope: 'read:tickets' },
  { method: 'GET', path: '/Actions', scope: 'read:tickets' },
  { method: 'POST', path: '/Actions', scope: 'edit:tickets' },
  { method: 'GET', path: '/Status', scope: 'read:tickets' },
  { method: 'GET', path: '/Users/{id}', scope: 'read:customers' },
  { method: 'GET', path: '/Client', scope: 'read:customers' },
  { method: 'GET', path: '/Client/{id}', scope: 'read:customers' },
  { method: 'GET', path: '/Webhook', scope: 'admin:webhooks' },
  { method: 'POST', path: '/Webhook', scope: 'admin:webhooks' },
  { method: 'GET', path: '/Webhook/{id}', scope: 'admin:webhooks' },
  { method: 'DELETE', path: '/Webhook/{id}', scope: 'admin:webhooks' },
  { method: 'GET', path: '/Notification', scope: 'admin:webhooks' },
  { method: 'POST', path: '/Notification', scope: 'admin:webhooks' },
  { method: 'DELETE', path: '/Notification/{id}', scope: 'admin:webhooks' },
  { method: 'GET', path: '/WebhookEvent', scope: 'admin:webhooks' },
] as const;

export type HaloSimRoute = (typeof HALO_SIM_ROUTES)[number];
type KeyOf<R> = R extends { method: infer M extends string; path: infer P extends string } ? `${M} ${P}` : never;
/** `'GET /Tickets/{id}'` and so on: exactly the served routes, so every one needs a handler. */
export type RouteKey = KeyOf<HaloSimRoute>;

/**
 * Served but outside the OpenAPI description (documented exceptions to the conformance check):
 * the authorisation server's token endpoint lives at `{auth_url}/token`, not under `/api`.
 */
export const HALO_SIM_AUTH_ROUTES = [{ method: 'POST', path: '/token', why: 'OAuth2 token endpoint of the authorisation server ({auth_url}/token?tenant=…), not part of the resource API' }] as const;

/** Matches a concrete path (`/tickets/12`) to a template (`/Tickets/{id}`), case-insensitively as Halo's routing does. */
export function matchTemplate(template: string, path: string): Record<string, string> | null {
  const want = template.split('/').filter(Boolean);
  const got = path.split('/').filter(Boolean);
  if (want.length !== got.length) return null;
  const params: Record<string, string> = {};
  for (let i = 0; i < want.length; i++) {
    const w = want[i] as string;
    const g = got[i] as string;
    const param = /^\{(\w+)\}$/.exec(w);
    if (param?.[1]) params[param[1]] = decodeURIComponent(g);
    else if (w.toLowerCase() !== g.toLowerCase()) return null;
  }
  return params;
}

/** Literal routes win over parameterised ones (`/Users/me` before `/Users/{id}`). */
const literalCount = (template: string) => template.split('/').filter((s) => s && !s.startsWith('{')).length;
export const ROUTES_BY_SPECIFICITY: readonly HaloSimRoute[] = [...HALO_SIM_ROUTES].sort((a, b) => literalCount(b.path) - literalCount(a.path));
