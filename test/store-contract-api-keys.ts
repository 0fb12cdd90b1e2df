import { describe, expect, it } from 'vitest';
import type { ApiKeyRecord } from '../src/store/api-keys.js';
import type { Store } from '../src/store/store.js';

export function makeApiKey(overrides: Partial<ApiKeyRecord> = {}): ApiKeyRecord {
  return { id: 'k1a2b3c4', name: 'ops', role: 'viewer', secretHash: 'a'.repeat(64), createdAt: '2030-01-01T00:00:00.000Z', lastUsedAt: null, revokedAt: null, ...overrides };
}

/** API keys and single-use markers: part of the Store contract (called from test/store-contract.ts). */
export function apiKeyContract(store: () => Store): void {
  describe('API keys', () => {
    it('stores a key and reads it back unchanged; an unknown id is null', async () => {
      const key = makeApiKey();
      await store().createApiKey(key);
      expect(await store().getApiKey(key.id)).toEqual(key);
      expect(await store().getApiKey('nosuchkey')).toBeNull();
    });

    it('refuses a second key with the same id and keeps the first', async () => {
      await store().createApiKey(makeApiKey({ name: 'first' }));
      await expect(store().createApiKey(makeApiKey({ name: 'second' }))).rejects.toThrow(/already exists/);
      expect((await store().getApiKey('k1a2b3c4'))?.name).toBe('first');
    });

    it('refuses a malformed record (a plain secret where the hash goes, an unknown role)', async () => {
      await expect(store().createApiKey(makeApiKey({ secretHash: 'not-a-hash' }))).rejects.toThrow();
      await expect(store().createApiKey(makeApiKey({ role: 'root' as never }))).rejects.toThrow();
      expect(await store().listApiKeys()).toEqual([]);
    });

    it('lists keys oldest first, revoked ones included', async () => {
      await store().createApiKey(makeApiKey({ id: 'bbbbbb1', createdAt: '2030-01-01T00:00:01.000Z' }));
      await store().createApiKey(makeApiKey({ id: 'aaaaaa1', createdAt: '2030-01-01T00:00:02.000Z', role: 'admin' }));
      await store().revokeApiKey('bbbbbb1', '2030-01-02T00:00:00.000Z');
      const list = await store().listApiKeys();
      expect(list.map((k) => [k.id, k.revokedAt])).toEqual([
        ['bbbbbb1', '2030-01-02T00:00:00.000Z'],
        ['aaaaaa1', null],
      ]);
    });

    it('revokes exactly once; an unknown id revokes nothing', async () => {
      await store().createApiKey(makeApiKey());
      const results = await Promise.all([1, 2, 3].map((n) => store().revokeApiKey('k1a2b3c4', `2030-01-0${n}T00:00:00.000Z`)));
      expect(results.filter((r) => r !== null)).toHaveLength(1);
      expect(await store().revokeApiKey('k1a2b3c4', '2030-02-01T00:00:00.000Z')).toBeNull();
      expect(await store().revokeApiKey('nosuchkey', '2030-02-01T00:00:00.000Z')).toBeNull();
      expect(await store().getApiKey('nosuchkey')).toBeNull();
    });

    it('records the last use, and touching an unknown id creates nothing', async () => {
      await store().createApiKey(makeApiKey());
      await store().touchApiKey('k1a2b3c4', '2030-01-05T00:00:00.000Z');
      await store().touchApiKey('nosuchkey', '2030-01-05T00:00:00.000Z');
      expect((await store().getApiKey('k1a2b3c4'))?.lastUsedAt).toBe('2030-01-05T00:00:00.000Z');
      expect(await store().getApiKey('nosuchkey')).toBeNull();
      expect(await store().listApiKeys()).toHaveLength(1);
    });

    it('useOnce is true for exactly one of many concurrent callers, per token', async () => {
      const keep = new Date(Date.now() + 60_000).toISOString();
      const results = await Promise.all(Array.from({ length: 10 }, () => store().useOnce('link-1', keep)));
      expect(results.filter(Boolean)).toHaveLength(1);
      expect(await store().useOnce('link-1', keep)).toBe(false);
      expect(await store().useOnce('link-2', keep)).toBe(true);
    });
  });
}
