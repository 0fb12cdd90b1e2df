import { HttpResponse, type HttpHandler } from 'msw';
import { CwNotFoundError } from './cw-errors.js';
import { listResponse } from './list-query.js';
import { idParam, type Router } from './route.js';
import type { ConnectWiseState } from './seed-state.js';

/** Service boards and their statuses: read-only, seeded ("Service Desk", id 1). */
export function boardRoutes(router: Router, state: ConnectWiseState): HttpHandler[] {
  const { route } = router;
  const board = (params: Record<string, string>, name: string) => {
    const id = idParam(params, name);
    const found = state.boards.find((b) => b.id === id);
    if (!found) throw new CwNotFoundError(`Board Id ${id} was not found.`);
    return found;
  };
  return [
    route('get', '/service/boards', ({ request }) => listResponse(request, state.boards)),
    route('get', '/service/boards/:id', ({ params }) => HttpResponse.json(board(params, 'id'))),
    route('get', '/service/boards/:parentId/statuses', ({ request, params }) => {
      const b = board(params, 'parentId');
      return listResponse(request, state.statuses.filter((s) => s.board.id === b.id));
    }),
    route('get', '/service/boards/:parentId/statuses/:id', ({ params }) => {
      const b = board(params, 'parentId');
      const id = idParam(params);
      const status = state.statuses.find((s) => s.board.id === b.id && s.id === id);
      if (!status) throw new CwNotFoundError(`Status Id ${id} was not found on board ${b.id}.`);
      return HttpResponse.json(status);
    }),
  ];
}
