import { HttpResponse, type HttpHandler } from 'msw';
import { CwNotFoundError } from './cw-errors.js';
import { listResponse } from './list-query.js';
import { idParam, type Router } from './route.js';
import type { ConnectWiseState } from './seed-state.js';

/** Companies, contacts and members: read-only, seeded from the demo world. */
export function companyRoutes(router: Router, state: ConnectWiseState): HttpHandler[] {
  const { route } = router;
  return [
    route('get', '/company/companies', ({ request }) => listResponse(request, state.companies)),
    route('get', '/company/companies/:id', ({ params }) => {
      const id = idParam(params);
      const company = state.companies.find((c) => c.id === id);
      if (!company) throw new CwNotFoundError(`Company Id ${id} was not found.`);
      return HttpResponse.json(company);
    }),
    route('get', '/company/contacts', ({ request }) => listResponse(request, state.contacts)),
    route('get', '/company/contacts/:id', ({ params }) => {
      const id = idParam(params);
      const contact = state.contacts.find((c) => c.id === id);
      if (!contact) throw new CwNotFoundError(`Contact Id ${id} was not found.`);
      return HttpResponse.json(contact);
    }),
    // GET /system/members (MembersAPI): the API member and the human dispatcher.
    route('get', '/system/members', ({ request }) => listResponse(request, state.members.map(({ apiMember: _api, ...m }) => m))),
  ];
}
