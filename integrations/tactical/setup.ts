import { z } from 'zod';
import type { RmmDoctorResult, RmmInstallResult, RmmRuntimeOptions, RmmSetup } from '../rmm-integration.js';
import { envCheck, organisationsCheck, reachCheck } from '../rmm-setup-checks.js';
import { TACTICAL_FAILURE_BODY, TACTICAL_RESOLVED_BODY, TACTICAL_SECRET_HEADER, TACTICAL_SOFTWARE_REQUEST_FIELD } from './alert-template.js';
import type { TacticalInstallation } from './installation-schema.js';
import { createTacticalClient } from './tactical-adapter.js';

const TacticalClients = z.array(z.object({ id: z.number(), name: z.string() }).loose());
const TacticalScripts = z.array(z.object({ id: z.number(), name: z.string() }).loose());

/** Tactical has no API for alert templates: this is what the MSP pastes (the secret stays a placeholder). */
export function tacticalPasteText(install: TacticalInstallation, webhookUrl: string): string {
  return [
    'Settings > Alerts Manager > your template > Failure action and Resolved action: URL Action (REST), POST',
    `URL: ${webhookUrl}`,
    `Headers: ${JSON.stringify({ 'Content-Type': 'application/json', [TACTICAL_SECRET_HEADER]: `<the value of ${install.tactical.webhookSecretEnv}>` })}`,
    'Failure body:',
    TACTICAL_FAILURE_BODY,
    'Resolved body:',
    TACTICAL_RESOLVED_BODY,
    `Software requests: an agent text custom field '${TACTICAL_SOFTWARE_REQUEST_FIELD}' and a script check that fails while it holds a value.`,
  ].join('\n');
}

export async function tacticalInstall(install: TacticalInstallation, setup: RmmSetup): Promise<RmmInstallResult> {
  return { registered: false, detail: 'Tactical RMM has no API for alert templates: paste the template below once (see integrations/tactical/README.md)', paste: tacticalPasteText(install, setup.webhookUrl) };
}

export async function tacticalDoctor(install: TacticalInstallation, setup: RmmSetup, o: RmmRuntimeOptions): Promise<RmmDoctorResult> {
  const t = install.tactical;
  const http = createTacticalClient(install, { ...o, timeoutMs: o.timeoutMs ?? 15_000 });
  const key = envCheck('API key', o.env, t.apiKeyEnv);
  const clients = key.ok ? await reachCheck('API reachable', () => http.request({ method: 'GET', path: '/clients/', operation: 'listClients', schema: TacticalClients }), (c) => `GET ${t.apiUrl}/clients/ answered ${c.length} client(s)`) : { check: { name: 'API reachable', ok: false, detail: 'skipped: no API key' }, value: null };
  const checks = [key, clients.check, organisationsCheck('Tactical client', setup.organisationIds, clients.value?.map((c) => ({ id: String(c.id), name: c.name })) ?? null)];
  if (t.chocoUninstallScriptId === undefined) checks.push({ name: 'uninstall script', ok: true, detail: 'chocoUninstallScriptId is not configured: software installs cannot be rolled back automatically' });
  else if (clients.value) {
    const scripts = await reachCheck('uninstall script', () => http.request({ method: 'GET', path: '/scripts/', operation: 'listScripts', schema: TacticalScripts }), (s) => (s.some((x) => x.id === t.chocoUninstallScriptId) ? `script ${t.chocoUninstallScriptId} exists` : ''));
    checks.push(scripts.check.ok && !scripts.check.detail ? { name: 'uninstall script', ok: false, detail: `no script with id ${t.chocoUninstallScriptId} (chocoUninstallScriptId)` } : scripts.check);
  }
  checks.push(envCheck('webhook secret', o.env, t.webhookSecretEnv));
  checks.push({ name: 'alert template', ok: true, detail: 'cannot be read through the API: make sure the template below is pasted' });
  return { checks, paste: tacticalPasteText(install, setup.webhookUrl) };
}
