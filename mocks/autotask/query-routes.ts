import { HttpResponse, type HttpHandler } from 'msw';
import { AtValidationError } from './at-errors.js';
import { canonicalName } from './entity-fields.js';
import { matchesFilter, parseFilter } from './query-filter.js';
import { readJson, type Router } from './route.js';

/** Autotask caps a query page at 500 records. */
export const MAX_RECORDS = 500;

export interface QueryableEntity<T extends { id: number }> {
  /** Path segment, e.g. `Tickets`. */
  name: string;
  /** Entity name in error messages, e.g. `Ticket`. */
  label: string;
  endpoint: string;
  rows: () => T[];
  fieldNames: () => readonly string[];
  toJson?: (row: T) => Record<string, unknown>;
  specException?: string;
}

interface QuerySpec {
  filter: unknown;
  maxRecords: number;
  includeFields: string[] | null;
  /** Page cursor: only ids greater than this (results are ordered by id). */
  after: number;
}

function readSpec(raw: unknown): QuerySpec {
  if (!raw || typeof raw !== 'object' || Array.isArray(raw)) throw new AtValidationError(['The query must be a JSON object.']);
  const q = Object.fromEntries(Object.entries(raw as Record<string, unknown>).map(([k, v]) => [k.toLowerCase(), v]));
  const max = q.maxrecords === undefined || q.maxrecords === null ? MAX_RECORDS : Number(q.maxrecords);
  if (!Number.isInteger(max) || max < 1 || max > MAX_RECORDS) throw new AtValidationError([`MaxRecords must be between 1 and ${MAX_RECORDS}.`]);
  const include = Array.isArray(q.includefields) ? q.includefields.map(String) : null;
  return { filter: q.filter, maxRecords: max, includeFields: include, after: 0 };
}

const encodeCursor = (spec: QuerySpec) => Buffer.from(JSON.stringify(spec)).toString('base64url');
function decodeCursor(token: string | null): QuerySpec {
  try {
    const cursor = JSON.parse(Buffer.from(token ?? '', 'base64url').toString('utf8')) as { after?: unknown };
    if (typeof cursor.after !== 'number') throw new Error('no cursor');
    return { ...readSpec(cursor), after: cursor.after };
  } catch {
    throw new AtValidationError(['The paging token is not valid.']);
  }
}

/**
 * `POST /{Entity}/query`, `GET /{Entity}/query?search=`, `POST /{Entity}/query/count` and the
 * `nextPageUrl` page route. Results are ordered by id, at most 500 a page; `pageDetails`
 * carries `nextPageUrl` when more remain.
 */
export function queryRoutes<T extends { id: number }>(router: Router, e: QueryableEntity<T>): HttpHandler[] {
  const toJson = e.toJson ?? ((r: T) => r as unknown as Record<string, unknown>);
  const matching = (spec: QuerySpec) => {
    const filter = parseFilter(spec.filter, e.fieldNames(), e.label);
    return e
      .rows()
      .filter((r) => r.id > spec.after && matchesFilter(toJson(r), filter))
      .sort((a, b) => a.id - b.id);
  };
  const project = (row: Record<string, unknown>, include: string[] | null) => {
    if (!include || include.length === 0) return row;
    const names = include.map((f) => canonicalName(e.fieldNames(), f)).filter((f): f is string => !!f);
    return Object.fromEntries(['id', ...names].map((n) => [n, row[n] ?? null]));
  };
  const page = (spec: QuerySpec) => {
    const all = matching(spec);
    const rows = all.slice(0, spec.maxRecords);
    const last = rows.at(-1);
    const more = all.length > rows.length && last !== undefined;
    const nextPageUrl = more ? `${router.base}/${e.name}/query/next?paging=${encodeCursor({ ...spec, after: last.id })}` : null;
    return HttpResponse.json({ items: rows.map((r) => project(toJson(r), spec.includeFields)), pageDetails: { count: rows.length, requestCount: spec.maxRecords, prevPageUrl: null, nextPageUrl } });
  };
  const common = { endpoint: e.endpoint, ...(e.specException ? { specException: e.specException } : {}) };
  return [
    router.route({ method: 'post', path: `/${e.name}/query/count`, ...common, resolve: async ({ request }) => HttpResponse.json({ queryCount: matching(readSpec(await readJson(request))).length }) }),
    router.route({
      method: 'get',
      path: `/${e.name}/query/next`,
      ...common,
      specException: e.specException ?? 'nextPageUrl paging route: Autotask returns it in pageDetails, the published spec does not list it',
      resolve: ({ url }) => page(decodeCursor(url.searchParams.get('paging'))),
    }),
    router.route({ method: 'post', path: `/${e.name}/query`, ...common, resolve: async ({ request }) => page(readSpec(await readJson(request))) }),
    router.route({
      method: 'get',
      path: `/${e.name}/query`,
      ...common,
      resolve: ({ url }) => {
        let parsed: unknown;
        try {
          parsed = JSON.parse(url.searchParams.get('search') ?? '');
        } catch {
          throw new AtValidationError(['The search parameter must be a JSON query.']);
        }
        return page(readSpec(parsed));
      },
    }),
  ];
}
