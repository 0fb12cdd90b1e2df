import { OutsideApiError } from '../../src/http/outside-api-error.js';
import type { DoctorCheck } from '../psa-integration.js';
import { AtExcludedResource, AtResource, EntityInformation, ThresholdInformation, itemOf, itemsOf } from './api-schemas.js';
import type { AutotaskClient } from './autotask-client.js';
import type { AutotaskInstallation } from './installation-schema.js';
import { findWebhooks } from './webhook-registration.js';
import { deactivationKey, readRegistration, type DeactivationNotice, type Kv } from './webhook-registry.js';

const why = (err: unknown) => (err instanceof Error ? err.message : String(err));

/**
 * Checks an installation end to end, each failure naming exactly what to fix: zone and
 * credentials, the hourly budget, the webhook permission of the API user's security level, the
 * registered webhook (present, active, ready, GUID known to the store, API user excluded), any
 * deactivation notice, and the resource writes are attributed to.
 */
export async function autotaskDoctor(o: { client: AutotaskClient; installation: AutotaskInstallation; webhookUrl: string; kv: Kv }): Promise<DoctorCheck[]> {
  const { client } = o;
  const at = o.installation.autotask;
  const checks: DoctorCheck[] = [];
  const add = (name: string, ok: boolean, detail: string) => void checks.push({ name, ok, detail });

  try {
    const base = await client.resolveBaseUrl();
    add('zone', true, at.baseUrl ? `baseUrl configured: ${base}` : `ZoneInformation: user '${at.apiUserName}' is served by ${base}`);
  } catch (err) {
    add('zone', false, `ZoneInformation at ${at.zoneLookupUrl} did not give a zone for user '${at.apiUserName}' (check autotask.apiUserName): ${why(err)}`);
    return checks;
  }

  let threshold;
  try {
    // GET /ThresholdInformation doubles as the credentials check (any authenticated read would do).
    threshold = await client.request({ method: 'GET', path: '/ThresholdInformation', operation: 'doctorCredentials', schema: ThresholdInformation });
    add('credentials', true, `API user '${at.apiUserName}' authenticated with tracking identifier '${at.apiIntegrationCode}'`);
  } catch (err) {
    const rejected = err instanceof OutsideApiError && err.status === 401;
    add('credentials', false, rejected ? `Autotask rejected API user '${at.apiUserName}': check the user name, the secret in $${at.secretEnv} and the API tracking identifier '${at.apiIntegrationCode}' (${why(err)})` : why(err));
    return checks;
  }
  const share = threshold.currentTimeframeRequestCount / Math.max(1, threshold.externalRequestThreshold);
  add('api-budget', share < 0.8, `${threshold.currentTimeframeRequestCount} of ${threshold.externalRequestThreshold} requests used in the last ${threshold.requestThresholdTimeframe} minutes (${Math.round(share * 100)}%)${share >= 0.5 ? '; Autotask adds latency past 50%' : ''}`);

  try {
    // GET /TicketWebhooks/entityInformation: the caller's own access to create webhooks.
    const { info } = await client.request({ method: 'GET', path: '/TicketWebhooks/entityInformation', operation: 'doctorWebhookPermission', schema: EntityInformation });
    const allowed = info.canCreate !== false && (info.userAccessForCreate ?? 'All') !== 'None';
    add(
      'webhook-permission',
      allowed,
      allowed
        ? `the API user's security level may create webhooks`
        : `the API user's security level lacks the 'Can create WebHooks' permission (Autotask: Security Levels › the API user's level › Other › Can create WebHooks, with a webhook limit of at least 1)`,
    );
  } catch (err) {
    add('webhook-permission', false, why(err));
  }

  const registration = await readRegistration(o.kv, o.installation.id).catch(() => null);
  await checkWebhook(o, registration, add);

  const notice = await o.kv.getKv<DeactivationNotice>(deactivationKey(o.installation.id)).catch(() => null);
  if (notice && !notice.expected && (!registration || notice.at >= registration.installedAt)) {
    add('deactivation', false, `Autotask called the deactivation URL at ${notice.at} (GUID ${notice.guid ?? 'unknown'}, ${notice.guidMatches ? 'ours' : 'not ours'}, signature ${notice.signatureValid ? 'valid' : 'not valid'}); find why deliveries failed, then run install`);
  } else {
    add('deactivation', true, 'no deactivation notice since the last install');
  }

  await checkImpersonation(o, registration?.apiResourceId ?? at.apiResourceId, add);
  return checks;
}

