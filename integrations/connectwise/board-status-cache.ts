import type { HttpClient } from '../../src/http/http-client.js';
import { CW_MAX_PAGE_SIZE, CwBoardStatuses, type CwBoardStatus } from './api-schemas.js';

/**
 * Board statuses by board id, cached for `ttlMs` (they change rarely; a status name is looked
 * up on every write-back). `invalidate` is called when CW rejects a cached id.
 */
export function createBoardStatusCache(client: HttpClient, ttlMs: number, now: () => number = Date.now) {
  const cache = new Map<number, { at: number; statuses: Promise<CwBoardStatus[]> }>();

  function load(boardId: number): Promise<CwBoardStatus[]> {
    // GET /service/boards/{parentId}/statuses (BoardStatusesAPI)
    return client.request({
      method: 'GET',
      path: `/service/boards/${boardId}/statuses`,
      operation: 'listBoardStatuses',
      query: { pageSize: CW_MAX_PAGE_SIZE },
      schema: CwBoardStatuses,
    });
  }

  return {
    async get(boardId: number): Promise<CwBoardStatus[]> {
      const hit = cache.get(boardId);
      if (hit && now() - hit.at < ttlMs) return hit.statuses;
      const statuses = load(boardId);
      cache.set(boardId, { at: now(), statuses });
      statuses.catch(() => cache.delete(boardId));
      return statuses;
    },
    invalidate(boardId: number): void {
      cache.delete(boardId);
    },
  };
}

export type BoardStatusCache = ReturnType<typeof createBoardStatusCache>;

export function findStatusByName(statuses: CwBoardStatus[], name: string): CwBoardStatus | undefined {
  const wanted = name.trim().toLowerCase();
  return statuses.find((s) => !s.inactive && s.name.trim().toLowerCase() === wanted);
}
