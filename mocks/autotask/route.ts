import { http, type HttpHandler } from 'msw';
import type { HttpFaults as Faults } from '../http-faults.js';
import { AtForbiddenError, AtValidationError, atError } from './at-errors.js';
import { authenticate, type Actor, type AutotaskCredentials, type OtherApiUser } from './auth.js';
import type { LimitState } from './limits.js';
import { pushBounded, type AutotaskState } from './seed-state.js';

export interface RouteContext {
  request: Request;
  url: URL;
  params: Record<string, string>;
  actor: Actor;
}

type Method = 'get' | 'post' | 'put' | 'patch' | 'delete';
type Resolver = (ctx: RouteContext) => Response | Promise<Response>;

export interface RouteDef {
  method: Method;
  /** Template relative to …/V1.0 with the spec's parameter names, e.g. `/Tickets/{parentId}/Notes`. */
  path: string;
  /** The object endpoint the thread limit counts against. */
  endpoint: string;
  resolve: Resolver;
  /** ZoneInformation answers without credentials. */
  auth?: boolean;
  /** ZoneInformation is exempt from thread limits and the hourly count. */
  unmetered?: boolean;
  /** Serve at this absolute URL instead of under the base (the global zone lookup host). */
  absoluteUrl?: string;
  /** Why this route is served although the published spec lacks it. */
  specException?: string;
}

/** One served route, as the spec-conformance test enumerates them. */
export interface RouteInfo {
  method: string;
  path: string;
  /** The same route as a path key of the Swagger document (basePath /ATServicesRest). */
  specPath: string;
  endpoint: string;
  specException?: string;
}

export class BadJsonError extends Error {}

export async function readJson(request: Request): Promise<unknown> {
  const text = await request.text();
  try {
    return JSON.parse(text);
  } catch {
    throw new BadJsonError('The request body is not valid JSON.');
  }
}

