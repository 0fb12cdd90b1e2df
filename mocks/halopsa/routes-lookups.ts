import { HttpResponse } from 'msw';
import { HaloNotFound } from './halo-errors.js';
import { boolQuery, idParam, intQuery, type RouteHandlers } from './route.js';
import type { HaloState } from './seed-state.js';

type LookupRoutes = Pick<RouteHandlers, 'GET /AuthInfo' | 'GET /Status' | 'GET /Users/{id}' | 'GET /Client' | 'GET /Client/{id}'>;

/** Discovery, statuses, end users and customers. */
export function lookupRoutes(state: HaloState, discovery: { authUrl: string; tenant?: string }): LookupRoutes {
  return {
    // GET /api/authinfo needs no token: it tells a client where to get one.
    'GET /AuthInfo': () => HttpResponse.json({ auth_url: discovery.authUrl, tenant_id: discovery.tenant ?? '' }),
    'GET /Status': ({ query }) => {
      let rows = state.statuses;
      if (boolQuery(query, 'excludeclosed')) rows = rows.filter((s) => s.type !== 1);
      return HttpResponse.json([...rows].sort((a, b) => a.sequence - b.sequence));
    },
    'GET /Users/{id}': ({ params }) => {
      const id = idParam(params);
      const user = state.users.find((u) => u.id === id);
      if (!user) throw new HaloNotFound(`User ${id} not found.`);
      return HttpResponse.json(user);
    },
    'GET /Client': ({ query }) => {
      const count = intQuery(query, 'count');
      const rows = count === undefined ? state.clients : state.clients.slice(0, Math.max(0, count));
      return HttpResponse.json({ record_count: rows.length, clients: rows });
    },
    'GET /Client/{id}': ({ params }) => {
      const id = idParam(params);
      const client = state.clients.find((c) => c.id === id);
      if (!client) throw new HaloNotFound(`Client ${id} not found.`);
      return HttpResponse.json(client);
    },
  };
}
