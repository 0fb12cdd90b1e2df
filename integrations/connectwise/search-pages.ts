import type { ZodType } from 'zod';
import type { HttpClient } from '../../src/http/http-client.js';
import { CW_MAX_PAGE_SIZE } from './api-schemas.js';

/**
 * Reads a CW list newest-first, a page of 1000 at a time, until `match` hits, a short page ends
 * the list, or `maxPages` is reached. Used to find a write-back by its marker.
 */
export async function searchPages<T>(
  client: HttpClient,
  opts: { path: string; operation: string; query?: Record<string, string>; schema: ZodType<T[]>; match: (item: T) => boolean; maxPages: number },
): Promise<T | null> {
  for (let page = 1; page <= opts.maxPages; page++) {
    const items = await client.request({ method: 'GET', path: opts.path, operation: opts.operation, query: { ...opts.query, orderBy: 'id desc', page, pageSize: CW_MAX_PAGE_SIZE }, schema: opts.schema });
    const hit = items.find(opts.match);
    if (hit !== undefined) return hit;
    if (items.length < CW_MAX_PAGE_SIZE) return null;
  }
  return null;
}
