import { HttpResponse } from 'msw';
import { MAX_RECORDS } from './query-routes.js';

/** `GET /{Entity}/{id}`: `{item}`; an unknown id is `{item: null}` with 200 (unverified; public clients treat it as not found). */
export const itemResponse = (item: unknown) => HttpResponse.json({ item: item ?? null });

/** Create, update and delete all answer `{itemId}`. */
export const itemIdResponse = (id: number) => HttpResponse.json({ itemId: id });

/** A child collection (`GET /Tickets/{parentId}/Notes`) answers like a query page. */
export function listResponse(items: unknown[]) {
  return HttpResponse.json({ items, pageDetails: { count: items.length, requestCount: MAX_RECORDS, prevPageUrl: null, nextPageUrl: null } });
}

export interface EntityAccess {
  name: string;
  canCreate: boolean;
  canDelete: boolean;
  canQuery: boolean;
  canUpdate: boolean;
  /** The caller's own access (security level): 'All' or 'None' here. */
  create?: 'All' | 'None';
}

/** `GET /{Entity}/entityInformation` (EntityInformationResultModel), with the caller's access. */
export function entityInformation(e: EntityAccess) {
  const access = (allowed: boolean) => (allowed ? 'All' : 'None');
  return HttpResponse.json({
    info: {
      name: e.name,
      canCreate: e.canCreate,
      canDelete: e.canDelete,
      canQuery: e.canQuery,
      canUpdate: e.canUpdate,
      userAccessForCreate: e.create ?? access(e.canCreate),
      userAccessForDelete: access(e.canDelete),
      userAccessForQuery: access(e.canQuery),
      userAccessForUpdate: access(e.canUpdate),
      hasUserDefinedFields: false,
      supportsWebhookCallouts: false,
    },
  });
}
