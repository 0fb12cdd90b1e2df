import type { JsonSchema } from './types.js';
import { isRecord } from './is-record.js';

/**
 * Turns vendor Swagger 2 / OpenAPI 3.0 schemas into lenient draft-07 JSON Schema for ajv:
 * - `$ref`s to `#/definitions/X` or `#/components/schemas/X` point at `${rootId}#/definitions/<safe X>`
 * - OA3 `nullable: true` allows null; `nullableProperties` also allows null on every property (Swagger 2 cannot
 *   say nullable, and Autotask sends and accepts null), bare-`$ref` properties always allow null
 * - `additionalProperties: false` (Swashbuckle puts it on every Halo model) is dropped; readOnly, examples,
 *   patterns and unknown formats are dropped; loose types ('int', 'bool', 'double') are mapped
 * - a bare `{ type: 'object' }` (a .NET `object`) accepts any value
 * - `lowercaseProperties` lower-cases property names (Autotask JSON names are case-insensitive)
 */
export interface NormalizeOptions {
  rootId: string;
  nullableProperties: boolean;
  lowercaseProperties: boolean;
}

/** Formats ajv checks (see lenientFormats); every other format is ignored. */
export const CHECKED_FORMATS = new Set(['int32', 'date-time', 'uuid']);

const TYPE_ALIASES: Record<string, string> = {
  int: 'integer',
  integer: 'integer',
  bool: 'boolean',
  boolean: 'boolean',
  double: 'number',
  float: 'number',
  number: 'number',
  string: 'string',
  object: 'object',
  array: 'array',
};

const COPIED_KEYWORDS = ['minimum', 'maximum', 'minLength', 'maxLength', 'minItems', 'maxItems', 'uniqueItems', 'multipleOf'];

const REF_PREFIXES = ['#/definitions/', '#/components/schemas/'];

/** Definition names such as 'Expression[Func[TicketNote,Int64]]' become safe JSON-pointer/URI keys. */
export function safeDefinitionName(name: string): string {
  return name.replace(/[^A-Za-z0-9_.-]/g, '_');
}

function rewriteRef(ref: string, options: NormalizeOptions): string {
  const prefix = REF_PREFIXES.find((p) => ref.startsWith(p));
  if (!prefix) return ref;
  const name = ref.slice(prefix.length).replace(/~1/g, '/').replace(/~0/g, '~');
  return `${options.rootId}#/definitions/${safeDefinitionName(name)}`;
}

function mapType(type: unknown): string | string[] | undefined {
  if (typeof type === 'string') return TYPE_ALIASES[type.toLowerCase()];
  if (Array.isArray(type)) {
    const mapped = type.map(mapType).filter((t): t is string => typeof t === 'string');
    return mapped.length > 0 ? mapped : undefined;
  }
  return undefined;
}

/** Marks the `{ type: 'null' }` branch this module adds, so its errors can be hidden. */
export const NULL_BRANCH_PATH = '/anyOf/0/type';

export function allowNull(schema: JsonSchema): JsonSchema {
  if (typeof schema['$ref'] === 'string') return { anyOf: [{ type: 'null' }, schema] };
  const out = { ...schema };
  const type = out['type'];
  if (typeof type === 'string') out['type'] = [type, 'null'];
  else if (Array.isArray(type) && !type.includes('null')) out['type'] = [...type, 'null'];
  if (Array.isArray(out['enum']) && !out['enum'].includes(null)) out['enum'] = [...out['enum'], null];
  return out;
}

function normalizeProperties(properties: Record<string, unknown>, options: NormalizeOptions): JsonSchema {
  const out: JsonSchema = {};
  for (const [key, child] of Object.entries(properties)) {
    const normalized = normalizeSchema(child, options);
    const bareRef = isRecord(child) && typeof child['$ref'] === 'string';
    out[options.lowercaseProperties ? key.toLowerCase() : key] =
      options.nullableProperties || bareRef ? allowNull(normalized) : normalized;
  }
  return out;
}

/** `{ type: 'object' }` with nothing else is how Swashbuckle writes a .NET `object` property: any JSON value. */
function isDotNetObject(node: Record<string, unknown>): boolean {
  return node['type'] === 'object' && !('properties' in node) && !('additionalProperties' in node) && !('allOf' in node);
}

export function normalizeSchema(node: unknown, options: NormalizeOptions): JsonSchema {
  if (!isRecord(node)) return {};
  if (typeof node['$ref'] === 'string') return { $ref: rewriteRef(node['$ref'], options) };
  let out: JsonSchema = {};
  const type = mapType(node['type']);
  if (type !== undefined && !isDotNetObject(node)) out['type'] = type;
  if (typeof node['format'] === 'string' && CHECKED_FORMATS.has(node['format'])) out['format'] = node['format'];
  if (Array.isArray(node['enum'])) out['enum'] = node['enum'];
  for (const keyword of COPIED_KEYWORDS) if (keyword in node) out[keyword] = node[keyword];
  if (isRecord(node['properties'])) out['properties'] = normalizeProperties(node['properties'], options);
  if (Array.isArray(node['required'])) {
    const required = node['required'].filter((r): r is string => typeof r === 'string');
    out['required'] = options.lowercaseProperties ? required.map((r) => r.toLowerCase()) : required;
  }
  if (isRecord(node['items'])) out['items'] = normalizeSchema(node['items'], options);
  if (isRecord(node['additionalProperties'])) out['additionalProperties'] = normalizeSchema(node['additionalProperties'], options);
  for (const combiner of ['allOf', 'anyOf', 'oneOf']) {
    const branches = node[combiner];
    if (Array.isArray(branches)) out[combiner] = branches.map((branch) => normalizeSchema(branch, options));
  }
  if (node['nullable'] === true) out = allowNull(out);
  return out;
}

/** The root schema holding every vendor definition, for ajv.addSchema(). */
export function normalizeDefinitions(definitions: Record<string, unknown>, options: NormalizeOptions): JsonSchema {
  const out: JsonSchema = {};
  for (const [name, schema] of Object.entries(definitions)) out[safeDefinitionName(name)] = normalizeSchema(schema, options);
  return { $id: options.rootId, definitions: out };
}
