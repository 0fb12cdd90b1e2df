import type { HttpClient } from '../../src/http/http-client.js';
import { OutsideApiError } from '../../src/http/outside-api-error.js';
import { FieldsResponse } from './api-schemas.js';
import { AUTOTASK_SYSTEM } from './zone-discovery.js';

/**
 * The labels Autotask may give a ticket field in the TicketWebhookFields `fieldID` picklist.
 * Autotask's help (REST_WebhookFieldsEntity.htm, "SOAP to REST webhook field mapping") says
 * webhook field labels are SOAP/GUI labels, which "can be changed by customer configurations and
 * localization"; only Account and Contact webhooks use REST names. So a field is matched by its
 * REST name, its SOAP name and its stock GUI label(s); a relabelled database pins ids in config.
 */
const KNOWN_LABELS: Record<string, string[]> = {
  companyID: ['AccountID', 'Account', 'Company', 'Organization', 'Organisation'],
  contactID: ['Contact'],
  queueID: ['Queue'],
  issueType: ['Issue Type'],
  subIssueType: ['Sub-Issue Type', 'Sub Issue Type'],
  status: ['Status'],
  title: ['Title', 'Ticket Title'],
  description: ['Description', 'Ticket Description'],
  priority: ['Priority'],
};

const norm = (label: string) => label.toLowerCase().replace(/[^a-z0-9]/g, '');

export interface ResolvedWebhookFields {
  /** REST field name → webhook field id. */
  ids: Map<string, number>;
  /** Wanted fields with no id (not offered for webhooks, or not recognisable). */
  unresolved: string[];
}

/**
 * Resolves REST field names to the ids the `fieldID` picklist of TicketWebhookFields offers:
 * a configured id first (it must be in the picklist), then one unambiguous label match. A field
 * Autotask does not mark `isSupportedWebhookField` is never resolved.
 */
export async function resolveWebhookFieldIds(client: HttpClient, wanted: string[], pinned: Record<string, number>): Promise<ResolvedWebhookFields> {
  // GET /Tickets/entityInformation/fields: isSupportedWebhookField per field
  const ticketFields = await client.request({ method: 'GET', path: '/Tickets/entityInformation/fields', operation: 'ticketFields', schema: FieldsResponse });
  const capable = new Set(ticketFields.fields.filter((f) => f.isSupportedWebhookField).map((f) => f.name.toLowerCase()));
  // GET /TicketWebhookFields/entityInformation/fields: the fieldID picklist (value = field id, label = display label)
  const info = await client.request({ method: 'GET', path: '/TicketWebhookFields/entityInformation/fields', operation: 'webhookFieldIds', schema: FieldsResponse });
  const picklist = (info.fields.find((f) => f.name.toLowerCase() === 'fieldid')?.picklistValues ?? []).filter((p) => p.isActive !== false);
  const ids = new Map<string, number>();
  const unresolved: string[] = [];
  for (const name of wanted) {
    const pin = pinned[name];
    if (pin !== undefined) {
      if (!picklist.some((p) => Number(p.value) === pin)) {
        throw new OutsideApiError(AUTOTASK_SYSTEM, 'install', null, `autotask.webhookFieldIds.${name} = ${pin} is not a webhook field id this database offers`, false);
      }
      ids.set(name, pin);
      continue;
    }
    if (!capable.has(name.toLowerCase())) {
      unresolved.push(name);
      continue;
    }
    const accepted = new Set([name, name.replace(/ID$/, ''), ...(KNOWN_LABELS[name] ?? [])].map(norm));
    const matches = picklist.filter((p) => accepted.has(norm(p.label)));
    const distinct = [...new Set(matches.map((m) => Number(m.value)))];
    if (distinct.length === 1) ids.set(name, distinct[0]!);
    else unresolved.push(name);
  }
  return { ids, unresolved };
}
