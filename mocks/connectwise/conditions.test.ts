import { describe, expect, it } from 'vitest';
import { ConditionError, filterByConditions } from './conditions.js';

const items = [
  { id: 1, summary: 'Mailbox full', closedFlag: false, company: { id: 250, identifier: 'ContosoLtd' }, dateEntered: '2025-01-01T00:00:00Z' },
  { id: 2, summary: 'Printer "jammed"', closedFlag: true, company: { id: 251, identifier: 'FabrikamInc' }, dateEntered: '2025-02-01T00:00:00Z' },
  { id: 3, summary: 'mailbox quota', closedFlag: false, company: { id: 251, identifier: 'FabrikamInc' }, dateEntered: '2025-03-01T00:00:00Z' },
];
const ids = (c: string) => filterByConditions(items, c).map((i) => i.id);

describe('conditions', () => {
  it('compares numbers, quoted strings (case-insensitively) and booleans on nested paths', () => {
    expect(ids('id=2')).toEqual([2]);
    expect(ids('company/identifier="fabrikaminc"')).toEqual([2, 3]);
    expect(ids('closedFlag = false')).toEqual([1, 3]);
    expect(ids('id != 1')).toEqual([2, 3]);
  });

  it('supports and/or with precedence and parentheses', () => {
    expect(ids('company/id=251 and closedFlag=false')).toEqual([3]);
    expect(ids('id=1 or id=2 and closedFlag=false')).toEqual([1]);
    expect(ids('(id=1 or id=2) and closedFlag=true')).toEqual([2]);
  });

  it('supports contains, like, in, escapes and [dates]', () => {
    expect(ids('summary contains "MAILBOX"')).toEqual([1, 3]);
    expect(ids('summary like "mail%"')).toEqual([1, 3]);
    expect(ids('summary = "Printer \\"jammed\\""')).toEqual([2]);
    expect(ids('id in (1, 3)')).toEqual([1, 3]);
    expect(ids('dateEntered > [2025-01-15T00:00:00Z]')).toEqual([2, 3]);
  });

  it('throws ConditionError on malformed input', () => {
    for (const bad of ['id =', 'id ~ 1', '(id=1', 'id=1 id=2', '= 3']) expect(() => ids(bad), bad).toThrow(ConditionError);
  });
});
