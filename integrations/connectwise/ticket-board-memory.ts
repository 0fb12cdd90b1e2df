/**
 * The board of each ticket this adapter read lately. The decide step has just read the ticket,
 * so its status write-back can pick the status id on that board without reading the ticket
 * again (one ConnectWise call fewer per ticket). Bounded and short-lived: a ticket moved to
 * another board since is caught by ConnectWise refusing the status id, and re-read then.
 */
export function createTicketBoardMemory(o: { ttlMs?: number; maxEntries?: number; now?: () => number } = {}) {
  const ttlMs = o.ttlMs ?? 10 * 60_000;
  const maxEntries = o.maxEntries ?? 2_000;
  const now = o.now ?? Date.now;
  const boards = new Map<number, { boardId: number; at: number }>();
  return {
    remember(ticketId: number, boardId: number | undefined): void {
      boards.delete(ticketId);
      if (boardId === undefined) return;
      boards.set(ticketId, { boardId, at: now() });
      // Oldest first in insertion order: drop beyond the bound.
      while (boards.size > maxEntries) boards.delete(boards.keys().next().value as number);
    },
    recall(ticketId: number): number | undefined {
      const hit = boards.get(ticketId);
      if (!hit) return undefined;
      if (now() - hit.at >= ttlMs) {
        boards.delete(ticketId);
        return undefined;
      }
      return hit.boardId;
    },
    forget(ticketId: number): void {
      boards.delete(ticketId);
    },
  };
}

export type TicketBoardMemory = ReturnType<typeof createTicketBoardMemory>;