async function checkWebhook(o: { client: AutotaskClient; webhookUrl: string; installation: AutotaskInstallation }, registration: Awaited<ReturnType<typeof readRegistration>>, add: (n: string, ok: boolean, d: string) => void) {
  try {
    const [webhook] = await findWebhooks(o.client, o.webhookUrl);
    if (!webhook) return add('webhook', false, `no TicketWebhook points at ${o.webhookUrl}; run install`);
    const problems: string[] = [];
    if (!webhook.isActive) problems.push(`webhook ${webhook.id} is deactivated (Autotask disables a callout after 25 consecutive failed deliveries); run install to re-activate it`);
    if (webhook.isReady === false) problems.push(`webhook ${webhook.id} has no fields, so Autotask never calls it (isReady=false); run install`);
    if (!registration || registration.removedAt) problems.push(`the store has no registration for webhook ${webhook.id}, so its deliveries are refused; run install`);
    else if (registration.guid.toLowerCase() !== (webhook.webhookGUID ?? '').toLowerCase()) problems.push(`the store expects GUID ${registration.guid} but webhook ${webhook.id} has ${webhook.webhookGUID}; run install`);
    if (registration && !registration.removedAt) {
      const excluded = await o.client.request({ method: 'GET', path: `/TicketWebhooks/${webhook.id}/ExcludedResources`, operation: 'doctorExcluded', schema: itemsOf(AtExcludedResource) });
      if (!excluded.items.some((x) => x.resourceID === registration.apiResourceId)) problems.push(`the API user (resource ${registration.apiResourceId}) is not excluded, so our own writes come back as webhooks; run install`);
      const impersonated = o.installation.autotask.impersonationResourceId;
      if (!excluded.items.some((x) => x.resourceID === impersonated)) problems.push(`the impersonation resource ${impersonated} is not excluded, so writes Autotask credits to it come back as webhooks; run install`);
    }
    add('webhook', problems.length === 0, problems.length ? problems.join('; ') : `webhook ${webhook.id} is active and ready, its GUID is registered, our API user and impersonation resource are excluded`);
  } catch (err) {
    add('webhook', false, why(err));
  }
}

async function checkImpersonation(o: { client: AutotaskClient; installation: AutotaskInstallation }, apiResourceId: number | undefined, add: (n: string, ok: boolean, d: string) => void) {
  const id = o.installation.autotask.impersonationResourceId;
  try {
    // GET /Resources/{id} (Resources_QueryItem)
    const { item } = await o.client.request({ method: 'GET', path: `/Resources/${id}`, operation: 'doctorResource', schema: itemOf(AtResource) });
    if (!item) return add('impersonation-resource', false, `resource ${id} (autotask.impersonationResourceId) does not exist`);
    const name = [item.firstName, item.lastName].filter(Boolean).join(' ') || `resource ${id}`;
    if (!item.isActive) return add('impersonation-resource', false, `${name} (resource ${id}) is inactive; notes and time entries need an active resource`);
    if (apiResourceId === id) return add('impersonation-resource', false, `resource ${id} is the API user itself; an API-only user cannot own time entries, pick a technician`);
    // The same read while impersonating proves the API user may act as this resource.
    await o.client.request({ method: 'GET', path: `/Resources/${id}`, operation: 'doctorImpersonation', headers: { ImpersonationResourceId: String(id) }, schema: itemOf(AtResource) });
    add('impersonation-resource', true, `writes are attributed to ${name} (resource ${id}), active and impersonable`);
  } catch (err) {
    add('impersonation-resource', false, `Autotask refused to act as resource ${id}: ${why(err)} (its security level must allow impersonation by the API user)`);
  }
}
