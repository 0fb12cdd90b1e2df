import { AtValidationError } from './at-errors.js';
import { canonicalName } from './entity-fields.js';

/**
 * Autotask's query filter (QueryModel.Filter): a list of conditions that must all hold, each
 * `{op, field, value}` or a group `{op: 'and' | 'or', items: [...]}`. Field names and string
 * comparisons are case-insensitive, as the SQL behind the real API is.
 */
export interface FilterCondition {
  op: string;
  field?: string;
  value?: unknown;
  udf?: boolean;
  items?: FilterCondition[];
}

const OPS = new Set(['eq', 'noteq', 'gt', 'gte', 'lt', 'lte', 'beginswith', 'endswith', 'contains', 'exist', 'notexist', 'in', 'notin', 'and', 'or']);
const ISO_DATE = /^\d{4}-\d{2}-\d{2}(T[\d:.]+(Z|[+-]\d{2}:?\d{2})?)?$/;

type Row = Record<string, unknown>;

function lowerKeys(o: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(o).map(([k, v]) => [k.toLowerCase(), v]));
}

/** Validates a filter against the entity's field names, returning canonical conditions. */
export function parseFilter(raw: unknown, fieldNames: readonly string[], entity: string): FilterCondition[] {
  if (!Array.isArray(raw) || raw.length === 0) throw new AtValidationError([`A query on ${entity} requires at least one filter condition.`]);
  return raw.map((c) => parseCondition(c, fieldNames, entity));
}

function parseCondition(raw: unknown, fieldNames: readonly string[], entity: string): FilterCondition {
  if (!raw || typeof raw !== 'object' || Array.isArray(raw)) throw new AtValidationError(['Each filter condition must be an object.']);
  const c = lowerKeys(raw as Record<string, unknown>);
  const op = typeof c.op === 'string' ? c.op.toLowerCase() : '';
  if (!OPS.has(op)) throw new AtValidationError([`Unknown filter operator '${String(c.op)}'.`]);
  if (op === 'and' || op === 'or') {
    if (!Array.isArray(c.items) || c.items.length === 0) throw new AtValidationError([`The '${op}' operator needs items.`]);
    return { op, items: c.items.map((i) => parseCondition(i, fieldNames, entity)) };
  }
  const name = typeof c.field === 'string' ? canonicalName(fieldNames, c.field) : undefined;
  if (!name) throw new AtValidationError([`Unable to find ${String(c.field)} in the ${entity} entity.`]);
  if (op !== 'exist' && op !== 'notexist' && c.value === undefined) throw new AtValidationError([`The '${op}' operator on ${name} needs a value.`]);
  if ((op === 'in' || op === 'notin') && !Array.isArray(c.value)) throw new AtValidationError([`The '${op}' operator on ${name} needs an array value.`]);
  return { op, field: name, value: c.value };
}

function comparable(a: unknown, b: unknown): [number | string, number | string] | null {
  if (a === null || a === undefined || b === null || b === undefined) return null;
  if (typeof a === 'number' || typeof a === 'boolean') {
    const n = Number(b);
    return Number.isNaN(n) ? null : [Number(a), n];
  }
  const left = String(a);
  const right = String(b);
  if (ISO_DATE.test(left) && ISO_DATE.test(right)) return [Date.parse(left), Date.parse(right)];
  return [left.toLowerCase(), right.toLowerCase()];
}

function test(row: Row, c: FilterCondition): boolean {
  if (c.op === 'and') return (c.items ?? []).every((i) => test(row, i));
  if (c.op === 'or') return (c.items ?? []).some((i) => test(row, i));
  const actual = row[c.field as string];
  if (c.op === 'exist') return actual !== null && actual !== undefined && actual !== '';
  if (c.op === 'notexist') return actual === null || actual === undefined || actual === '';
  if (c.op === 'in' || c.op === 'notin') {
    const hit = (c.value as unknown[]).some((v) => {
      const pair = comparable(actual, v);
      return pair !== null && pair[0] === pair[1];
    });
    return c.op === 'in' ? hit : !hit;
  }
  const pair = comparable(actual, c.value);
  if (pair === null) return c.op === 'noteq' ? actual !== c.value : false;
  const [l, r] = pair;
  switch (c.op) {
    case 'eq':
      return l === r;
    case 'noteq':
      return l !== r;
    case 'gt':
      return l > r;
    case 'gte':
      return l >= r;
    case 'lt':
      return l < r;
    case 'lte':
      return l <= r;
    case 'beginswith':
      return String(l).startsWith(String(r));
    case 'endswith':
      return String(l).endsWith(String(r));
    case 'contains':
      return String(l).includes(String(r));
    default:
      return false;
  }
}

export function matchesFilter(row: Row, filter: FilterCondition[]): boolean {
  return filter.every((c) => test(row, c));
}
