import { randomInt } from 'node:crypto';

// No look-alikes (0/O, 1/l/I): the user types it once, from a screen.
const UPPER = 'ABCDEFGHJKLMNPQRSTUVWXYZ';
const LOWER = 'abcdefghijkmnopqrstuvwxyz';
const DIGITS = '23456789';
const SYMBOLS = '!#%*+-=?@^_';
const ALL = UPPER + LOWER + DIGITS + SYMBOLS;

type Observer = (password: string) => void;
let observer: Observer | null = null;

/**
 * Tests only: sees every temporary password issued, so a test can scan notes, logs, audit and
 * errors for each one. Nothing in the product sets it; it holds no copy by itself.
 */
export function observeIssuedPasswords(fn: Observer | null): void {
  observer = fn;
}

// Tests only, alongside the single slot above: the suite-wide guard (test/support) listens here so
// a test file setting or clearing its own observer does not blind it.
const listeners = new Set<Observer>();
export function addIssuedPasswordListener(fn: Observer): () => void {
  listeners.add(fn);
  return () => listeners.delete(fn);
}

/**
 * A strong temporary password from the CSPRNG: 20 characters (~124 bits), at least one of each
 * class so every directory's complexity rule accepts it, positions shuffled with randomInt.
 */
export function generateTempPassword(length = 20): string {
  const chars = [UPPER, LOWER, DIGITS, SYMBOLS].map((set) => set[randomInt(set.length)]!);
  while (chars.length < length) chars.push(ALL[randomInt(ALL.length)]!);
  for (let i = chars.length - 1; i > 0; i--) {
    const j = randomInt(i + 1);
    [chars[i], chars[j]] = [chars[j]!, chars[i]!];
  }
  const password = chars.join('');
  observer?.(password);
  for (const l of listeners) l(password);
  return password;
}
