import { z } from 'zod';
import type { RmmDoctorResult, RmmInstallResult, RmmRuntimeOptions, RmmSetup } from '../rmm-integration.js';
import { envCheck, organisationsCheck, reachCheck } from '../rmm-setup-checks.js';
import { createDattoClient } from './datto-client.js';
import type { DattoInstallation } from './installation-schema.js';
import { DATTO_SECRET_HEADER, dattoWebhookPayload } from './webhook-template.js';

const DattoSites = z.object({ sites: z.array(z.object({ uid: z.string(), name: z.string() }).loose()) }).loose();
const DattoComponents = z.object({ components: z.array(z.object({ uid: z.string(), name: z.string() }).loose()) }).loose();

/** Datto has no API for monitor responses: what the MSP pastes into each service monitor (secret as a placeholder). */
export function dattoPasteText(install: DattoInstallation, webhookUrl: string): string {
  return [
    'Each monitor > Response > Webhook (one per monitor; the service name is typed in literally):',
    `URL: ${webhookUrl}`,
    `Header: ${DATTO_SECRET_HEADER}: <the value of ${install.datto.webhookSecretEnv}>`,
    'Triggered payload (service monitor, e.g. Spooler):',
    dattoWebhookPayload('triggered', { category: 'service_stopped', serviceName: '<Windows service name>' }),
    'Resolved payload:',
    dattoWebhookPayload('resolved', { category: 'service_stopped', serviceName: '<Windows service name>' }),
  ].join('\n');
}

export async function dattoInstall(install: DattoInstallation, setup: RmmSetup): Promise<RmmInstallResult> {
  return { registered: false, detail: 'Datto RMM has no API for monitor webhooks: paste the response below into each monitor (see integrations/datto/README.md)', paste: dattoPasteText(install, setup.webhookUrl) };
}

export async function dattoDoctor(install: DattoInstallation, setup: RmmSetup, o: RmmRuntimeOptions): Promise<RmmDoctorResult> {
  const d = install.datto;
  const creds = [envCheck('API key', o.env, d.apiKeyEnv), envCheck('API secret', o.env, d.apiSecretEnv)];
  const http = createDattoClient(install, { ...o, timeoutMs: o.timeoutMs ?? 15_000 });
  const sites = creds.every((c) => c.ok)
    ? await reachCheck('token and API reachable', () => http.request({ method: 'GET', path: '/api/v2/account/sites', operation: 'listSites', schema: DattoSites }), (r) => `GET /api/v2/account/sites answered ${r.sites.length} site(s)`)
    : { check: { name: 'token and API reachable', ok: false, detail: 'skipped: API key or secret missing' }, value: null };
  const checks = [...creds, sites.check, organisationsCheck('Datto site', setup.organisationIds, sites.value?.sites.map((s) => ({ id: s.uid, name: s.name })) ?? null)];
  if (!d.components) checks.push({ name: 'components', ok: false, detail: 'no components configured: Datto has no native service or package verbs, so nothing can be run' });
  else if (sites.value) {
    const list = await reachCheck('components', () => http.request({ method: 'GET', path: '/api/v2/account/components', operation: 'listComponents', schema: DattoComponents }), () => '');
    const have = new Set(list.value?.components.map((c) => c.uid) ?? []);
    const missing = Object.entries(d.components).filter(([, uid]) => !have.has(uid));
    checks.push(!list.check.ok ? list.check : missing.length > 0 ? { name: 'components', ok: false, detail: `not in the account: ${missing.map(([k, uid]) => `${k} (${uid})`).join(', ')}` } : { name: 'components', ok: true, detail: `all ${Object.keys(d.components).length} configured components exist` });
  }
  checks.push(envCheck('webhook secret', o.env, d.webhookSecretEnv));
  checks.push({ name: 'monitor webhooks', ok: true, detail: 'cannot be read through the API: make sure each monitor has the response below' });
  return { checks, paste: dattoPasteText(install, setup.webhookUrl) };
}
