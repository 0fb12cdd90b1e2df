import { z } from 'zod';
import type { DoctorCheck } from '../psa-integration.js';
import type { RmmDoctorResult, RmmInstallResult, RmmRuntimeOptions, RmmSetup } from '../rmm-integration.js';
import { envCheck, organisationsCheck, reachCheck } from '../rmm-setup-checks.js';
import { TACTICAL_FAILURE_BODY, TACTICAL_RESOLVED_BODY, TACTICAL_SECRET_HEADER, TACTICAL_SOFTWARE_REQUEST_FIELD, TACTICAL_URL_ACTION_NAMES } from './alert-template.js';
import type { TacticalInstallation } from './installation-schema.js';
import { createTacticalClient } from './tactical-adapter.js';

const TacticalClients = z.array(z.object({ id: z.number(), name: z.string() }).loose());
const TacticalScripts = z.array(z.object({ id: z.number(), name: z.string() }).loose());

/**
 * Tactical has no API for URL actions or alert templates: this is what the MSP enters (the secret
 * stays a placeholder). URL actions are global objects an alert template only references.
 */
export function tacticalPasteText(install: TacticalInstallation, webhookUrl: string): string {
  const headers = JSON.stringify({ 'Content-Type': 'application/json', [TACTICAL_SECRET_HEADER]: `<the value of ${install.tactical.webhookSecretEnv}>` });
  return [
    `1. Settings > Global Settings > URL Actions > Add: name '${TACTICAL_URL_ACTION_NAMES.failure}', type REST, method POST, URL ${webhookUrl}`,
    `   Headers: ${headers}`,
    '   Body:',
    TACTICAL_FAILURE_BODY,
    `2. Add a second URL action '${TACTICAL_URL_ACTION_NAMES.resolved}' with the same URL and headers and this body:`,
    TACTICAL_RESOLVED_BODY,
    `3. Settings > Alerts Manager > your alert template: Failure Settings action type Rest, action '${TACTICAL_URL_ACTION_NAMES.failure}';`,
    `   Resolved Settings action type Rest, action '${TACTICAL_URL_ACTION_NAMES.resolved}'; enable "Run actions" for checks.`,
    '   Info alerts only run actions when Global Settings allow notifying on info alerts; warnings by default.',
    `4. Software requests: an agent text custom field '${TACTICAL_SOFTWARE_REQUEST_FIELD}'; a script check whose script prints the field's value`,
    `   and exits 1 while it holds one; set that script's id as softwareRequestScriptId (now ${install.tactical.softwareRequestScriptId ?? 'unset: requests escalate'}).`,
    "Clients map by their Tactical client NAME (what an agent's detail answers as 'client'), e.g. \"organisationIds\": [\"Contoso Ltd\"].",
  ].join('\n');
}

/**
 * Clients map by name: GET /agents/<agent_id>/ answers `client` as the client's name
 * (agents/serializers.py AgentSerializer), and names are unique (clients/models.py). A mapped
 * number that is a client's pk is the old mistake: say so.
 */
export function tacticalClientsCheck(mapped: string[], clients: { id: number; name: string }[] | null): DoctorCheck {
  const byName = organisationsCheck('Tactical client', mapped, clients?.map((c) => ({ id: c.name, name: `client id ${c.id}` })) ?? null);
  if (byName.ok || !clients) return byName;
  const ids = mapped.filter((m) => clients.some((c) => String(c.id) === m && c.name !== m));
  if (ids.length === 0) return byName;
  const fix = ids.map((m) => `'${m}' -> '${clients.find((c) => String(c.id) === m)!.name}'`).join(', ');
  return { name: byName.name, ok: false, detail: `Tactical clients are mapped by name, not id (an agent's detail answers the client's name): ${fix}` };
}

export async function tacticalInstall(install: TacticalInstallation, setup: RmmSetup): Promise<RmmInstallResult> {
  return { registered: false, detail: 'Tactical RMM has no API for alert templates: paste the template below once (see integrations/tactical/README.md)', paste: tacticalPasteText(install, setup.webhookUrl) };
}

export async function tacticalDoctor(install: TacticalInstallation, setup: RmmSetup, o: RmmRuntimeOptions): Promise<RmmDoctorResult> {
  const t = install.tactical;
  const http = createTacticalClient(install, { ...o, timeoutMs: o.timeoutMs ?? 15_000 });
  const key = envCheck('API key', o.env, t.apiKeyEnv);
  const clients = key.ok ? await reachCheck('API reachable', () => http.request({ method: 'GET', path: '/clients/', operation: 'listClients', schema: TacticalClients }), (c) => `GET ${t.apiUrl}/clients/ answered ${c.length} client(s)`) : { check: { name: 'API reachable', ok: false, detail: 'skipped: no API key' }, value: null };
  const checks = [key, clients.check, tacticalClientsCheck(setup.organisationIds, clients.value)];
  if (t.chocoUninstallScriptId === undefined) checks.push({ name: 'uninstall script', ok: true, detail: 'chocoUninstallScriptId is not configured: software installs cannot be rolled back automatically' });
  else if (clients.value) {
    const scripts = await reachCheck('uninstall script', () => http.request({ method: 'GET', path: '/scripts/', operation: 'listScripts', schema: TacticalScripts }), (s) => (s.some((x) => x.id === t.chocoUninstallScriptId) ? `script ${t.chocoUninstallScriptId} exists` : ''));
    checks.push(scripts.check.ok && !scripts.check.detail ? { name: 'uninstall script', ok: false, detail: `no script with id ${t.chocoUninstallScriptId} (chocoUninstallScriptId)` } : scripts.check);
  }
  checks.push(envCheck('webhook secret', o.env, t.webhookSecretEnv));
  checks.push({ name: 'alert template', ok: true, detail: 'URL actions and alert templates cannot be read through the API key: make sure the steps below are done' });
  if (t.softwareRequestScriptId === undefined) checks.push({ name: 'software request script', ok: true, detail: 'softwareRequestScriptId is not configured: software requests escalate to a person' });
  return { checks, paste: tacticalPasteText(install, setup.webhookUrl) };
}
