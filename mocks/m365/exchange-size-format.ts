/**
 * Exchange's own size notation, as Get-Mailbox and Get-MailboxStatistics return it:
 * `"49.5 GB (53,150,220,288 bytes)"`, `"3.322 KB (3,402 bytes)"`, `"Unlimited"`. Binary
 * units (1 GB = 1024³ bytes), at most three decimals, trailing zeros dropped.
 */
const UNITS = ['B', 'KB', 'MB', 'GB', 'TB'] as const;
const FACTORS: Record<string, number> = { B: 1, KB: 1024, MB: 1024 ** 2, GB: 1024 ** 3, TB: 1024 ** 4 };

export const GB = 1024 ** 3;

export function gbToBytes(gb: number): number {
  return Math.round(gb * GB);
}

export function formatExchangeSize(bytes: number | null): string {
  if (bytes === null) return 'Unlimited';
  let unit = 0;
  while (unit < UNITS.length - 1 && bytes >= 1024 ** (unit + 1)) unit++;
  const scaled = bytes / 1024 ** unit;
  const shown = unit === 0 ? String(bytes) : String(Number(scaled.toFixed(3)));
  return `${shown} ${UNITS[unit]} (${bytes.toLocaleString('en-US')} bytes)`;
}

/**
 * Parses what Set-Mailbox accepts for a quota (`60GB`, `60 GB`, `49.5GB`, `61440MB`, a plain
 * byte count, `unlimited`). Returns undefined for anything Exchange would refuse.
 */
export function parseQuotaInput(value: unknown): number | null | undefined {
  if (typeof value === 'number' && Number.isFinite(value) && value >= 0) return Math.round(value);
  if (typeof value !== 'string') return undefined;
  const text = value.trim();
  if (/^unlimited$/i.test(text)) return null;
  const m = /^(\d+(?:\.\d+)?)\s*(B|KB|MB|GB|TB)?$/i.exec(text);
  if (!m) return undefined;
  const factor = FACTORS[(m[2] ?? 'B').toUpperCase()] ?? 1;
  return Math.round(Number(m[1]) * factor);
}
