import { http, type HttpHandler } from 'msw';
import { authenticate, type ConnectWiseCredentials, type MemberKeys } from './auth.js';
import { CwNotFoundError, CwValidationError, cwError, validationResponse } from './cw-errors.js';
import type { HttpFaults as ConnectWiseFaults } from '../http-faults.js';
import type { ConnectWiseState } from './seed-state.js';
import type { CwMember } from './types.js';

export interface RouteContext {
  request: Request;
  params: Record<string, string>;
  /** The member the request acts as (the API member the keys belong to). */
  actor: CwMember;
}

type Method = 'get' | 'post' | 'put' | 'patch' | 'delete' | 'all';
type Resolver = (ctx: RouteContext) => Response | Promise<Response>;

export class BadJsonError extends Error {}

export async function readJson(request: Request): Promise<unknown> {
  const text = await request.text();
  try {
    return JSON.parse(text);
  } catch {
    throw new BadJsonError('The request body is not valid JSON.');
  }
}

const CALL_LOG_LIMIT = 10_000;

const FAULT_CODES: Record<number, string> = { 429: 'TooManyRequests', 500: 'InternalServerError', 502: 'BadGateway', 503: 'ServiceUnavailable', 504: 'GatewayTimeout' };

/**
 * Wraps every simulator route: call log, latency/fault injection, authentication and the
 * translation of model errors into CW-style 400/404 bodies.
 */
export function createRouter(opts: { baseUrl: string; state: ConnectWiseState; faults: ConnectWiseFaults; credentials: ConnectWiseCredentials; memberKeys?: MemberKeys[] }) {
  const base = opts.baseUrl.replace(/\/$/, '');
  const basePath = new URL(base).pathname;
  const apiMember = () => opts.state.members.find((m) => m.apiMember) as CwMember;

  function log(request: Request, status: number, fault?: string): void {
    const url = new URL(request.url);
    const path = url.pathname.startsWith(basePath) ? url.pathname.slice(basePath.length) : url.pathname;
    opts.state.calls.push({ method: request.method, path, query: url.search, status, fault, at: new Date().toISOString() });
    // Bounded so a long-running sandbox does not grow without limit.
    if (opts.state.calls.length > CALL_LOG_LIMIT) opts.state.calls.splice(0, opts.state.calls.length - CALL_LOG_LIMIT);
  }

  async function run(request: Request, params: Record<string, string>, fn: Resolver, auth: boolean): Promise<Response> {
    const url = new URL(request.url);
    const path = url.pathname.slice(basePath.length);
    const decision = await opts.faults.decide(request.method, path);
    if (decision.kind === 'hang') {
      await decision.released;
      log(request, 503, 'hang');
      return cwError(503, 'ServiceUnavailable', 'Released after a simulated hang.');
    }
    if (decision.kind === 'answer') {
      const headers = decision.retryAfterSeconds === undefined ? undefined : { 'Retry-After': String(decision.retryAfterSeconds) };
      log(request, decision.status, decision.label);
      return cwError(decision.status, FAULT_CODES[decision.status] ?? 'Error', `Simulated fault (${decision.label}).`, undefined, headers);
    }
    let actor = apiMember();
    if (auth) {
      const others = (opts.memberKeys ?? []).flatMap((keys) => {
        const member = opts.state.members.find((m) => m.identifier === keys.identifier);
        return member ? [{ keys, member }] : [];
      });
      const result = authenticate(request, opts.credentials, actor, others);
      if (result instanceof Response) {
        log(request, result.status);
        return result;
      }
      actor = result;
    }
    let response: Response;
    try {
      response = await fn({ request, params, actor });
    } catch (err) {
      if (err instanceof CwValidationError) response = validationResponse(err);
      else if (err instanceof CwNotFoundError) response = cwError(404, 'NotFound', err.message);
      else if (err instanceof BadJsonError) response = cwError(400, 'InvalidObject', err.message);
      else throw err;
    }
    if (decision.kind === 'lose') {
      log(request, decision.status, decision.label);
      return cwError(decision.status, 'GatewayTimeout', 'Simulated lost response: the request was carried out.');
    }
    log(request, response.status);
    return response;
  }

  function route(method: Method, pattern: string, fn: Resolver, options: { auth?: boolean } = {}): HttpHandler {
    return http[method](`${base}${pattern}`, ({ request, params }) => run(request, params as Record<string, string>, fn, options.auth ?? true));
  }

  /** Anything else under the base answers like CW does for an unknown route. */
  function notFound(): HttpHandler {
    return route('all', '/*', ({ request }) => cwError(404, 'NotFound', `No route for ${request.method} ${new URL(request.url).pathname}`));
  }

  return { route, notFound, base };
}

export type Router = ReturnType<typeof createRouter>;

/** Parses a numeric path id; anything else is a 404 like CW answers. */
export function idParam(params: Record<string, string>, name = 'id'): number {
  const raw = params[name] ?? '';
  if (!/^\d{1,9}$/.test(raw)) throw new CwNotFoundError(`Invalid id '${raw}'.`);
  return Number(raw);
}
