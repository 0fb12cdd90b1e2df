import { HttpResponse, type HttpHandler } from 'msw';
import { queryRoutes } from './query-routes.js';
import { itemIdResponse, itemResponse } from './responses.js';
import { idParam, readJson, type Router } from './route.js';
import type { AutotaskState } from './seed-state.js';
import type { TimeEntryModel } from './time-entry-model.js';

export function timeEntryRoutes(router: Router, state: AutotaskState, timeEntries: TimeEntryModel): HttpHandler[] {
  const { route } = router;
  return [
    ...queryRoutes(router, { name: 'TimeEntries', label: 'TimeEntry', endpoint: 'TimeEntries', rows: () => state.timeEntries, fieldNames: () => state.fields.timeEntries.map((f) => f.name) }),
    route({ method: 'get', path: '/TimeEntries/entityInformation/fields', endpoint: 'TimeEntries', resolve: () => HttpResponse.json({ fields: state.fields.timeEntries }) }),
    route({ method: 'post', path: '/TimeEntries', endpoint: 'TimeEntries', resolve: async ({ request, actor }) => itemIdResponse(timeEntries.add(await readJson(request), actor).id) }),
    route({ method: 'get', path: '/TimeEntries/{id}', endpoint: 'TimeEntries', resolve: ({ params }) => itemResponse(state.timeEntries.find((e) => e.id === idParam(params))) }),
  ];
}
