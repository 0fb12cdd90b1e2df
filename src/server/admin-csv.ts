/**
 * CSV (RFC 4180) that is safe to open in any spreadsheet, whatever separator it splits on.
 * - A cell a spreadsheet could read as a formula is prefixed with a quote and shown as text (CSV
 *   injection): one starting with = + - @ tab or carriage return, also behind leading blanks or
 *   quote marks (some importers trim them), and the full-width forms of those signs.
 * - Every cell holding a comma, semicolon, tab, quote or line break is quoted, so a spreadsheet
 *   that splits on ; or tab (several locales do) cannot cut it into cells that start a formula.
 */
const FORMULA = /^[\s"'\u00a0\u3000]*[=+\-@\uff1d\uff0b\uff0d\uff20]|^[\t\r\n]/;
const NEEDS_QUOTES = /[",;\t\r\n]/;

export function csvCell(value: unknown): string {
  let text = value === null || value === undefined ? '' : typeof value === 'string' ? value : JSON.stringify(value);
  if (FORMULA.test(text)) text = `'${text}`;
  return NEEDS_QUOTES.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function toCsv(header: readonly string[], rows: readonly (readonly unknown[])[]): string {
  return [header, ...rows].map((row) => row.map(csvCell).join(',')).join('\r\n') + '\r\n';
}
