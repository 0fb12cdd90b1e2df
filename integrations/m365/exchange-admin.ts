import { z } from 'zod';
import type { HttpClient } from '../../src/http/http-client.js';
import { OutsideApiError } from '../../src/http/outside-api-error.js';
import { retryOnceOnUnauthorized, type Bearer } from './bearer.js';
import { toExchangeCommandError } from './exchange-error.js';
import type { ExchangeAdmin } from './types.js';

const InvokeResponse = z.object({
  value: z.array(z.record(z.string(), z.unknown())).nullable().default([]),
  '@odata.nextLink': z.string().optional(),
  '@adminapi.warnings': z.array(z.string()).optional(),
});

const CMDLET = /^[A-Z][a-z]+-[A-Za-z0-9]+$/;
const PROPERTY = /^[A-Za-z0-9_]+$/;
/** A runaway nextLink chain stops here instead of looping forever. */
const MAX_PAGES = 100;

/** The headers InvokeCommand expects besides Authorization (as the EXO V3 module and CIPP send them). */
export function exchangeHeaders(tenantId: string): Record<string, string> {
  return {
    'Content-Type': 'application/json; charset=utf-8',
    Prefer: 'odata.maxpagesize=1000',
    'X-AnchorMailbox': `APP:SystemMailbox{bb558c35-97f1-4cb9-8ff7-d53741dc928c}@${tenantId}`,
  };
}

export interface ExchangeAdminDeps {
  tenantId: string;
  /** `{exchangeBaseUrl}/{tenantId}`: the seam for this tenant. */
  http: HttpClient;
  bearer: Bearer;
  onWarnings?: (cmdlet: string, warnings: string[]) => void;
}

/**
 * Exchange admin `InvokeCommand` for one tenant (undocumented, used by the EXO V3 module and
 * CIPP; Graph has no quota setter). One cmdlet per POST, results paged via @odata.nextLink.
 */
export function createExchangeAdmin(deps: ExchangeAdminDeps): ExchangeAdmin {
  const { http } = deps;
  const body = (cmdlet: string, parameters: Record<string, unknown>) => ({ CmdletInput: { CmdletName: cmdlet, Parameters: parameters } });
  const firstPath = (select?: string[]) => `/InvokeCommand${select?.length ? `?$select=${select.join(',')}` : ''}`;

  /** nextLink is absolute; it must stay on this tenant's endpoint before a token goes with it. */
  function nextPath(link: string, cmdlet: string): string {
    const base = `${http.baseUrl.replace(/\/$/, '')}/InvokeCommand`;
    if (!link.startsWith(base) || !/^($|\?)/.test(link.slice(base.length))) {
      throw new OutsideApiError('exchange', cmdlet, null, 'nextLink points outside this tenant\'s InvokeCommand endpoint', false);
    }
    return link.slice(http.baseUrl.replace(/\/$/, '').length);
  }

  return {
    async invoke(cmdlet, parameters, select) {
      if (!CMDLET.test(cmdlet)) throw new Error(`not a cmdlet name: '${cmdlet.slice(0, 60)}'`);
      if (select?.some((p) => !PROPERTY.test(p))) throw new Error('select: property names are letters, digits and underscores');
      const rows: Record<string, unknown>[] = [];
      let path: string | undefined = firstPath(select);
      try {
        for (let page = 0; path !== undefined; page++) {
          if (page >= MAX_PAGES) throw new OutsideApiError('exchange', cmdlet, null, `more than ${MAX_PAGES} pages`, false);
          const pagePath: string = path;
          const res = await retryOnceOnUnauthorized(deps.bearer, () =>
            http.request({
              method: 'POST',
              path: pagePath,
              operation: cmdlet,
              body: body(cmdlet, parameters),
              headers: exchangeHeaders(deps.tenantId),
              schema: InvokeResponse,
              // Reads are safe to repeat after a 5xx; a write is only repeated when refused outright.
              idempotent: /^(Get|Test)-/.test(cmdlet),
            }),
          );
          rows.push(...(res.value ?? []));
          if (res['@adminapi.warnings']?.length) deps.onWarnings?.(cmdlet, res['@adminapi.warnings']);
          const link = res['@odata.nextLink'];
          path = link ? nextPath(link, cmdlet) : undefined;
        }
      } catch (err) {
        // Token failures keep their own system ('m365-login'): they are not Exchange's answer.
        throw err instanceof OutsideApiError && err.system === 'exchange' ? toExchangeCommandError(err, cmdlet) : err;
      }
      return rows;
    },

    describe(cmdlet, parameters) {
      return { method: 'POST', url: `${http.baseUrl.replace(/\/$/, '')}${firstPath()}`, body: body(cmdlet, parameters) };
    },
  };
}
