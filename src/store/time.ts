/**
 * Timestamps cross the interface as ISO strings; comparisons happen on epoch milliseconds
 * because ISO strings with different precision or offsets do not sort lexically.
 */
export function toMs(iso: string): number {
  const ms = Date.parse(iso);
  if (Number.isNaN(ms)) throw new Error(`invalid timestamp: ${JSON.stringify(iso)}`);
  return ms;
}
