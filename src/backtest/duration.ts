const UNITS: Record<string, number> = { m: 60_000, h: 3_600_000, d: 86_400_000, w: 7 * 86_400_000 };
/** The longest look-back: PSAs page their lists, and a year of tickets is plenty for a projection. */
const MAX_MS = 366 * 86_400_000;

/** `30d`, `12h`, `2w`, `90m` to milliseconds; anything else is a clear error. */
export function parseDuration(text: string): number {
  const m = /^\s*(\d{1,4})\s*([mhdw])\s*$/i.exec(text);
  if (!m) throw new Error(`--since: '${text.slice(0, 40)}' is not a duration; use a number and a unit, e.g. 30d, 12h, 2w, 90m`);
  const ms = Number(m[1]) * UNITS[m[2]!.toLowerCase()]!;
  if (ms <= 0) throw new Error('--since: the duration must be more than zero');
  if (ms > MAX_MS) throw new Error('--since: at most 366 days');
  return ms;
}
