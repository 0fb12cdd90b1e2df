import { compareSpecificity, matchSegments, splitPath, templateShape } from './path-templates.js';
import { specIndex } from './spec-index.js';
import type { OpenApiSpec, SpecOperation, TemplateSegment } from './types.js';

function stripQuery(path: string): string {
  return path.replace(/[?#].*$/, '');
}

/** Finds the operation for a concrete request path (after the spec's base path); literal segments beat templated ones. */
export function findOperation(
  spec: OpenApiSpec,
  method: string,
  path: string,
): { op: SpecOperation; params: Record<string, string> } | null {
  const index = specIndex(spec);
  const segments = splitPath(stripQuery(path));
  const candidates = index.byMethodAndLength.get(`${method.toUpperCase()} ${segments.length}`) ?? [];
  let best: { op: SpecOperation; params: Record<string, string>; template: TemplateSegment[] } | null = null;
  for (const op of candidates) {
    const template = index.details.get(op)?.segments;
    if (!template) continue;
    const params = matchSegments(template, segments, index.caseInsensitive);
    if (params && (!best || compareSpecificity(template, best.template) < 0)) best = { op, params, template };
  }
  return best && { op: best.op, params: best.params };
}

/** Methods the spec has on any template matching this concrete path. */
function methodsForPath(spec: OpenApiSpec, path: string): string[] {
  const index = specIndex(spec);
  const segments = splitPath(stripQuery(path));
  const methods = new Set<string>();
  for (const [op, details] of index.details) {
    if (matchSegments(details.segments, segments, index.caseInsensitive)) methods.add(op.method);
  }
  return [...methods];
}

/** The problem message for a request with no matching operation. */
export function describeUnknownRequest(spec: OpenApiSpec, method: string, path: string): string {
  const shown = `${method.toUpperCase()} ${stripQuery(path)}`;
  const methods = methodsForPath(spec, path);
  if (methods.length > 0) return `${shown}: method not in ${spec.name} spec (path allows ${methods.join(', ')})`;
  const hint = specIndex(spec).caseInsensitive ? '' : caseHint(spec, path);
  return `${shown}: path not in ${spec.name} spec${hint}`;
}

/** For case-sensitive specs, points out a template that differs only by letter case. */
function caseHint(spec: OpenApiSpec, path: string): string {
  const segments = splitPath(stripQuery(path));
  for (const [op, details] of specIndex(spec).details) {
    const lowered = details.segments.map((s) => (s.kind === 'literal' ? { ...s, text: s.text.toLowerCase() } : s));
    if (matchSegments(lowered, segments, true)) return ` (letter case differs from ${op.pathTemplate})`;
  }
  return '';
}

/** Strips an origin and the spec's base path from a route template such as 'https://x/api/Tickets/:id'. */
function specRelativeTemplate(spec: OpenApiSpec, template: string): string {
  let path = stripQuery(template.replace(/^[a-z][a-z0-9+.-]*:\/\/[^/]*/i, ''));
  const base = spec.basePath;
  const lowerPath = specIndex(spec).caseInsensitive ? path.toLowerCase() : path;
  const lowerBase = specIndex(spec).caseInsensitive ? base.toLowerCase() : base;
  if (base && (lowerPath === lowerBase || lowerPath.startsWith(`${lowerBase}/`))) path = path.slice(base.length);
  return path.startsWith('/') ? path : `/${path}`;
}

/**
 * null when the spec has `method` on this template. Parameter names are ignored and `:id` (msw) equals `{id}`;
 * a leading origin or base path is stripped; method '*' or 'ALL' accepts any method.
 */
export function checkRoute(spec: OpenApiSpec, method: string, pathTemplate: string): string | null {
  const index = specIndex(spec);
  const relative = specRelativeTemplate(spec, pathTemplate);
  const methods = index.methodsByShape.get(templateShape(relative, index.caseInsensitive));
  const wanted = method.toUpperCase();
  if (methods && (wanted === '*' || wanted === 'ALL' || methods.has(wanted))) return null;
  if (methods) return `${wanted} ${relative}: method not in ${spec.name} spec (template allows ${[...methods].join(', ')})`;
  return `${wanted} ${relative}: path template not in ${spec.name} spec`;
}
