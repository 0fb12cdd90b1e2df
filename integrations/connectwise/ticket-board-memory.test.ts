import { describe, expect, it } from 'vitest';
import { createTicketBoardMemory } from './ticket-board-memory.js';

describe('ticket board memory', () => {
  it('recalls a board until its time is up, and forgets a ticket read without a board', () => {
    let now = 0;
    const m = createTicketBoardMemory({ ttlMs: 1000, now: () => now });
    m.remember(7, 1);
    now = 999;
    expect(m.recall(7)).toBe(1);
    now = 1000;
    expect(m.recall(7)).toBeUndefined();
    m.remember(8, 2);
    m.remember(8, undefined);
    expect(m.recall(8)).toBeUndefined();
  });

  it('keeps at most maxEntries tickets, dropping the oldest', () => {
    const m = createTicketBoardMemory({ maxEntries: 2 });
    m.remember(1, 10);
    m.remember(2, 20);
    m.remember(3, 30);
    expect([m.recall(1), m.recall(2), m.recall(3)]).toEqual([undefined, 20, 30]);
    m.forget(3);
    expect(m.recall(3)).toBeUndefined();
  });
});
