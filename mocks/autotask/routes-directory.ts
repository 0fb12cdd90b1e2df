import type { HttpHandler } from 'msw';
import { queryRoutes } from './query-routes.js';
import { itemResponse } from './responses.js';
import { idParam, type Router } from './route.js';
import type { AutotaskState } from './seed-state.js';

const keysOf = (rows: object[], fallback: string[]) => () => (rows[0] ? Object.keys(rows[0]) : fallback);

/** Companies, contacts and resources: read-only here (seeded from the demo world). */
export function directoryRoutes(router: Router, state: AutotaskState): HttpHandler[] {
  const { route } = router;
  return [
    ...queryRoutes(router, { name: 'Companies', label: 'Company', endpoint: 'Companies', rows: () => state.companies, fieldNames: keysOf(state.companies, ['id', 'companyName']) }),
    route({ method: 'get', path: '/Companies/{id}', endpoint: 'Companies', resolve: ({ params }) => itemResponse(state.companies.find((c) => c.id === idParam(params))) }),
    ...queryRoutes(router, { name: 'Contacts', label: 'Contact', endpoint: 'Contacts', rows: () => state.contacts, fieldNames: keysOf(state.contacts, ['id', 'emailAddress']) }),
    route({ method: 'get', path: '/Contacts/{id}', endpoint: 'Contacts', resolve: ({ params }) => itemResponse(state.contacts.find((c) => c.id === idParam(params))) }),
    ...queryRoutes(router, { name: 'Resources', label: 'Resource', endpoint: 'Resources', rows: () => state.resources, fieldNames: keysOf(state.resources, ['id', 'userName']) }),
    route({ method: 'get', path: '/Resources/{id}', endpoint: 'Resources', resolve: ({ params }) => itemResponse(state.resources.find((r) => r.id === idParam(params))) }),
  ];
}
