import { OutsideApiError } from '../../src/http/outside-api-error.js';
import type { DoctorCheck } from '../psa-integration.js';
import { HaloNotifications, HaloStatuses, HaloTicketList, HaloWebhooks } from './api-schemas.js';
import type { HaloClient } from './halo-client.js';
import type { HaloInstallation } from './installation-schema.js';

/**
 * The API application's permissions the loop needs (Configuration > Integrations > HaloPSA
 * API > Applications > Permissions), with a harmless read that shows each one when the token
 * response does not list its scopes. edit:tickets has no read-only probe.
 */
const PERMISSIONS: { scope: string; why: string; probe?: { path: string; query: Record<string, string | number | boolean> } }[] = [
  { scope: 'read:tickets', why: 'read tickets, actions and statuses', probe: { path: '/Tickets', query: { count: 1 } } },
  { scope: 'edit:tickets', why: 'write notes, statuses and time' },
  { scope: 'read:customers', why: "read the ticket's end user (contact email)", probe: { path: '/Client', query: { count: 1 } } },
  { scope: 'admin:webhooks', why: 'register the webhook and its notification events', probe: { path: '/Webhook', query: { type: 0 } } },
];

class Finding extends Error {}

async function check(name: string, fn: () => Promise<string>): Promise<DoctorCheck> {
  try {
    return { name, ok: true, detail: await fn() };
  } catch (err) {
    if (err instanceof Finding) return { name, ok: false, detail: err.message };
    if (!(err instanceof OutsideApiError)) throw err;
    if (err.status === 403) return { name, ok: false, detail: `HaloPSA refused: ${err.message}` };
    return { name, ok: false, detail: `HaloPSA did not answer as expected: ${err.message}` };
  }
}

/** Checks what the loop needs from HaloPSA, naming exactly what is missing. */
export async function haloDoctor(client: HaloClient, install: HaloInstallation, webhookUrl: string): Promise<DoctorCheck[]> {
  const halo = install.halopsa;
  const checks: DoctorCheck[] = [];
  let authUrl = '';
  checks.push(
    await check('authorisation server', async () => {
      const found = await client.tokens.discover();
      authUrl = found.authUrl;
      return `tokens from ${found.authUrl}/token${found.tenant ? ` (tenant '${found.tenant}')` : ' (no tenant: self-hosted)'}`;
    }),
  );
  let scopes: string[] | null = null;
  const token = await check('client credentials', async () => {
    if (!authUrl) throw new Finding('skipped: the authorisation server was not found');
    try {
      const grant = await client.tokens.grant({ forceRefresh: true });
      scopes = grant.scopes;
      return `token issued for client '${halo.clientId}', valid until ${new Date(grant.expiresAt).toISOString()}${grant.scopes ? `, permissions: ${grant.scopes.join(' ')}` : ''}`;
    } catch (err) {
      if (err instanceof OutsideApiError && (err.status === 401 || err.status === 400)) {
        throw new Finding(`the token request was refused (${err.message}): check clientId '${halo.clientId}', the secret in ${halo.clientSecretEnv} and the tenant`);
      }
      throw err;
    }
  });
  checks.push(token);
  if (!token.ok) return checks;

  for (const p of PERMISSIONS) {
    checks.push(
      await check(`permission ${p.scope}`, async () => {
        const granted: string[] | null = scopes;
        if (granted) {
          if (granted.includes('all') || granted.includes(p.scope)) return `granted (needed to ${p.why})`;
          throw new Finding(`the API application lacks the permission '${p.scope}' (needed to ${p.why}): add it under Configuration > Integrations > HaloPSA API > Applications`);
        }
        if (!p.probe) return `not verifiable without writing: the token did not list its permissions (needed to ${p.why})`;
        try {
          await client.request({ method: 'GET', path: p.probe.path, operation: `doctor.${p.scope}`, query: p.probe.query });
        } catch (err) {
          if (err instanceof OutsideApiError && err.status === 403) throw new Finding(`the API application lacks the permission '${p.scope}' (needed to ${p.why})`);
          throw err;
        }
        return `granted (a read needing it succeeded)`;
      }),
    );
  }

  checks.push(
    await check('tickets readable', async () => {
      const list = await client.request({ method: 'GET', path: '/Tickets', operation: 'doctor.tickets', query: { count: 1 }, schema: HaloTicketList });
      return `tickets readable (${list.record_count ?? list.tickets.length} returned)`;
    }),
  );
  checks.push(
    await check('statuses', async () => {
      const names = new Set((await client.request({ method: 'GET', path: '/Status', operation: 'doctor.statuses', schema: HaloStatuses })).map((s) => s.name.trim().toLowerCase()));
      const wanted = Object.values(install.statuses);
      const missing = wanted.filter((w) => !names.has(w.trim().toLowerCase()));
      if (missing.length > 0) throw new Finding(`HaloPSA has no status named ${missing.map((m) => `'${m}'`).join(', ')} (configure statuses or add them in Halo)`);
      return `has ${wanted.join(', ')}`;
    }),
  );
  checks.push(
    await check('webhook registered', async () => {
      const hooks = await client.request({ method: 'GET', path: '/Webhook', operation: 'doctor.webhooks', query: { type: 0 }, schema: HaloWebhooks });
      const ours = hooks.find((h) => h.url === webhookUrl);
      if (!ours) throw new Finding(`no webhook points at ${webhookUrl}: run 'ticketfix install'`);
      if (ours.active !== true) throw new Finding(`webhook ${ours.id} is inactive: run 'ticketfix install' to re-enable it`);
      if (ours.authentication_type !== 1 || ours.basic_username !== halo.webhookUsername) throw new Finding(`webhook ${ours.id} does not send our Basic credentials: run 'ticketfix install' to repair it`);
      const linked = await client.request({ method: 'GET', path: '/Notification', operation: 'doctor.notifications', query: { webhook_id: ours.id }, schema: HaloNotifications });
      const have = new Set(linked.filter((n) => (n.webhook_id ?? '').toLowerCase() === ours.id.toLowerCase()).map((n) => n.eventno));
      const missing = halo.events.filter((e) => !have.has(e));
      if (missing.length > 0) throw new Finding(`webhook ${ours.id} is not linked to event(s) ${missing.join(', ')}: run 'ticketfix install'`);
      return `webhook ${ours.id} active, Basic auth, events ${halo.events.join(', ')}`;
    }),
  );
  return checks;
}
