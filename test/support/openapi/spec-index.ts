import { readSpecDocument } from './spec-files.js';
import { parseTemplate, templateShape } from './path-templates.js';
import type { JsonSchema, OpenApiSpec, OperationDetails, SpecName, SpecOperation } from './types.js';
import { isRecord } from './is-record.js';

const HTTP_METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'];

/** Everything the checker needs about a loaded spec; kept out of the public OpenApiSpec object. */
export interface SpecIndex {
  document: Record<string, unknown>;
  /** Autotask (IIS) paths and JSON property names are case-insensitive; Halo's are checked as written. */
  caseInsensitive: boolean;
  details: Map<SpecOperation, OperationDetails>;
  /** `${METHOD} ${segmentCount}` -> operations */
  byMethodAndLength: Map<string, SpecOperation[]>;
  /** template shape (see templateShape) -> methods, upper case */
  methodsByShape: Map<string, Set<string>>;
}

const specs = new Map<SpecName, OpenApiSpec>();
const indexes = new WeakMap<OpenApiSpec, SpecIndex>();

/** Resolves a local `#/...` $ref (used for shared parameters and request bodies); other values pass through. */
function deref(document: Record<string, unknown>, value: unknown): unknown {
  if (!isRecord(value) || typeof value['$ref'] !== 'string' || !value['$ref'].startsWith('#/')) return value;
  let node: unknown = document;
  for (const raw of value['$ref'].slice(2).split('/')) {
    const key = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    node = isRecord(node) ? node[key] : undefined;
  }
  return node;
}

function paramType(param: Record<string, unknown>): string {
  const schema = isRecord(param['schema']) ? param['schema'] : param;
  const type = typeof schema['type'] === 'string' ? schema['type'].toLowerCase() : 'string';
  if (type === 'int' || type === 'integer') return 'integer';
  if (type === 'number' || type === 'double' || type === 'float') return 'number';
  if (type === 'bool' || type === 'boolean') return 'boolean';
  return 'string';
}

/** Picks the JSON media type of an OpenAPI 3 request body: application/json, else any *json* type. */
function jsonMediaSchema(content: Record<string, unknown>): JsonSchema | undefined {
  const key = 'application/json' in content ? 'application/json' : Object.keys(content).find((type) => type.includes('json'));
  const media = key === undefined ? undefined : content[key];
  return isRecord(media) && isRecord(media['schema']) ? media['schema'] : undefined;
}

function describeOperation(
  document: Record<string, unknown>,
  version: 2 | 3,
  pathItem: Record<string, unknown>,
  operation: Record<string, unknown>,
  template: string,
  caseInsensitive: boolean,
): OperationDetails {
  const params = [
    ...(Array.isArray(pathItem['parameters']) ? pathItem['parameters'] : []),
    ...(Array.isArray(operation['parameters']) ? operation['parameters'] : []),
  ]
    .map((param) => deref(document, param))
    .filter(isRecord);
  const details: OperationDetails = {
    segments: parseTemplate(template, caseInsensitive),
    paramTypes: {},
    bodyRequired: false,
    hasOtherBody: false,
  };
  for (const param of params) {
    if (param['in'] === 'path' && typeof param['name'] === 'string') details.paramTypes[param['name']] = paramType(param);
    if (param['in'] === 'body' && isRecord(param['schema'])) {
      details.bodySchema = param['schema'];
      details.bodyRequired = param['required'] === true;
    }
    if (param['in'] === 'formData') details.hasOtherBody = true;
  }
  const requestBody = version === 3 ? deref(document, operation['requestBody']) : undefined;
  if (isRecord(requestBody) && isRecord(requestBody['content'])) {
    details.bodySchema = jsonMediaSchema(requestBody['content']);
    details.bodyRequired = requestBody['required'] === true;
    details.hasOtherBody = details.bodySchema === undefined;
  }
  return details;
}

function buildSpec(name: SpecName): { spec: OpenApiSpec; index: SpecIndex } {
  const document = readSpecDocument(name);
  const version: 2 | 3 = typeof document['swagger'] === 'string' ? 2 : 3;
  const servers = Array.isArray(document['servers']) ? document['servers'] : [];
  const firstServerUrl = isRecord(servers[0]) && typeof servers[0]['url'] === 'string' ? servers[0]['url'] : '';
  const basePath = version === 2 ? String(document['basePath'] ?? '') : new URL(firstServerUrl, 'http://x').pathname;
  const caseInsensitive = name === 'autotask';
  const index: SpecIndex = { document, caseInsensitive, details: new Map(), byMethodAndLength: new Map(), methodsByShape: new Map() };
  const operations: SpecOperation[] = [];
  const paths = isRecord(document['paths']) ? document['paths'] : {};
  for (const [template, pathItem] of Object.entries(paths)) {
    if (!isRecord(pathItem)) continue;
    for (const method of HTTP_METHODS) {
      const operation = pathItem[method];
      if (!isRecord(operation)) continue;
      const op: SpecOperation = { method: method.toUpperCase(), pathTemplate: template };
      if (typeof operation['operationId'] === 'string') op.operationId = operation['operationId'];
      const details = describeOperation(document, version, pathItem, operation, template, caseInsensitive);
      operations.push(op);
      index.details.set(op, details);
      const key = `${op.method} ${details.segments.length}`;
      index.byMethodAndLength.set(key, [...(index.byMethodAndLength.get(key) ?? []), op]);
      const shape = templateShape(template, caseInsensitive);
      index.methodsByShape.set(shape, (index.methodsByShape.get(shape) ?? new Set()).add(op.method));
    }
  }
  return { spec: { name, version, basePath: basePath === '/' ? '' : basePath, operations }, index };
}

/** Loads and indexes a vendor spec once per process; later calls return the same object. */
export function loadSpec(name: SpecName): OpenApiSpec {
  const cached = specs.get(name);
  if (cached) return cached;
  const { spec, index } = buildSpec(name);
  specs.set(name, spec);
  indexes.set(spec, index);
  return spec;
}

export function specIndex(spec: OpenApiSpec): SpecIndex {
  const index = indexes.get(spec) ?? indexes.get(loadSpec(spec.name));
  if (!index) throw new Error(`spec ${spec.name} is not indexed; get it from loadSpec()`);
  return index;
}
