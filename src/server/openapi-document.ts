import { z } from 'zod';
import { ErrorBody } from './admin-http.js';
import { ADMIN_OPERATIONS, type AdminOperation } from './openapi-operations.js';

type Json = Record<string, unknown>;

const schemaOf = (s: z.ZodType, io: 'input' | 'output'): Json => {
  const { $schema: _drop, ...rest } = z.toJSONSchema(s, { target: 'draft-2020-12', io, unrepresentable: 'any' }) as Json;
  return rest;
};

/** `/runs/:id` -> `/runs/{id}` */
export const toOpenApiPath = (expressPath: string): string => expressPath.replace(/:([A-Za-z0-9_]+)/g, '{$1}');

const ERROR_TEXT: Record<number, string> = {
  400: 'bad request (the message names each bad field)',
  401: 'no credential, or not a valid one',
  403: "the key's role is below the one this operation needs",
  404: 'not found',
  409: 'conflict (already decided, plan changed, link used, chain broken)',
  410: 'expired',
  429: 'too many failed sign-ins from this address; wait the Retry-After seconds',
  503: 'an outside system is unavailable; try later',
};

/** Every admin answer says so (src/server/admin-routes.ts `noStore`). */
const NO_STORE: Json = { 'Cache-Control': { description: 'always no-store', schema: { type: 'string', const: 'no-store' } } };

function operation(op: AdminOperation): Json {
  const params: Json[] = [...op.path.matchAll(/:([A-Za-z0-9_]+)/g)].map((m) => ({ name: m[1], in: 'path', required: true, schema: { type: 'string' } }));
  if (op.query) {
    const q = schemaOf(op.query, 'input') as { properties?: Record<string, Json>; required?: string[] };
    for (const [name, schema] of Object.entries(q.properties ?? {})) params.push({ name, in: 'query', required: (q.required ?? []).includes(name) && !('default' in schema), schema });
  }
  const errors = [...(op.role ? [401, 403, 429] : []), ...(op.errors ?? [])].sort();
  const okContent = { [op.ok.mediaType ?? 'application/json']: { schema: schemaOf(op.ok.schema, 'output') } };
  const responses: Json = { [op.ok.status]: { description: 'success', headers: NO_STORE, content: okContent } };
  if (op.path === '/audit/export') (responses['200'] as { content: Json }).content['text/csv'] = { schema: { type: 'string' } };
  for (const status of errors) {
    const headers = status === 429 ? { ...NO_STORE, 'Retry-After': { description: 'seconds to wait', schema: { type: 'integer' } } } : NO_STORE;
    const content = { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } };
    responses[status] = { description: ERROR_TEXT[status] ?? 'error', headers, content };
  }
  return {
    operationId: `${op.method}${op.path.replace(/[/:.-]+([a-z])?/g, (_m, c: string | undefined) => (c ? c.toUpperCase() : ''))}`,
    summary: op.summary,
    ...(op.role ? { description: `Needs the '${op.role}' role (viewer < approver < admin).`, 'x-required-role': op.role } : { security: [] }),
    ...(params.length ? { parameters: params } : {}),
    ...(op.body ? { requestBody: { required: true, content: { 'application/json': { schema: schemaOf(op.body, 'input') } } } } : {}),
    responses,
  };
}

let cached: Json | undefined;

/** The OpenAPI 3.1 description of the admin API, built from the same zod schemas the routes parse with. */
export function openApiDocument(): Json {
  if (cached) return cached;
  const paths: Record<string, Json> = {};
  for (const op of ADMIN_OPERATIONS) (paths[toOpenApiPath(op.path)] ??= {})[op.method] = operation(op);
  cached = {
    openapi: '3.1.0',
    info: {
      title: 'ticketfix admin API',
      version: '1.0.0',
      description: 'Runs, audit, approvals, kill switch, policies and API keys. Send `Authorization: Bearer <API key>` (`tfx_<id>_<secret>`; roles viewer, approver, admin) or the bootstrap admin token. Errors are JSON `{error, message}`.',
    },
    servers: [{ url: '/admin' }],
    security: [{ bearer: [] }],
    components: { securitySchemes: { bearer: { type: 'http', scheme: 'bearer' } }, schemas: { Error: schemaOf(ErrorBody, 'output') } },
    paths,
  };
  return cached;
}
