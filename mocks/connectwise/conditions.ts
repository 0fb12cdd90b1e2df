/**
 * A subset of the ConnectWise `conditions` language: comparisons (= != < <= > >= like contains
 * in), `and` / `or`, parentheses, "strings" (with \" escapes), numbers, true/false/null and
 * [dates]. Field paths use `/` (company/id). Matching is case-insensitive, as on CW's SQL Server.
 */
export class ConditionError extends Error {}

type Value = string | number | boolean | null | Date;
type Node =
  | { kind: 'and' | 'or'; left: Node; right: Node }
  | { kind: 'cmp'; field: string; op: string; value: Value }
  | { kind: 'in'; field: string; values: Value[] };

const TOKEN = /\s*(?:(\()|(\))|(,)|("(?:[^"\\]|\\.)*")|(\[[^\]]*\])|(<=|>=|!=|=|<|>)|(-?\d+(?:\.\d+)?(?![\w/]))|([A-Za-z_][\w/.]*))/y;

function tokenize(input: string): string[] {
  const tokens: string[] = [];
  TOKEN.lastIndex = 0;
  let pos = 0;
  while (pos < input.length) {
    if (/^\s*$/.test(input.slice(pos))) break;
    TOKEN.lastIndex = pos;
    const m = TOKEN.exec(input);
    if (!m) throw new ConditionError(`unexpected input at position ${pos}: '${input.slice(pos, pos + 20)}'`);
    tokens.push(m.slice(1).find((g) => g !== undefined) as string);
    pos = TOKEN.lastIndex;
  }
  return tokens;
}

function literal(token: string | undefined): Value {
  if (token === undefined) throw new ConditionError('expected a value');
  if (token.startsWith('"')) return token.slice(1, -1).replace(/\\(.)/g, '$1');
  if (token.startsWith('[')) {
    const d = new Date(token.slice(1, -1));
    if (Number.isNaN(d.getTime())) throw new ConditionError(`bad date ${token}`);
    return d;
  }
  if (/^-?\d/.test(token)) return Number(token);
  const word = token.toLowerCase();
  if (word === 'true') return true;
  if (word === 'false') return false;
  if (word === 'null') return null;
  throw new ConditionError(`expected a value, got '${token}'`);
}

export function parseConditions(input: string): Node {
  const tokens = tokenize(input);
  let i = 0;
  const peek = () => tokens[i]?.toLowerCase();
  const expression = (): Node => {
    let left = conjunction();
    while (peek() === 'or') {
      i++;
      left = { kind: 'or', left, right: conjunction() };
    }
    return left;
  };
  const conjunction = (): Node => {
    let left = factor();
    while (peek() === 'and') {
      i++;
      left = { kind: 'and', left, right: factor() };
    }
    return left;
  };
  const factor = (): Node => {
    if (peek() === '(') {
      i++;
      const inner = expression();
      if (tokens[i++] !== ')') throw new ConditionError("missing ')'");
      return inner;
    }
    const field = tokens[i++];
    if (!field || !/^[A-Za-z_]/.test(field)) throw new ConditionError(`expected a field name, got '${field ?? 'end of input'}'`);
    const op = tokens[i++]?.toLowerCase();
    if (op === 'in') {
      if (tokens[i++] !== '(') throw new ConditionError("expected '(' after in");
      const values: Value[] = [literal(tokens[i++])];
      while (tokens[i] === ',') {
        i++;
        values.push(literal(tokens[i++]));
      }
      if (tokens[i++] !== ')') throw new ConditionError("missing ')' after in list");
      return { kind: 'in', field, values };
    }
    if (!op || !['=', '!=', '<', '<=', '>', '>=', 'like', 'contains'].includes(op)) throw new ConditionError(`unknown operator '${op ?? 'end of input'}' after ${field}`);
    return { kind: 'cmp', field, op, value: literal(tokens[i++]) };
  };
  const tree = expression();
  if (i < tokens.length) throw new ConditionError(`unexpected '${tokens[i]}'`);
  return tree;
}

function fieldValue(entity: unknown, path: string): unknown {
  const direct = walk(entity, path);
  // CW accepts audit fields such as lastUpdated in conditions although they sit under _info.
  return direct === undefined && !path.startsWith('_info') ? walk(entity, `_info/${path}`) : direct;
}

function walk(entity: unknown, path: string): unknown {
  let current: unknown = entity;
  for (const part of path.split(/[/.]/)) {
    if (current === null || typeof current !== 'object') return undefined;
    const obj = current as Record<string, unknown>;
    const key = Object.keys(obj).find((k) => k.toLowerCase() === part.toLowerCase());
    current = key === undefined ? undefined : obj[key];
  }
  return current;
}

function normalise(v: unknown): string | number | boolean | null {
  if (v === undefined || v === null) return null;
  if (v instanceof Date) return v.getTime();
  if (typeof v === 'string') {
    if (/^\d{4}-\d\d-\d\dT/.test(v) && !Number.isNaN(Date.parse(v))) return Date.parse(v);
    return v.toLowerCase();
  }
  if (typeof v === 'number' || typeof v === 'boolean') return v;
  return JSON.stringify(v).toLowerCase();
}

function compare(actual: unknown, op: string, expected: Value): boolean {
  if (op === 'contains' || op === 'like') {
    const a = typeof actual === 'string' ? actual.toLowerCase() : String(actual ?? '').toLowerCase();
    const e = String(expected ?? '').toLowerCase();
    if (op === 'contains') return a.includes(e);
    const pattern = e.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(/%/g, '.*').replace(/_/g, '.');
    return new RegExp(`^${pattern}$`, 's').test(a);
  }
  const a = normalise(actual);
  const e = normalise(expected);
  switch (op) {
    case '=':
      return a === e;
    case '!=':
      return a !== e;
    default: {
      if (a === null || e === null) return false;
      if (op === '<') return a < e;
      if (op === '<=') return a <= e;
      if (op === '>') return a > e;
      return a >= e;
    }
  }
}

export function evaluate(node: Node, entity: unknown): boolean {
  switch (node.kind) {
    case 'and':
      return evaluate(node.left, entity) && evaluate(node.right, entity);
    case 'or':
      return evaluate(node.left, entity) || evaluate(node.right, entity);
    case 'in':
      return node.values.some((v) => compare(fieldValue(entity, node.field), '=', v));
    case 'cmp':
      return compare(fieldValue(entity, node.field), node.op, node.value);
  }
}

/** Filters `items` by a conditions string; throws ConditionError when it does not parse. */
export function filterByConditions<T>(items: T[], conditions: string | null): T[] {
  if (!conditions || conditions.trim() === '') return items;
  const tree = parseConditions(conditions);
  return items.filter((item) => evaluate(tree, item));
}

export { fieldValue };
