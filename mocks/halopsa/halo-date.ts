/** Halo returns UTC datetimes without an offset, e.g. "2025-01-02T10:11:12.345". */
export const haloDate = (d: Date): string => d.toISOString().replace(/Z$/, '');

/** Parses a date as Halo does for filters: no offset means UTC. Returns NaN when unparseable. */
export function parseHaloDate(value: string): number {
  const trimmed = value.trim();
  const hasZone = /(Z|[+-]\d{2}:?\d{2})$/i.test(trimmed);
  const dateOnly = /^\d{4}-\d{2}-\d{2}$/.test(trimmed);
  return Date.parse(hasZone || dateOnly ? trimmed : `${trimmed}Z`);
}
