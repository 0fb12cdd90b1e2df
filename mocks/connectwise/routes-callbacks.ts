import { randomUUID } from 'node:crypto';
import { HttpResponse, type HttpHandler } from 'msw';
import { CallbackBody, PatchBody, parseBody } from './body-schemas.js';
import { CwNotFoundError } from './cw-errors.js';
import { applyPatch } from './json-patch.js';
import { listResponse } from './list-query.js';
import { idParam, readJson, type Router } from './route.js';
import { nextId, type ConnectWiseState } from './seed-state.js';
import { cwDate } from './cw-date.js';
import type { CwCallbackEntry } from './types.js';

/**
 * /system/callbacks CRUD, plus the unauthenticated route `Metadata.key_url` points at, which
 * serves `{"signing_key": "..."}` (under the API host, as the app only fetches keys from there).
 */
export function callbackRoutes(router: Router, state: ConnectWiseState, now: () => Date): HttpHandler[] {
  const { route } = router;
  const find = (params: Record<string, string>) => {
    const id = idParam(params);
    const entry = state.callbacks.find((c) => c.id === id);
    if (!entry) throw new CwNotFoundError(`CallbackEntry Id ${id} was not found.`);
    return entry;
  };
  return [
    route('get', '/system/callbacks', ({ request }) => listResponse(request, state.callbacks)),
    route('post', '/system/callbacks', async ({ request, actor }) => {
      const input = parseBody(CallbackBody, 'callbackEntry', await readJson(request));
      const stamp = cwDate(now());
      const entry: CwCallbackEntry = {
        description: '',
        payloadVersion: '',
        inactiveFlag: false,
        isSoapCallbackFlag: false,
        isSelfSuppressedFlag: false,
        ...input,
        id: nextId(state),
        memberId: input.memberId ?? actor.id,
        connectWiseID: randomUUID(),
        _info: { lastUpdated: stamp, updatedBy: actor.identifier },
      };
      state.callbacks.push(entry);
      return HttpResponse.json(entry, { status: 201 });
    }),
    route('get', '/system/callbacks/:id', ({ params }) => HttpResponse.json(find(params))),
    route('patch', '/system/callbacks/:id', async ({ request, params, actor }) => {
      const entry = find(params);
      const patched = applyPatch(entry as unknown as Record<string, unknown>, parseBody(PatchBody, 'callbackEntry', await readJson(request)), 'callbackEntry');
      const valid = parseBody(CallbackBody, 'callbackEntry', patched);
      const updated = { ...entry, ...valid, _info: { lastUpdated: cwDate(now()), updatedBy: actor.identifier } } as CwCallbackEntry;
      state.callbacks[state.callbacks.indexOf(entry)] = updated;
      return HttpResponse.json(updated);
    }),
    route('delete', '/system/callbacks/:id', ({ params }) => {
      const entry = find(params);
      state.callbacks.splice(state.callbacks.indexOf(entry), 1);
      return new HttpResponse(null, { status: 204 });
    }),
    route(
      'get',
      '/system/callbackkeys/:keyId',
      ({ params }) => {
        const key = state.signingKeys.get(params.keyId ?? '');
        if (!key) throw new CwNotFoundError('Signing key not found.');
        return HttpResponse.json({ signing_key: key });
      },
      { auth: false },
    ),
  ];
}
