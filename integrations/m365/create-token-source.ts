import type { HttpClientOptions } from '../../src/http/http-client.js';
import { createClientCredentialsTokenSource } from './client-credentials-token-source.js';
import { createMsalTokenSource } from './msal-token-source.js';
import type { TokenSource } from './token-source.js';

export type TokenTransportOptions = Pick<HttpClientOptions, 'sleep' | 'timeoutMs' | 'maxRetries' | 'baseDelayMs' | 'maxRetryAfterMs' | 'onAttempt'> & { now?: () => number };

/**
 * msal-node for a real (https) authority; the direct client-credentials POST for the
 * sandbox's plain-http simulator, which msal-node refuses to talk to.
 */
export function createTokenSource(app: { clientId: string; clientSecret: string; authorityHost: string }, options: TokenTransportOptions = {}): TokenSource {
  const protocol = new URL(app.authorityHost).protocol;
  if (protocol === 'https:') return createMsalTokenSource(app);
  if (protocol === 'http:') return createClientCredentialsTokenSource({ ...app, ...options });
  throw new Error(`unsupported authority host protocol '${protocol}'`);
}
