/**
 * CSV (RFC 4180) that is safe to open in any spreadsheet, whatever separator it splits on.
 * - A cell a spreadsheet could read as a formula is prefixed with a quote and shown as text (CSV
 *   injection): one starting with = + - @ tab or carriage return, also behind leading blanks or
 *   quote marks (some importers trim them), and the full-width forms of those signs.
 * - A spreadsheet that splits on ; or tab (several locales do) honours quotes only at the start
 *   of what it takes as a cell, so it can cut a quoted cell at an inner ; tab or line break. The
 *   same neutralising quote goes after each of those inside a cell when a formula sign follows.
 * - Every cell holding a comma, semicolon, tab, quote or line break is quoted.
 */
const SIGN = '[=+\\-@\\uff1d\\uff0b\\uff0d\\uff20]';
const BLANKS = '[\\s"\'\\u00a0\\u3000]*';
const FORMULA_START = new RegExp(`^${BLANKS}${SIGN}|^[\\t\\r\\n]`);
const FORMULA_INSIDE = new RegExp(`([,;\\t\\r\\n])(?=${BLANKS}${SIGN})`, 'g');
const NEEDS_QUOTES = /[",;\t\r\n]/;

export function csvCell(value: unknown): string {
  let text = value === null || value === undefined ? '' : typeof value === 'string' ? value : JSON.stringify(value);
  if (FORMULA_START.test(text)) text = `'${text}`;
  text = text.replace(FORMULA_INSIDE, "$1'");
  return NEEDS_QUOTES.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function toCsv(header: readonly string[], rows: readonly (readonly unknown[])[]): string {
  return [header, ...rows].map((row) => row.map(csvCell).join(',')).join('\r\n') + '\r\n';
}
