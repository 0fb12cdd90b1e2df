import { parseHaloDate } from './halo-date.js';
import { HaloBadRequest } from './halo-errors.js';
import { boolQuery, intQuery } from './route.js';
import type { HaloState } from './seed-state.js';
import type { HaloTicket } from './types.js';

/**
 * `datesearch` names the date column. The spec documents only 'dateoccured' (opened) and
 * 'datecleared' (closed); whether Halo takes any other value (e.g. 'lastupdate') is unknown,
 * so the simulator takes the stricter reading and answers 400 for every undocumented value.
 */
const DATE_FIELDS: Record<string, keyof HaloTicket> = {
  dateoccured: 'dateoccurred',
  datecleared: 'dateclosed',
};

function dateBound(query: URLSearchParams, name: string): number | undefined {
  const raw = query.get(name);
  if (raw === null || raw === '') return undefined;
  const t = parseHaloDate(raw);
  if (Number.isNaN(t)) throw new HaloBadRequest(`${name} is not a date.`);
  return t;
}

/**
 * GET /Tickets filters the simulator honours: client_id, status_id, user_id, open_only,
 * closed_only, datesearch + startdate/enddate (inclusive), ticketids, order/orderdesc,
 * count, and pagination (pageinate, page_size ≤ 100, page_no). Answers Halo's
 * `{record_count, tickets}` (plus page_no/page_size when paginating).
 */
export function listTickets(state: HaloState, query: URLSearchParams): Record<string, unknown> {
  let rows = state.tickets.filter((t) => !t.deleted);
  const clientId = intQuery(query, 'client_id');
  if (clientId !== undefined) rows = rows.filter((t) => t.client_id === clientId);
  const statusId = intQuery(query, 'status_id');
  if (statusId !== undefined) rows = rows.filter((t) => t.status_id === statusId);
  const userId = intQuery(query, 'user_id');
  if (userId !== undefined) rows = rows.filter((t) => t.user_id === userId);
  if (boolQuery(query, 'open_only')) rows = rows.filter((t) => !t.hasbeenclosed);
  if (boolQuery(query, 'closed_only')) rows = rows.filter((t) => t.hasbeenclosed);
  const ids = query.get('ticketids');
  if (ids) {
    const wanted = new Set(ids.split(',').map((s) => Number(s.trim())));
    rows = rows.filter((t) => wanted.has(t.id));
  }
  const datesearch = query.get('datesearch');
  const start = dateBound(query, 'startdate');
  const end = dateBound(query, 'enddate');
  if (datesearch) {
    const field = DATE_FIELDS[datesearch.toLowerCase()];
    if (!field) throw new HaloBadRequest(`datesearch '${datesearch}' is not a date field.`);
    rows = rows.filter((t) => {
      const v = t[field];
      if (typeof v !== 'string') return false;
      const at = parseHaloDate(v);
      return (start === undefined || at >= start) && (end === undefined || at <= end);
    });
  } else if (start !== undefined || end !== undefined) {
    throw new HaloBadRequest('startdate and enddate need datesearch.');
  }
  const order = query.get('order');
  if (order) {
    const desc = boolQuery(query, 'orderdesc');
    rows = [...rows].sort((a, b) => {
      const x = a[order];
      const y = b[order];
      const cmp = typeof x === 'number' && typeof y === 'number' ? x - y : String(x ?? '').localeCompare(String(y ?? ''));
      return desc ? -cmp : cmp;
    });
  }
  const count = intQuery(query, 'count');
  if (count !== undefined && count >= 0) rows = rows.slice(0, count);
  const recordCount = rows.length;
  if (boolQuery(query, 'pageinate')) {
    const pageSize = Math.min(100, Math.max(1, intQuery(query, 'page_size') ?? 50));
    const pageNo = Math.max(1, intQuery(query, 'page_no') ?? 1);
    return { page_no: pageNo, page_size: pageSize, record_count: recordCount, tickets: rows.slice((pageNo - 1) * pageSize, pageNo * pageSize) };
  }
  return { record_count: recordCount, tickets: rows };
}
