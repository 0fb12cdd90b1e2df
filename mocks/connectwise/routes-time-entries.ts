import { HttpResponse, type HttpHandler } from 'msw';
import { CwNotFoundError } from './cw-errors.js';
import { listResponse } from './list-query.js';
import { idParam, readJson, type Router } from './route.js';
import type { createTimeEntryModel } from './time-entry-model.js';
import type { ConnectWiseState } from './seed-state.js';

export function timeEntryRoutes(router: Router, state: ConnectWiseState, model: ReturnType<typeof createTimeEntryModel>): HttpHandler[] {
  const { route } = router;
  return [
    route('get', '/time/entries', ({ request }) => listResponse(request, state.timeEntries)),
    route('post', '/time/entries', async ({ request, actor }) => HttpResponse.json(model.add(await readJson(request), actor), { status: 201 })),
    route('get', '/time/entries/:id', ({ params }) => {
      const id = idParam(params);
      const entry = state.timeEntries.find((e) => e.id === id);
      if (!entry) throw new CwNotFoundError(`TimeEntry Id ${id} was not found.`);
      return HttpResponse.json(entry);
    }),
  ];
}
