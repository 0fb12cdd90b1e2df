import { z } from 'zod';
import { createHttpClient, type HttpClient } from '../../src/http/http-client.js';

// CW answers {"signing_key": "..."}; some deployments send it as a JSON string, so parse twice.
const SigningKeyResponse = z.preprocess((v) => {
  if (typeof v !== 'string') return v;
  try {
    return JSON.parse(v) as unknown;
  } catch {
    return v;
  }
}, z.object({ signing_key: z.string().min(1) }));

export interface SigningKey {
  key: string;
  fetchedAt: number;
}

export interface SigningKeyFetcher {
  /** The key behind an already-allowed key_url, cached per URL; `refresh` bypasses the cache. */
  get(url: string, options?: { refresh?: boolean }): Promise<SigningKey>;
}

export interface SigningKeyFetcherOptions {
  ttlMs?: number;
  /** Distinct key URLs remembered; the oldest is dropped beyond this (bounds memory). */
  maxEntries?: number;
  timeoutMs?: number;
  now?: () => number;
  /** Test seam; by default a dedicated unauthenticated client (API keys never go to key_url). */
  http?: HttpClient;
}

/**
 * Fetches and caches callback signing keys. Only call it with URLs `checkKeyUrl` allowed.
 * Its own seam sends no credentials and follows no redirects, so a key host cannot bounce the
 * request elsewhere.
 */
export function createSigningKeyFetcher(options: SigningKeyFetcherOptions = {}): SigningKeyFetcher {
  const ttlMs = options.ttlMs ?? 10 * 60_000;
  const maxEntries = options.maxEntries ?? 50;
  const now = options.now ?? Date.now;
  const http = options.http ?? createHttpClient({ system: 'connectwise-signing-key', baseUrl: '', headers: () => ({}), timeoutMs: options.timeoutMs ?? 5_000, maxRetries: 1 });
  const cache = new Map<string, Promise<SigningKey>>();

  async function load(url: string): Promise<SigningKey> {
    // GET Metadata.key_url -> {"signing_key": "..."}; the path is the full URL (empty baseUrl).
    const body = await http.request({ method: 'GET', path: url, operation: 'getSigningKey', schema: SigningKeyResponse });
    return { key: body.signing_key, fetchedAt: now() };
  }

  return {
    async get(url, { refresh = false } = {}) {
      const cached = cache.get(url);
      if (cached && !refresh) {
        const entry = await cached.catch(() => null);
        if (entry && now() - entry.fetchedAt < ttlMs) return entry;
      }
      const pending = load(url);
      cache.delete(url);
      cache.set(url, pending);
      pending.catch(() => cache.get(url) === pending && cache.delete(url));
      while (cache.size > maxEntries) cache.delete(cache.keys().next().value as string);
      return pending;
    },
  };
}
