/**
 * Tactical's URL-action substitution, as its server does it (amidaware/tacticalrmm
 * api/tacticalrmm/core/utils.py `_run_url_rest_action`, tacticalrmm/utils.py `get_db_value`):
 * - each `{{model.a.b}}` becomes `str(value)`; a missing or falsy value is Python's `None`, so the
 *   text `None` lands in the body; nothing is JSON-escaped (a quote in a value breaks the JSON);
 * - control characters become spaces and lone backslashes are doubled (`_sanitize_webhook`);
 * - the text is parsed with `json.loads(strict=False)`; if that fails the TEXT is sent as a JSON
 *   string; either way the body posted is Python's `json.dumps(...)` (", " / ": " separators,
 *   non-ASCII as \uXXXX).
 */
const RE_DB_VALUE = /\{\{\s*(client|site|agent|global|alert)((?:\.[\w\-\s.]+)+)\s*\}\}/g;

export function substitute(template: string, context: Record<string, unknown>): string {
  return template.replace(RE_DB_VALUE, (_m, model: string, rest: string) => {
    let v: unknown = context[model];
    for (const part of rest.slice(1).trim().split('.')) {
      if (!v) break;
      v = typeof v === 'object' ? (v as Record<string, unknown>)[part] : undefined;
    }
    return pyStr(v);
  });
}

/** Python's str() of a JSON-ish value: falsy (None, '', 0, False) is looked up as None by get_db_value. */
function pyStr(v: unknown): string {
  if (!v) return 'None';
  if (v === true) return 'True';
  return String(v);
}

function sanitize(s: string): string {
  // eslint-disable-next-line no-control-regex -- the very characters Tactical's _sanitize_webhook replaces
  return s.replace(/[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]/g, ' ').replace(/(?<!\\)(\\)(?![\\nrt])/g, '\\\\');
}

/** Python json.dumps with default arguments. */
export function pyJsonDumps(v: unknown): string {
  if (v === null || v === undefined) return 'null';
  if (typeof v === 'boolean') return v ? 'true' : 'false';
  if (typeof v === 'number') return Number.isInteger(v) ? String(v) : String(v);
  if (typeof v === 'string') return JSON.stringify(v).replace(/[\u007f-\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
  if (Array.isArray(v)) return `[${v.map(pyJsonDumps).join(', ')}]`;
  return `{${Object.entries(v as Record<string, unknown>).map(([k, x]) => `${pyJsonDumps(k)}: ${pyJsonDumps(x)}`).join(', ')}}`;
}

/** The body Tactical posts for a URL action's rest_body. */
export function renderTemplate(template: string, context: Record<string, unknown>): string {
  const text = sanitize(substitute(template, context));
  let parsed: unknown;
  try {
    // strict=False: raw control characters inside strings are allowed (sanitize already replaced most).
    parsed = JSON.parse(escapeControlsInStrings(text));
  } catch {
    parsed = text;
  }
  return pyJsonDumps(parsed);
}

/** json.loads(strict=False) takes raw newlines/tabs inside strings; JSON.parse does not. */
function escapeControlsInStrings(text: string): string {
  let out = '';
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (inString && c === '\\') {
      out += c + (text[i + 1] ?? '');
      i++;
      continue;
    }
    if (c === '"') inString = !inString;
    out += inString && (c === '\n' || c === '\r' || c === '\t') ? JSON.stringify(c).slice(1, -1) : c;
  }
  return out;
}

/** The headers Tactical sends: rest_headers substituted and JSON-parsed (invalid JSON: none sent). */
export function renderHeaders(template: string, context: Record<string, unknown>): Record<string, string> {
  try {
    const h = JSON.parse(substitute(template, context)) as unknown;
    return h && typeof h === 'object' ? Object.fromEntries(Object.entries(h as Record<string, unknown>).map(([k, v]) => [k, String(v)])) : {};
  } catch {
    return {};
  }
}
