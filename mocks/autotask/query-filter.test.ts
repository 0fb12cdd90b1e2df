import { describe, expect, it } from 'vitest';
import { matchesFilter, parseFilter } from './query-filter.js';

const fields = ['id', 'title', 'status', 'lastActivityDate', 'contactID'];
const row = { id: 7, title: 'Mailbox Full', status: 8, lastActivityDate: '2025-03-01T10:00:00.000Z', contactID: null };
const check = (filter: unknown[]) => matchesFilter(row, parseFilter(filter, fields, 'Ticket'));

describe('Autotask query filters', () => {
  it.each([
    [[{ op: 'eq', field: 'status', value: 8 }], true],
    [[{ op: 'eq', field: 'STATUS', value: '8' }], true],
    [[{ op: 'noteq', field: 'status', value: 8 }], false],
    [[{ op: 'gt', field: 'lastActivityDate', value: '2025-03-01T09:59:59Z' }], true],
    [[{ op: 'gt', field: 'lastActivityDate', value: '2025-03-01T10:00:00Z' }], false],
    [[{ op: 'gte', field: 'lastActivityDate', value: '2025-03-01T10:00:00Z' }], true],
    [[{ op: 'lt', field: 'id', value: 8 }], true],
    [[{ op: 'lte', field: 'id', value: 6 }], false],
    [[{ op: 'contains', field: 'title', value: 'box f' }], true],
    [[{ op: 'beginsWith', field: 'title', value: 'mail' }], true],
    [[{ op: 'endsWith', field: 'title', value: 'box' }], false],
    [[{ op: 'exist', field: 'contactID' }], false],
    [[{ op: 'notExist', field: 'contactID' }], true],
    [[{ op: 'in', field: 'status', value: [1, 8] }], true],
    [[{ op: 'notIn', field: 'status', value: [1, 8] }], false],
    [[{ op: 'eq', field: 'status', value: 8 }, { op: 'eq', field: 'id', value: 1 }], false],
    [[{ op: 'or', items: [{ op: 'eq', field: 'id', value: 1 }, { op: 'eq', field: 'id', value: 7 }] }], true],
    [[{ op: 'and', items: [{ op: 'eq', field: 'id', value: 7 }, { op: 'exist', field: 'contactID' }] }], false],
  ])('%j → %s', (filter, expected) => {
    expect(check(filter)).toBe(expected);
  });

  it('refuses bad filters with Autotask-style messages', () => {
    expect(() => parseFilter([], fields, 'Ticket')).toThrow(/at least one filter/);
    expect(() => parseFilter([{ op: 'like', field: 'id', value: 1 }], fields, 'Ticket')).toThrow(/Unknown filter operator/);
    expect(() => parseFilter([{ op: 'eq', field: 'nope', value: 1 }], fields, 'Ticket')).toThrow('Unable to find nope in the Ticket entity.');
    expect(() => parseFilter([{ op: 'in', field: 'id', value: 1 }], fields, 'Ticket')).toThrow(/array/);
  });
});
