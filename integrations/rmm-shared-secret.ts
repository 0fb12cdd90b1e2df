import { createHash, timingSafeEqual } from 'node:crypto';

/** Compares digests, so neither the length nor the content of the expected secret leaks through timing. */
export function sameSecret(given: string | null | undefined, expected: string): boolean {
  const a = createHash('sha256').update(given ?? '').digest();
  const b = createHash('sha256').update(expected).digest();
  // Still compare when nothing was given, so a missing header costs the same as a wrong one.
  return timingSafeEqual(a, b) && typeof given === 'string';
}
