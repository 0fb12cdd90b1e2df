/**
 * Exchange reports sizes as display strings: `"49.5 GB (53,150,220,288 bytes)"`, or
 * `"Unlimited"`. The byte count in brackets is exact, so it is the only part read.
 *
 * Returns the byte count, or null for Unlimited. Anything else throws: a missing or garbled
 * quota must never pass for "unlimited" or for zero.
 */
export function parseExchangeSize(value: unknown): number | null {
  if (typeof value === 'number' && Number.isInteger(value) && value >= 0) return value;
  if (typeof value !== 'string') throw new Error(`not an Exchange size: ${describe(value)}`);
  const text = value.trim();
  if (/^unlimited$/i.test(text)) return null;
  const m = /\(([0-9][0-9,]*) bytes\)$/.exec(text);
  if (!m?.[1]) throw new Error(`not an Exchange size: ${describe(value)}`);
  return Number(m[1].replace(/,/g, ''));
}

function describe(value: unknown): string {
  return typeof value === 'string' ? `"${value.slice(0, 60)}"` : String(value);
}
