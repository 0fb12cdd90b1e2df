import { http, type HttpHandler } from 'msw';
import { checkBearer, hasScope, missingScope } from './auth.js';
import { HaloBadRequest, HaloNotFound, haloMessage } from './halo-errors.js';
import type { HttpFaults as HaloFaults } from '../http-faults.js';
import type { SlidingWindow } from './rate-limit.js';
import { ROUTES_BY_SPECIFICITY, matchTemplate, type RouteKey } from './route-table.js';
import type { HaloState } from './seed-state.js';
import type { CallLogEntry } from './types.js';

export interface RouteContext {
  request: Request;
  params: Record<string, string>;
  query: URLSearchParams;
  /** The agent the bearer token logs in as (0 for the unauthenticated AuthInfo route). */
  agentId: number;
}

export type Resolver = (ctx: RouteContext) => Response | Promise<Response>;
export type RouteHandlers = Record<RouteKey, Resolver>;

export interface RouterOptions {
  /** Resource server base, ending in /api. */
  base: string;
  state: HaloState;
  faults: HaloFaults;
  window: SlidingWindow;
  handlers: RouteHandlers;
  now: () => number;
  /** Checks each resource-server request against the OpenAPI description; problems → 400. */
  requestCheck?: (request: Request) => Promise<string[]>;
}

const CALL_LOG_LIMIT = 10_000;
const FAULT_MESSAGES: Record<number, string> = { 429: 'Too many requests.', 500: 'An error occurred.', 502: 'Bad gateway.', 503: 'The service is unavailable.', 504: 'Gateway timeout.' };

export function logCall(state: HaloState, entry: Omit<CallLogEntry, 'at'>): void {
  state.calls.push({ ...entry, at: new Date().toISOString() });
  // Bounded so a long-running sandbox does not grow without limit.
  if (state.calls.length > CALL_LOG_LIMIT) state.calls.splice(0, state.calls.length - CALL_LOG_LIMIT);
}

/** Answers a fault decision, or null when the call should proceed. */
export async function answerFault(faults: HaloFaults, method: string, path: string, lost?: { status: number; label: string }[]): Promise<{ response: Response; label: string } | null> {
  const decision = await faults.decide(method, path);
  // A lost answer: the call is carried out, the caller is told about the lost answer afterwards.
  if (decision.kind === 'lose') lost?.push({ status: decision.status, label: decision.label });
  if (decision.kind === 'hang') {
    await decision.released;
    return { response: haloMessage(503, 'Released after a simulated hang.'), label: 'hang' };
  }
  if (decision.kind === 'answer') {
    const headers = decision.retryAfterSeconds === undefined ? undefined : { 'Retry-After': String(decision.retryAfterSeconds) };
    return { response: haloMessage(decision.status, FAULT_MESSAGES[decision.status] ?? 'Simulated failure.', headers), label: decision.label };
  }
  return null;
}

/**
 * One msw handler for everything under the resource server: the spec check, faults, the
 * tenant's rate limit, route matching (case-insensitive), bearer auth, the route's permission
 * and the translation of model errors into Halo-style 400/404 answers, each call logged.
 */
export function createApiHandler(o: RouterOptions): HttpHandler {
  const base = o.base.replace(/\/$/, '');
  const basePath = new URL(base).pathname;

  async function run(request: Request): Promise<{ response: Response; fault?: string; agentId?: number }> {
    const url = new URL(request.url);
    const path = url.pathname.slice(basePath.length) || '/';
    if (o.requestCheck) {
      const problems = await o.requestCheck(request.clone());
      if (problems.length > 0) {
        o.state.specViolations.push({ method: request.method, path, problems, at: new Date().toISOString() });
        return { response: haloMessage(400, `Request does not match the HaloPSA API description: ${problems.join('; ')}`), fault: 'spec' };
      }
    }
    const lost: { status: number; label: string }[] = [];
    const fault = await answerFault(o.faults, request.method, path, lost);
    if (fault) return { response: fault.response, fault: fault.label };
    if (lost[0]) {
      const carried = await route(request, url, path);
      if (carried.response.status >= 400) return carried;
      return { response: haloMessage(lost[0].status, 'Simulated lost response: the request was carried out.'), fault: lost[0].label, agentId: carried.agentId };
    }
    return route(request, url, path);
  }

  async function route(request: Request, url: URL, path: string): Promise<{ response: Response; fault?: string; agentId?: number }> {
    const retryAfter = o.window.take();
    if (retryAfter !== null) return { response: haloMessage(429, 'API rate limit exceeded for this tenant.', { 'Retry-After': String(retryAfter) }), fault: 'rateLimit' };

    const candidates = ROUTES_BY_SPECIFICITY.flatMap((r) => {
      const params = matchTemplate(r.path, path);
      return params ? [{ route: r, params }] : [];
    });
    if (candidates.length === 0) return { response: haloMessage(404, `No resource found at ${url.pathname}.`) };
    const hit = candidates.find((c) => c.route.method === request.method.toUpperCase());
    if (!hit) return { response: haloMessage(405, `The requested resource does not support http method '${request.method}'.`) };

    let agentId = 0;
    if (hit.route.scope !== null) {
      const bearer = checkBearer(request, o.state, o.now());
      if (!bearer.ok) return { response: bearer.response };
      agentId = bearer.token.agentId;
      if (!hasScope(bearer.token.scopes, hit.route.scope)) return { response: missingScope(hit.route.scope), agentId };
    }
    const handler = o.handlers[`${hit.route.method} ${hit.route.path}` as RouteKey];
    try {
      return { response: await handler({ request, params: hit.params, query: url.searchParams, agentId }), agentId };
    } catch (err) {
      if (err instanceof HaloNotFound) return { response: haloMessage(404, err.message), agentId };
      if (err instanceof HaloBadRequest) return { response: haloMessage(400, err.message), agentId };
      throw err;
    }
  }

  return http.all(`${base}/*`, async ({ request }) => {
    const url = new URL(request.url);
    const result = await run(request);
    logCall(o.state, { method: request.method, path: url.pathname.slice(basePath.length) || '/', query: url.search, status: result.response.status, fault: result.fault, agentId: result.agentId || undefined });
    return result.response;
  });
}

/** Parses an integer path id; anything else is a 404 as Halo answers. */
export function idParam(params: Record<string, string>, name = 'id'): number {
  const raw = params[name] ?? '';
  if (!/^\d{1,9}$/.test(raw)) throw new HaloNotFound(`Invalid id '${raw}'.`);
  return Number(raw);
}

export function boolQuery(query: URLSearchParams, name: string): boolean {
  const v = query.get(name);
  return v !== null && ['true', '1'].includes(v.toLowerCase());
}

export function intQuery(query: URLSearchParams, name: string): number | undefined {
  const v = query.get(name);
  if (v === null || v === '') return undefined;
  if (!/^-?\d+$/.test(v)) throw new HaloBadRequest(`${name} must be an integer.`);
  return Number(v);
}
