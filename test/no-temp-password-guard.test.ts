import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync, writeSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import { addIssuedPasswordListener, generateTempPassword, observeIssuedPasswords } from '../src/secret-link/index.js';
import { installTempPasswordGuard, type TempPasswordGuard } from './support/temp-password-guard.js';
import { suiteGuard } from './support/temp-password-setup.js';

// Each test installs its own guard that swallows what it sees (forward: false), so the deliberate
// leaks below never reach the suite-wide guard set up in vitest.config.ts, which would fail this file.
let guard: TempPasswordGuard | undefined;
let stop: (() => void) | undefined;
const start = (roots?: string[]) => {
  guard = installTempPasswordGuard({ forward: false, roots });
  const g = guard;
  stop = addIssuedPasswordListener((p) => g.noteIssued(p));
  return g;
};
afterEach(() => {
  stop?.();
  guard?.uninstall();
  guard = undefined;
});

describe('the suite-wide temporary-password guard', () => {
  it('reports a password a pino logger writes to stdout through sonic-boom (raw fd writes)', async () => {
    const g = start([]);
    const pw = generateTempPassword();
    const log = pino({ base: null }, pino.destination({ fd: 1, sync: true }));
    log.info({ detail: `reset done, new password ${pw}` }, 'oops');
    const asyncLog = pino({ base: null }, pino.destination({ fd: 2, sync: false, minLength: 0 }));
    asyncLog.warn(`again: ${pw}`);
    await new Promise<void>((r) => asyncLog.flush(() => r()));
    const leaks = g.check();
    expect(leaks.map((l) => l.where).sort()).toEqual(['fd 1', 'fd 2']);
    // The report never repeats the password it found.
    expect(JSON.stringify(leaks)).not.toContain(pw);
    expect(leaks[0]!.excerpt).toContain('bytes masked');
  });

  it('reports process.stdout/stderr writes, URL-encoded forms and a password split across two writes', () => {
    const g = start([]);
    // Only a password with a character URL encoding changes has a distinct encoded form.
    let pw = generateTempPassword();
    while (encodeURIComponent(pw) === pw) pw = generateTempPassword();
    process.stdout.write(`link?pw=${encodeURIComponent(pw)}\n`);
    process.stderr.write(pw.slice(0, 7));
    process.stderr.write(Buffer.from(`${pw.slice(7)}\n`));
    expect(g.check().map((l) => `${l.where}:${l.form}`).sort()).toEqual(['stderr:raw', 'stdout:url-encoded']);
  });

  it('reports a password in a file the test created, also when the test deletes it first', async () => {
    const root = mkdtempSync(join(tmpdir(), 'tf-guard-root-'));
    try {
      const g = start([root]);
      // Told to this guard only: the suite-wide guard sees the real rmSync below and must not know it.
      const pw = randomBytes(15).toString('base64url');
      g.noteIssued(pw);
      const kept = mkdtempSync(join(root, 'kept-'));
      writeFileSync(join(kept, 'app.log'), `{"msg":"${pw}"}\n`);
      const deleted = mkdtempSync(join(root, 'deleted-'));
      writeFileSync(join(deleted, 'store.db'), Buffer.concat([Buffer.alloc(100), Buffer.from(Buffer.from(pw).toString('base64')), Buffer.alloc(100)]));
      await rm(deleted, { recursive: true, force: true });
      const clean = mkdtempSync(join(root, 'clean-'));
      writeFileSync(join(clean, 'other.log'), 'nothing secret');
      rmSync(clean, { recursive: true });
      const leaks = g.check();
      expect(leaks.map((l) => `${l.where.replace(root, '<root>')}:${l.form}`).sort()).toEqual([
        `file <root>/${deleted.slice(root.length + 1)}/store.db:base64`,
        `file <root>/${kept.slice(root.length + 1)}/app.log:raw`,
      ]);
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });

  it('reports a password inside an error vitest recorded for a test', () => {
    const g = start([]);
    const pw = generateTempPassword();
    const suite = { name: 'file', tasks: [{ name: 'ok', result: { errors: [] } }, { name: 'bad', result: { errors: [{ message: `PATCH failed for ${pw}` }] } }] };
    expect(g.check(suite)).toEqual([expect.objectContaining({ where: 'error in "bad"', form: 'raw' })]);
  });

  it('is installed in every test file (vitest setupFiles) and hears passwords even when a test clears its own observer', () => {
    const before = suiteGuard.issuedCount();
    // The same guard that heard the tests above (a re-run setup module would start from zero).
    expect(before).toBeGreaterThanOrEqual(3);
    observeIssuedPasswords(() => undefined);
    observeIssuedPasswords(null);
    generateTempPassword();
    expect(suiteGuard.issuedCount()).toBe(before + 1);
    // Nothing of it was written anywhere: the file's final check stays clean.
    expect(suiteGuard.check()).toEqual([]);
  });

  it('does nothing and reports nothing in a file that issued no password', () => {
    const g = start([]);
    // Output before any issue is not kept: a password issued later cannot be in it.
    writeSync(1, 'before\n');
    expect(g.issuedCount()).toBe(0);
    expect(g.check({ name: 'f', result: { errors: [{ message: 'x' }] } })).toEqual([]);
    const pw = generateTempPassword();
    process.stdout.write('unrelated output\n');
    expect(g.issuedCount()).toBe(1);
    expect(g.check()).toEqual([]);
    expect(pw).toHaveLength(20);
  });
});
