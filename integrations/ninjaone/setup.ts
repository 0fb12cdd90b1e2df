import { z } from 'zod';
import type { RmmDoctorResult, RmmInstallResult, RmmRuntimeOptions, RmmSetup } from '../rmm-integration.js';
import { envCheck, organisationsCheck, reachCheck } from '../rmm-setup-checks.js';
import type { NinjaOneInstallation } from './installation-schema.js';
import { createNinjaClient } from './ninja-client.js';

const NinjaOrganizations = z.array(z.object({ id: z.number(), name: z.string() }).loose());

/**
 * `PUT /v2/webhook` creates or replaces the one webhook of this API client, so running install
 * twice leaves one registration. The secret header's value is sent to NinjaOne (that is where it
 * must live) and nowhere else.
 */
export async function ninjaInstall(install: NinjaOneInstallation, setup: RmmSetup, o: RmmRuntimeOptions): Promise<RmmInstallResult> {
  const n = install.ninjaone;
  const secret = o.env[n.webhookSecretEnv];
  if (!secret) throw new Error(`environment variable ${n.webhookSecretEnv} is not set: the webhook needs its secret header`);
  const http = createNinjaClient(install, o);
  await http.request({
    method: 'PUT',
    path: '/v2/webhook',
    operation: 'registerWebhook',
    body: { url: setup.webhookUrl, activities: { CONDITION: ['TRIGGERED', 'RESET'] }, expand: ['device'], headers: [{ name: n.webhookHeaderName, value: secret }] },
    idempotent: true,
  });
  return { registered: true, detail: `PUT ${n.baseUrl}/v2/webhook -> ${setup.webhookUrl} (CONDITION TRIGGERED/RESET, header ${n.webhookHeaderName}); replaces any earlier registration of this API client` };
}

export async function ninjaDoctor(install: NinjaOneInstallation, setup: RmmSetup, o: RmmRuntimeOptions): Promise<RmmDoctorResult> {
  const n = install.ninjaone;
  const secret = envCheck('client secret', o.env, n.clientSecretEnv);
  const http = createNinjaClient(install, { ...o, timeoutMs: o.timeoutMs ?? 15_000 });
  const orgs = secret.ok
    ? await reachCheck('token and API reachable', () => http.request({ method: 'GET', path: '/v2/organizations', operation: 'listOrganizations', schema: NinjaOrganizations }), (list) => `token issued for ${n.clientId}; GET /v2/organizations answered ${list.length} organisation(s)`)
    : { check: { name: 'token and API reachable', ok: false, detail: 'skipped: no client secret' }, value: null };
  const conditions = n.conditions.length > 0 ? { name: 'conditions mapped', ok: true, detail: n.conditions.map((c) => `${c.uid} -> ${c.category}${c.serviceName ? ` ${c.serviceName}` : ''}${c.application ? ` ${c.application}` : ''}`).join(', ') } : { name: 'conditions mapped', ok: false, detail: 'no conditions configured: every alert would be category other (escalated)' };
  return {
    checks: [
      secret,
      orgs.check,
      organisationsCheck('NinjaOne organisation', setup.organisationIds, orgs.value?.map((x) => ({ id: String(x.id), name: x.name })) ?? null),
      envCheck('webhook secret', o.env, n.webhookSecretEnv),
      conditions,
      // NinjaOne's API has no read of the webhook: install (PUT, idempotent) is the way to be sure.
      { name: 'webhook', ok: true, detail: `cannot be read back through the API: run 'ticketfix install --rmm ninjaone' to (re)register ${setup.webhookUrl}` },
    ],
  };
}
