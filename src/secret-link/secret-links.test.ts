import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openStore } from '../store/open-store.js';
import type { Store } from '../store/store.js';
import { createSecretLinks, linkId } from './secret-links.js';
import { generateTempPassword, observeIssuedPasswords } from './temp-password.js';

let store: Store | undefined;
afterEach(async () => {
  await store?.close();
  store = undefined;
});
const subject = { runId: null, ticketId: '7', clientId: 'contoso', remediationId: 'password-reset', about: 'megan.bowen@contoso.example' };
const tokenOf = (url: string) => url.split('/p/')[1]!;

describe('one-time secret links', () => {
  it('keeps only a hash of the token and a sealed secret; opens exactly once even when raced', async () => {
    store = await openStore({ dataDir: mkdtempSync(join(tmpdir(), 'tfx-link-')) });
    const links = createSecretLinks({ store, publicUrl: 'https://app.example/', clock: () => new Date() });
    const secret = 'Tmp-9xQ!wr7Lp2#zK4mB';
    const { url } = await links.issue(secret, subject, 60_000);
    expect(url).toMatch(/^https:\/\/app\.example\/p\/[A-Za-z0-9_-]{43}$/);
    const token = tokenOf(url);
    const stored = JSON.stringify(await store.getKv(`secret-link:${linkId(token)}`));
    expect(stored).not.toContain(secret);
    expect(stored).not.toContain(token);
    const results = await Promise.all([links.open(token), links.open(token), links.open(token)]);
    expect(results.filter((r) => r.ok)).toEqual([{ ok: true, secret, subject }]);
    expect(results.filter((r) => !r.ok).map((r) => !r.ok && r.reason)).toEqual(['already_opened', 'already_opened']);
    expect(JSON.stringify(await store.getKv(`secret-link:${linkId(token)}`))).toContain('"box":null');
  });

  it('refuses an expired link, an unknown token and a malformed one', async () => {
    store = await openStore({ dataDir: mkdtempSync(join(tmpdir(), 'tfx-link-')) });
    let now = Date.parse('2026-11-26T10:00:00Z');
    const links = createSecretLinks({ store, publicUrl: 'http://x', clock: () => new Date(now) });
    const token = tokenOf((await links.issue('Secret-123-abc', subject, 60_000)).url);
    now += 60_000;
    expect(await links.open(token)).toMatchObject({ ok: false, reason: 'expired', subject });
    expect(await links.open('B'.repeat(43))).toMatchObject({ ok: false, reason: 'unknown', subject: null });
    expect(await links.open('../../etc/passwd')).toMatchObject({ ok: false, reason: 'unknown' });
  });
});

describe('temporary passwords', () => {
  it('are 20 characters with every class, distinct, and observable only through the test hook', () => {
    const seen: string[] = [];
    observeIssuedPasswords((p) => seen.push(p));
    const pws = Array.from({ length: 50 }, () => generateTempPassword());
    observeIssuedPasswords(null);
    generateTempPassword();
    expect(seen).toEqual(pws);
    expect(new Set(pws).size).toBe(50);
    for (const p of pws) {
      expect(p).toHaveLength(20);
      for (const re of [/[A-Z]/, /[a-z]/, /[2-9]/, /[^A-Za-z0-9]/]) expect(p).toMatch(re);
    }
  });
});
