import { AuthError, ConfidentialClientApplication, ServerError } from '@azure/msal-node';
import { OutsideApiError } from '../../src/http/outside-api-error.js';
import { withoutSecret } from './client-secret.js';
import { assertTenantId } from './tenant-id.js';
import { RESOURCE_SCOPES, type TokenSource } from './token-source.js';

export interface MsalTokenSourceOptions {
  clientId: string;
  clientSecret: string;
  /** An https authority host, e.g. https://login.microsoftonline.com. */
  authorityHost: string;
}

/**
 * msal-node client credentials for many tenants from one ConfidentialClientApplication: each
 * request names its own authority `{host}/{tenantId}` (never common/organizations), and
 * msal's cache keeps tokens per tenant and scope until shortly before expiry.
 */
export function createMsalTokenSource(options: MsalTokenSourceOptions): TokenSource {
  const host = options.authorityHost.replace(/\/$/, '');
  let app: ConfidentialClientApplication | undefined;

  // Built on first use so its construction-time authority is a real customer tenant too.
  const appFor = (tenantId: string) =>
    (app ??= new ConfidentialClientApplication({
      auth: {
        clientId: options.clientId,
        clientSecret: options.clientSecret,
        authority: `${host}/${tenantId}`,
        // Trust the configured host as is: no instance-discovery call to the public cloud
        // for a sovereign or test authority (login.microsoftonline.com needs none anyway).
        knownAuthorities: [new URL(host).host],
      },
    }));

  return {
    async getToken(tenantId, resource, { forceRefresh = false } = {}) {
      assertTenantId(tenantId);
      const operation = `token (${resource}) for tenant ${tenantId}`;
      try {
        const result = await appFor(tenantId).acquireTokenByClientCredential({
          scopes: [RESOURCE_SCOPES[resource]],
          authority: `${host}/${tenantId}`,
          skipCache: forceRefresh,
        });
        if (!result?.accessToken) throw new OutsideApiError('m365-login', operation, null, 'no access token in the response', true);
        return result.accessToken;
      } catch (err) {
        throw toOutsideApiError(err, operation, options.clientSecret);
      }
    },
  };
}

/** msal errors carry Entra's description with trace ids; keep the AADSTS line only. */
function toOutsideApiError(err: unknown, operation: string, secret: string): OutsideApiError {
  if (err instanceof OutsideApiError) return err;
  if (err instanceof AuthError) {
    const status = err instanceof ServerError ? (err.status ?? null) : null;
    const aadsts = /AADSTS\d+:[^\r\n]*/.exec(err.errorMessage)?.[0];
    const message = withoutSecret(`${err.errorCode}${aadsts ? `: ${aadsts}` : err.errorMessage ? `: ${err.errorMessage.split(/\r?\n/)[0]}` : ''}`, secret);
    const retryable = status === null ? /network|timed?_?out|endpoint_resolution/i.test(err.errorCode) : status === 429 || status >= 500;
    return new OutsideApiError('m365-login', operation, status, message.slice(0, 300), retryable);
  }
  const text = err instanceof Error ? err.message : String(err);
  return new OutsideApiError('m365-login', operation, null, withoutSecret(text, secret).slice(0, 300), true);
}
