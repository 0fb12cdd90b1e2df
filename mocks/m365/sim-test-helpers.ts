import type { M365Simulator } from './create-m365-simulator.js';

/** Small fetch helpers for the simulator's own tests (the product code has real clients). */
export const CONTOSO = '6f2c1b9e-3a53-4c0e-9d6e-0b6a3d4c1a01';
export const FABRIKAM = '0c4e8f7a-6b2d-4e1f-8a9c-5d3b2e1f0a02';
export const SCOPES = { graph: 'https://graph.microsoft.com/.default', exchange: 'https://outlook.office365.com/.default' } as const;

export function tokenRequest(sim: M365Simulator, tenantId: string, form: Record<string, string>): Promise<Response> {
  return fetch(`${sim.urls.authority}/${tenantId}/oauth2/v2.0/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams(form).toString(),
  });
}

export async function simToken(sim: M365Simulator, tenantId: string, resource: keyof typeof SCOPES): Promise<string> {
  const res = await tokenRequest(sim, tenantId, { grant_type: 'client_credentials', client_id: sim.app.clientId, client_secret: sim.app.clientSecret, scope: SCOPES[resource] });
  if (res.status !== 200) throw new Error(`token request failed: ${res.status} ${await res.text()}`);
  return ((await res.json()) as { access_token: string }).access_token;
}

export function invoke(sim: M365Simulator, tenantId: string, token: string | null, cmdlet: string, parameters: Record<string, unknown>, options: { select?: string; url?: string; prefer?: string } = {}): Promise<Response> {
  const url = options.url ?? `${sim.urls.exchange}/${tenantId}/InvokeCommand${options.select ? `?$select=${options.select}` : ''}`;
  const headers: Record<string, string> = { 'content-type': 'application/json; charset=utf-8' };
  if (token) headers.authorization = `Bearer ${token}`;
  if (options.prefer) headers.prefer = options.prefer;
  return fetch(url, { method: 'POST', headers, body: JSON.stringify({ CmdletInput: { CmdletName: cmdlet, Parameters: parameters } }) });
}

export function graphUser(sim: M365Simulator, token: string | null, idOrUpn: string, select?: string): Promise<Response> {
  const url = `${sim.urls.graph}/users/${encodeURIComponent(idOrUpn)}${select ? `?$select=${select}` : ''}`;
  return fetch(url, { headers: token ? { authorization: `Bearer ${token}` } : {} });
}
