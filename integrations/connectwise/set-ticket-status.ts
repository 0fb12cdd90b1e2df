import type { HttpClient } from '../../src/http/http-client.js';
import { OutsideApiError } from '../../src/http/outside-api-error.js';
import { CwTicket } from './api-schemas.js';
import { findStatusByName, type BoardStatusCache } from './board-status-cache.js';
import { CONNECTWISE_SYSTEM } from './connectwise-client.js';

async function statusId(statuses: BoardStatusCache, boardId: number, name: string, refresh: boolean): Promise<number> {
  if (refresh) statuses.invalidate(boardId);
  let status = findStatusByName(await statuses.get(boardId), name);
  if (!status && !refresh) {
    // A status added since the cache filled: look once more before giving up.
    statuses.invalidate(boardId);
    status = findStatusByName(await statuses.get(boardId), name);
  }
  if (!status) throw new OutsideApiError(CONNECTWISE_SYSTEM, 'setStatus', null, `board ${boardId} has no active status named '${name}'`, false);
  return status.id;
}

/**
 * Moves a ticket to the status with this name on its own board. With `knownBoardId` (the board
 * seen when the ticket was just read) it writes straight away; if CW refuses that status id
 * (the ticket moved, or the id is stale) it falls back to the full path. The full path re-reads
 * the ticket for its board, does nothing when it is already there (no write, no echo callback),
 * and refreshes the cached status ids once when CW rejects one.
 */
export async function setTicketStatus(client: HttpClient, statuses: BoardStatusCache, ticketId: number, name: string, knownBoardId?: number): Promise<void> {
  if (knownBoardId !== undefined) {
    try {
      const id = await statusId(statuses, knownBoardId, name, false);
      await patchStatus(client, ticketId, id);
      return;
    } catch (err) {
      // Refused (400), or no such status on that board (not retryable, no status): read the ticket and decide again.
      const refused = err instanceof OutsideApiError && (err.status === 400 || (err.status === null && !err.retryable));
      if (!refused) throw err;
    }
  }
  // GET /service/tickets/{id}
  const ticket = await client.request({ method: 'GET', path: `/service/tickets/${ticketId}`, operation: 'getTicket', schema: CwTicket });
  if (ticket.status?.name?.trim().toLowerCase() === name.trim().toLowerCase()) return;
  if (!ticket.board) throw new OutsideApiError(CONNECTWISE_SYSTEM, 'setStatus', null, `ticket ${ticketId} has no board`, false);
  const boardId = ticket.board.id;
  const patch = (id: number) => patchStatus(client, ticketId, id);
  const cached = await statusId(statuses, boardId, name, false);
  try {
    await patch(cached);
  } catch (err) {
    if (!(err instanceof OutsideApiError) || err.status !== 400) throw err;
    const fresh = await statusId(statuses, boardId, name, true);
    if (fresh === cached) throw err;
    await patch(fresh);
  }
}

// PATCH /service/tickets/{id} with a JSON Patch array; setting a value is safe to repeat.
function patchStatus(client: HttpClient, ticketId: number, id: number): Promise<unknown> {
  return client.request({ method: 'PATCH', path: `/service/tickets/${ticketId}`, operation: 'setStatus', body: [{ op: 'replace', path: 'status', value: { id } }], idempotent: true });
}