export interface RouterOptions {
  baseUrl: string;
  state: AutotaskState;
  faults: Faults;
  limits: LimitState;
  credentials: AutotaskCredentials;
  otherUsers?: OtherApiUser[];
  apiResourceId: number;
  requestCheck?: (request: Request) => Promise<string[]>;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * Wraps every simulator route: call log, thread limit, fault injection, authentication, the
 * hourly request threshold, the optional spec check, and the translation of model errors into
 * Autotask's `{errors: […]}` bodies.
 */
export function createRouter(o: RouterOptions) {
  const base = o.baseUrl.replace(/\/$/, '');
  const basePath = new URL(base).pathname;
  const routes: RouteInfo[] = [];

  function log(request: Request, path: string, endpoint: string, status: number, extra: { fault?: string; impersonating?: number } = {}): void {
    const url = new URL(request.url);
    pushBounded(o.state.calls, { method: request.method, path, query: url.search, status, endpoint, ...extra, at: new Date().toISOString() });
  }

  async function run(request: Request, params: Record<string, string>, def: RouteDef): Promise<Response> {
    const url = new URL(request.url);
    const path = def.absoluteUrl ? def.path : url.pathname.slice(basePath.length);
    // Threads are per tracking identifier and endpoint, so the key carries the caller's code.
    const threadKey = `${request.headers.get('apiintegrationcode') ?? ''}|${def.endpoint}`;
    if (!def.unmetered && !o.limits.acquireThread(threadKey)) {
      log(request, path, def.endpoint, 429, { fault: 'thread limit' });
      return atError(429, [`Thread Threshold Exceeded: the Autotask API thread threshold of ${o.limits.threadsPerEndpoint} threads has been exceeded for the ${def.endpoint} endpoint.`]);
    }
    try {
      return await admitted(request, url, path, params, def);
    } finally {
      if (!def.unmetered) o.limits.releaseThread(threadKey);
    }
  }

  async function admitted(request: Request, url: URL, path: string, params: Record<string, string>, def: RouteDef): Promise<Response> {
    const decision = await o.faults.decide(request.method, path);
    if (decision.kind === 'hang') {
      await decision.released;
      log(request, path, def.endpoint, 503, { fault: 'hang' });
      return atError(503, ['Released after a simulated hang.']);
    }
    if (decision.kind === 'answer') {
      const headers = decision.retryAfterSeconds === undefined ? undefined : { 'Retry-After': String(decision.retryAfterSeconds) };
      log(request, path, def.endpoint, decision.status, { fault: decision.label });
      return atError(decision.status, [`Simulated fault (${decision.label}).`], headers);
    }
    let actor: Actor = { resourceId: o.apiResourceId };
    if (def.auth ?? true) {
      const result = authenticate(request, o.credentials, o.state, o.apiResourceId, o.otherUsers);
      if (result instanceof Response) {
        log(request, path, def.endpoint, result.status);
        return result;
      }
      actor = result;
    }
    if (!def.unmetered) {
      const admit = o.limits.admit();
      if (!admit.ok) {
        log(request, path, def.endpoint, 429, { fault: 'request threshold' });
        return atError(429, [`Request Threshold Exceeded: this database has made ${o.limits.requestsPerHour} API requests in the last 60 minutes; calls are refused until the rolling window clears.`]);
      }
      if (admit.delayMs > 0) await sleep(admit.delayMs);
    }
    const impersonating = actor.impersonatorId === undefined ? {} : { impersonating: actor.resourceId };
    // Routes the published spec lacks (TicketWebhooks, paging) cannot be checked against it, nor
    // the zone lookup on another host (its twin under the base is).
    if (o.requestCheck && !def.specException && !def.absoluteUrl) {
      const problems = await o.requestCheck(request.clone());
      if (problems.length > 0) {
        pushBounded(o.state.specViolations, { method: request.method, path, problems });
        log(request, path, def.endpoint, 400, { fault: 'spec check', ...impersonating });
        return atError(400, problems);
      }
    }
    let response: Response;
    try {
      response = await def.resolve({ request, url, params, actor });
    } catch (err) {
      if (err instanceof AtValidationError) response = atError(500, err.errors);
      else if (err instanceof AtForbiddenError) response = atError(403, [err.message]);
      else if (err instanceof BadJsonError) response = atError(400, [err.message]);
      else throw err;
    }
    if (decision.kind === 'lose' && response.status < 400) {
      // The write landed; the gateway lost the answer.
      log(request, path, def.endpoint, decision.status, { fault: decision.label, ...impersonating });
      return atError(decision.status, ['Simulated lost response: the request was carried out.']);
    }
    log(request, path, def.endpoint, response.status, impersonating);
    return response;
  }

  function route(def: RouteDef): HttpHandler {
    const method = def.method.toUpperCase();
    // The zone route is served twice (global lookup host and zone base); list it once.
    if (!routes.some((r) => r.method === method && r.path === def.path)) {
      routes.push({ method, path: def.path, specPath: `/V1.0${def.path}`, endpoint: def.endpoint, ...(def.specException ? { specException: def.specException } : {}) });
    }
    const pattern = def.absoluteUrl ?? `${base}${def.path.replace(/\{(\w+)\}/g, ':$1')}`;
    return http[def.method](pattern, ({ request, params }) => run(request, params as Record<string, string>, def));
  }

  /** Anything else under the base answers 404 with an Autotask-style body. */
  function notFound(): HttpHandler {
    return http.all(`${base}/*`, ({ request }) => {
      const path = new URL(request.url).pathname.slice(basePath.length);
      log(request, path, 'unknown', 404);
      return atError(404, [`No route for ${request.method} ${path}.`]);
    });
  }

  return { route, notFound, base, routes };
}

export type Router = ReturnType<typeof createRouter>;

/** Parses a numeric path id; anything else is refused like Autotask's model binder does. */
export function idParam(params: Record<string, string>, name = 'id'): number {
  const raw = params[name] ?? '';
  if (!/^\d{1,10}$/.test(raw)) throw new AtValidationError([`The value '${raw}' is not valid for ${name}.`]);
  return Number(raw);
}
