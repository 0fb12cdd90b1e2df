import { createBodyValidator, type BodyValidator } from './body-validation.js';
import { describeUnknownRequest, findOperation } from './route-matching.js';
import { specIndex } from './spec-index.js';
import type { OpenApiSpec, OperationDetails, SpecOperation } from './types.js';

const validators = new WeakMap<OpenApiSpec, BodyValidator>();

function bodyValidator(spec: OpenApiSpec): BodyValidator {
  let validator = validators.get(spec);
  if (!validator) {
    validator = createBodyValidator(spec.name, specIndex(spec));
    validators.set(spec, validator);
  }
  return validator;
}

const PARAM_PATTERNS: Record<string, RegExp> = {
  integer: /^-?\d+$/,
  number: /^-?\d+(?:\.\d+)?$/,
  boolean: /^(?:true|false)$/i,
};

function checkPathParams(details: OperationDetails, params: Record<string, string>): string[] {
  return Object.entries(params).flatMap(([name, value]) => {
    const type = details.paramTypes[name] ?? 'string';
    const pattern = PARAM_PATTERNS[type];
    return pattern && !pattern.test(value) ? [`path.${name}: must be ${type} (got ${JSON.stringify(value)})`] : [];
  });
}

function hasKeyCaseInsensitive(body: unknown, key: string): boolean {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return false;
  return Object.entries(body).some(([k, v]) => k.toLowerCase() === key && v !== null && v !== undefined);
}

/** Autotask updates (PATCH/PUT, always on a collection path) name the entity by `id` in the body; the spec doesn't mark it required. */
function checkAutotaskUpdateId(spec: OpenApiSpec, op: SpecOperation, body: unknown): string[] {
  if (spec.name !== 'autotask' || (op.method !== 'PATCH' && op.method !== 'PUT')) return [];
  return hasKeyCaseInsensitive(body, 'id') ? [] : [`body.id: is required (Autotask ${op.method} updates the entity named by body id)`];
}

export function checkRequest(spec: OpenApiSpec, req: { method: string; path: string; body?: unknown }): string[] {
  const found = findOperation(spec, req.method, req.path);
  if (!found) return [describeUnknownRequest(spec, req.method, req.path)];
  const details = specIndex(spec).details.get(found.op);
  if (!details) return [];
  const problems = checkPathParams(details, found.params);
  const where = `${found.op.method} ${found.op.pathTemplate}`;
  if (details.bodySchema) {
    if (req.body === undefined) return details.bodyRequired ? [...problems, `body: is required by ${where}`] : problems;
    problems.push(...bodyValidator(spec).validate(details.bodySchema, req.body));
    problems.push(...checkAutotaskUpdateId(spec, found.op, req.body));
  } else if (req.body !== undefined && !details.hasOtherBody) {
    problems.push(`body: ${where} takes no body`);
  } else if (req.body !== undefined && details.hasOtherBody) {
    problems.push(`body: ${where} takes a non-JSON (e.g. multipart) body`);
  }
  return problems;
}

function stripPrefix(pathname: string, prefix: string): string | null {
  const base = prefix.replace(/\/+$/, '');
  if (pathname === base) return '/';
  return pathname.startsWith(`${base}/`) ? pathname.slice(base.length) : null;
}

/**
 * Checks a fetch Request (e.g. inside an msw handler) against the spec. Reads a clone, so the handler can still
 * read the body. `basePathPrefix` is matched case-sensitively (Autotask's ATServicesRest casing matters).
 */
export async function checkFetchRequest(spec: OpenApiSpec, request: Request, basePathPrefix: string): Promise<string[]> {
  const { pathname } = new URL(request.url);
  const path = stripPrefix(pathname, basePathPrefix);
  if (path === null) return [`${request.method} ${pathname}: path does not start with ${basePathPrefix}`];
  const text = request.body === null ? '' : await request.clone().text();
  if (text.trim() === '') return checkRequest(spec, { method: request.method, path });
  const contentType = request.headers.get('content-type') ?? '';
  const problems = contentType.includes('json') ? [] : [`body: content-type ${JSON.stringify(contentType)} is not JSON`];
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    return [...problems, 'body: not valid JSON'];
  }
  return [...problems, ...checkRequest(spec, { method: request.method, path, body })];
}
