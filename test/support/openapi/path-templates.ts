import type { TemplateSegment } from './types.js';

const WHOLE_PARAM = /^\{([^{}]+)\}$/;
const ANY_PARAM = /\{([^{}]+)\}/g;

function escapeRegex(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** '/V1.0/Tickets/{id}' -> ['V1.0', 'Tickets', '{id}'] (empty segments dropped, so trailing slashes don't matter). */
export function splitPath(path: string): string[] {
  return path.split('/').filter((segment) => segment !== '');
}

export function parseTemplate(template: string, caseInsensitive: boolean): TemplateSegment[] {
  return splitPath(template).map((segment): TemplateSegment => {
    const whole = WHOLE_PARAM.exec(segment);
    if (whole?.[1] !== undefined) return { kind: 'param', name: whole[1] };
    if (!segment.includes('{')) return { kind: 'literal', text: caseInsensitive ? segment.toLowerCase() : segment };
    const names: string[] = [];
    const source = segment
      .split(ANY_PARAM)
      .map((part, i) => {
        if (i % 2 === 0) return escapeRegex(part);
        names.push(part);
        return '([^/]+?)';
      })
      .join('');
    return { kind: 'pattern', regex: new RegExp(`^${source}$`, caseInsensitive ? 'i' : ''), names };
  });
}

/**
 * The shape of a template with parameter names dropped, e.g. '/v1.0/tickets/{}/notes'.
 * Accepts spec style `{id}` and msw/express style `:id` parameters.
 */
export function templateShape(template: string, caseInsensitive: boolean): string {
  const segments = splitPath(template).map((segment) => {
    const shaped = segment.startsWith(':') ? '{}' : segment.replace(ANY_PARAM, '{}');
    return caseInsensitive ? shaped.toLowerCase() : shaped;
  });
  return `/${segments.join('/')}`;
}

function decodeSegment(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

/** Matches concrete path segments against a template; returns the path params, or null. */
export function matchSegments(
  template: TemplateSegment[],
  segments: string[],
  caseInsensitive: boolean,
): Record<string, string> | null {
  if (template.length !== segments.length) return null;
  const params: Record<string, string> = {};
  for (let i = 0; i < template.length; i++) {
    const part = template[i];
    const actual = segments[i];
    if (part === undefined || actual === undefined) return null;
    if (part.kind === 'literal') {
      if ((caseInsensitive ? actual.toLowerCase() : actual) !== part.text) return null;
    } else if (part.kind === 'param') {
      params[part.name] = decodeSegment(actual);
    } else {
      const found = part.regex.exec(actual);
      if (!found) return null;
      part.names.forEach((name, n) => (params[name] = decodeSegment(found[n + 1] ?? '')));
    }
  }
  return params;
}

const SPECIFICITY: Record<TemplateSegment['kind'], number> = { literal: 2, pattern: 1, param: 0 };

/** Negative when `a` is more specific: literal segments win over templated ones, leftmost difference decides. */
export function compareSpecificity(a: TemplateSegment[], b: TemplateSegment[]): number {
  for (let i = 0; i < Math.min(a.length, b.length); i++) {
    const diff = SPECIFICITY[(b[i] as TemplateSegment).kind] - SPECIFICITY[(a[i] as TemplateSegment).kind];
    if (diff !== 0) return diff;
  }
  return 0;
}
