import { http, HttpResponse, type RequestHandler } from 'msw';
import { runCmdlet } from './exchange-cmdlets.js';
import { ExchangeCmdletError, exchangeErrorResponse, exchangeUnauthorized } from './exchange-errors.js';
import { pathOf, served, type SimContext } from './sim-context.js';
import { AUDIENCES } from './sim-tokens.js';

interface CmdletInput {
  name: string;
  parameters: Record<string, unknown>;
}

function parseBody(text: string): CmdletInput | null {
  try {
    const body = JSON.parse(text) as { CmdletInput?: { CmdletName?: unknown; Parameters?: unknown } };
    const name = body.CmdletInput?.CmdletName;
    const parameters = body.CmdletInput?.Parameters ?? {};
    if (typeof name !== 'string' || typeof parameters !== 'object' || parameters === null || Array.isArray(parameters)) return null;
    return { name, parameters: parameters as Record<string, unknown> };
  } catch {
    return null;
  }
}

/** `Prefer: odata.maxpagesize=N`, capped by the simulator's own page size. */
function pageSize(request: Request, cap: number): number {
  const m = /odata\.maxpagesize=(\d+)/i.exec(request.headers.get('prefer') ?? '');
  return Math.max(1, Math.min(cap, m ? Number(m[1]) : cap));
}

function selectColumns(rows: Record<string, unknown>[], select: string | null): Record<string, unknown>[] {
  if (!select) return rows;
  const wanted = select.split(',').map((s) => s.trim().toLowerCase()).filter(Boolean);
  return rows.map((row) => Object.fromEntries(Object.entries(row).filter(([k]) => wanted.includes(k.toLowerCase()))));
}

/** The same URL with `$skiptoken` moved on, `$` left literal as OData services write it. */
function nextLink(url: URL, skip: number): string {
  const kept = url.search.replace(/^\?/, '').split('&').filter((p) => p && !/^(\$|%24)skiptoken=/i.test(p));
  return `${url.origin}${url.pathname}?${[...kept, `$skiptoken=${skip}`].join('&')}`;
}

/**
 * Exchange admin API `POST {base}/{tenantId}/InvokeCommand`: a bearer token for the
 * outlook.office365.com audience issued for the same tenant as the URL, a `CmdletInput`
 * body, results as `{ value: [...] }` paged through `@odata.nextLink`.
 */
export function exchangeHandlers(ctx: SimContext, exchangeBase: string): RequestHandler[] {
  const base = exchangeBase.replace(/\/$/, '');
  return [
    http.post(`${base}/:tenantId/InvokeCommand`, async ({ request, params }) => {
      const tenantId = String(params.tenantId);
      const input = parseBody(await request.text());
      const identity = input?.parameters.Identity;
      const call = {
        system: 'exchange' as const,
        tenantId,
        method: 'POST',
        path: pathOf(request),
        cmdlet: input?.name,
        identity: identity === undefined ? undefined : String(identity),
        anchorMailbox: request.headers.get('x-anchormailbox') ?? undefined,
      };
      return served(ctx, call, async () => {
        const auth = ctx.tokens.check(request.headers.get('authorization'));
        if (!auth.ok) return exchangeUnauthorized(auth.reason === 'expired' ? 'The token has expired.' : 'The access token is missing or invalid.');
        if (auth.claims.aud !== AUDIENCES.exchange) return exchangeUnauthorized('The audience of the token is not valid for this resource.');
        if (auth.claims.tid !== tenantId) return exchangeUnauthorized("The token's tenant does not match the tenant in the request URL.");
        const tenant = ctx.state.get(tenantId);
        if (!tenant) return exchangeUnauthorized('Unknown tenant.');
        if (!input) return HttpResponse.json({ error: { code: 'BadRequest', message: 'The request body must be {"CmdletInput":{"CmdletName":"...","Parameters":{...}}}.' } }, { status: 400 });
        try {
          const refused = ctx.faults.beforeCmdlet(input.name);
          if (refused) return refused;
          const result = runCmdlet(tenant, ctx.faults, input.name, input.parameters);
          const lost = await ctx.faults.afterCmdlet(input.name);
          if (lost) return lost;
          const url = new URL(request.url);
          const rows = selectColumns(result.rows, url.searchParams.get('$select'));
          const skip = Number(url.searchParams.get('$skiptoken') ?? 0) || 0;
          const size = pageSize(request, ctx.maxPageSize);
          const page = rows.slice(skip, skip + size);
          const body: Record<string, unknown> = {
            '@odata.context': `${url.origin}${url.pathname.replace(/\/InvokeCommand$/, '')}/$metadata#Collection(Exchange.GenericHashTable)`,
            'adminapi.warnings@odata.type': '#Collection(String)',
            '@adminapi.warnings': result.warnings,
            value: page,
          };
          if (skip + size < rows.length) body['@odata.nextLink'] = nextLink(url, skip + size);
          return HttpResponse.json(body);
        } catch (err) {
          if (err instanceof ExchangeCmdletError) return exchangeErrorResponse(err);
          throw err;
        }
      });
    }),
  ];
}
