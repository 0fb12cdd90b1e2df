import { HttpResponse } from 'msw';
import { ConditionError, fieldValue, filterByConditions } from './conditions.js';
import { cwError } from './cw-errors.js';

const DEFAULT_PAGE_SIZE = 25;
const MAX_PAGE_SIZE = 1000;

function sortBy<T>(items: T[], orderBy: string | null): T[] {
  if (!orderBy) return items;
  const [field = 'id', dir = 'asc'] = orderBy.trim().split(/\s+/);
  const sign = dir.toLowerCase() === 'desc' ? -1 : 1;
  return [...items].sort((a, b) => {
    const x = fieldValue(a, field) as string | number | undefined;
    const y = fieldValue(b, field) as string | number | undefined;
    if (x === y) return 0;
    if (x === undefined) return -sign;
    if (y === undefined) return sign;
    return x < y ? -sign : sign;
  });
}

/**
 * Answers a list GET the way CW does: `conditions`, `orderBy`, `page` (1-based), `pageSize`
 * (default 25, capped at 1000) and a `Link` header pointing at the next/last pages.
 */
export function listResponse<T>(request: Request, items: T[]): Response {
  const url = new URL(request.url);
  const q = url.searchParams;
  let filtered: T[];
  try {
    filtered = filterByConditions(items, q.get('conditions'));
  } catch (err) {
    if (err instanceof ConditionError) return cwError(400, 'InvalidObject', `conditions are invalid: ${err.message}`);
    throw err;
  }
  const page = Math.max(1, Number.parseInt(q.get('page') ?? '1', 10) || 1);
  const requested = Number.parseInt(q.get('pageSize') ?? String(DEFAULT_PAGE_SIZE), 10);
  const pageSize = Math.min(MAX_PAGE_SIZE, Math.max(1, Number.isNaN(requested) ? DEFAULT_PAGE_SIZE : requested));
  const sorted = sortBy(filtered, q.get('orderBy') ?? 'id asc');
  const body = sorted.slice((page - 1) * pageSize, page * pageSize);
  const lastPage = Math.max(1, Math.ceil(sorted.length / pageSize));
  const link = (p: number) => {
    const u = new URL(url);
    u.searchParams.set('page', String(p));
    u.searchParams.set('pageSize', String(pageSize));
    return u.toString();
  };
  const links = [page < lastPage ? `<${link(page + 1)}>; rel="next"` : null, `<${link(lastPage)}>; rel="last"`].filter(Boolean);
  return HttpResponse.json(body, { headers: { Link: links.join(', ') } });
}
