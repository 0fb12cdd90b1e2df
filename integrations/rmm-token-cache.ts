/**
 * A cached OAuth access token for one RMM installation: fetched once for concurrent callers,
 * renewed a minute before it expires (or at half-life for short ones), dropped after a 401.
 */
export interface TokenCache {
  get(): Promise<string>;
  invalidate(): void;
}

export function createTokenCache(fetchToken: () => Promise<{ accessToken: string; expiresInSeconds: number }>, now: () => number = Date.now): TokenCache {
  let cached: { token: string; renewAt: number } | null = null;
  let inFlight: Promise<string> | null = null;
  return {
    async get() {
      if (cached && now() < cached.renewAt) return cached.token;
      inFlight ??= (async () => {
        try {
          const issuedAt = now();
          const t = await fetchToken();
          const lifeMs = t.expiresInSeconds * 1000;
          cached = { token: t.accessToken, renewAt: issuedAt + Math.max(lifeMs / 2, lifeMs - 60_000) };
          return t.accessToken;
        } finally {
          inFlight = null;
        }
      })();
      return inFlight;
    },
    invalidate() {
      cached = null;
    },
  };
}
