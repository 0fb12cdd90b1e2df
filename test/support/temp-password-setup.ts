import { afterAll } from 'vitest';
import { addIssuedPasswordListener } from '../../src/secret-link/temp-password.js';
import { describePasswordLeaks, installTempPasswordGuard } from './temp-password-guard.js';

/**
 * vitest setupFiles: runs in every test file's worker (pool: forks). Fails the file if a temporary
 * password issued while it ran shows up in the worker's output, in a file it created under the
 * temp/data dirs, or in an error vitest recorded. Registered first, so (hooks run as a stack) its
 * afterAll runs after the file's own teardown has closed apps and flushed logs.
 */
const guard = installTempPasswordGuard();
/** This worker's guard (a test can check it is listening). */
export const suiteGuard = guard;
addIssuedPasswordListener((p) => guard.noteIssued(p));

// eslint-disable-next-line no-empty-pattern -- vitest wants a destructuring pattern for the unused context
afterAll(async ({}, suite) => {
  if (guard.issuedCount() === 0) return;
  await new Promise((r) => setImmediate(r)); // let pending async log writes reach fs.write
  const leaks = guard.check(suite);
  if (leaks.length > 0) {
    throw new Error(`a temporary password issued in this file leaked (${leaks.length}):\n${describePasswordLeaks(leaks)}`);
  }
});
