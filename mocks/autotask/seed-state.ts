import type { DemoWorld } from '../demo-data.js';
import { ticketFields, ticketNoteFields, timeEntryFields, webhookFieldIds, webhookFieldLabels } from './entity-fields.js';
import type {
  AtCompany,
  AtContact,
  AtNote,
  AtResource,
  AtTicket,
  AtTicketWebhook,
  AtTimeEntry,
  AtWebhookExcludedResource,
  AtWebhookField,
  CallLogEntry,
  DroppedWebhookEvent,
  FieldInfo,
  ResourceSecurity,
  SpecViolation,
  WebhookDelivery,
  WebhookSecrets,
} from './types.js';

/** Everything the simulator holds. Tests read it directly; only the simulator writes it. */
export interface AutotaskState {
  companies: AtCompany[];
  contacts: AtContact[];
  resources: AtResource[];
  security: Map<number, ResourceSecurity>;
  /** Role ids a time entry may use. */
  roles: { id: number; name: string }[];
  tickets: AtTicket[];
  notes: AtNote[];
  timeEntries: AtTimeEntry[];
  webhooks: AtTicketWebhook[];
  webhookSecrets: Map<number, WebhookSecrets>;
  webhookFields: AtWebhookField[];
  webhookExcludedResources: AtWebhookExcludedResource[];
  fields: { tickets: FieldInfo[]; ticketNotes: FieldInfo[]; timeEntries: FieldInfo[]; webhookFieldIds: Map<string, number>; webhookFieldLabels: Map<string, string> };
  /** The API user's security level, as far as webhooks go. */
  permissions: { canCreateWebhooks: boolean; webhookLimit: number };
  deliveries: WebhookDelivery[];
  droppedEvents: DroppedWebhookEvent[];
  /** Events not sent because ExcludedResources named the resource who made the change. */
  suppressed: { webhookId: number; ticketId: number; resourceId: number }[];
  calls: CallLogEntry[];
  /** Requests the `requestCheck` option refused (spec drift), with what was wrong. */
  specViolations: SpecViolation[];
  nextId: number;
  ticketSeq: number;
}

/** Seeded human resources (the API user's id comes from the options). */
export const DISPATCHER_RESOURCE_ID = 29682885;
export const TECHNICIAN_RESOURCE_ID = 29682886;
export const INACTIVE_RESOURCE_ID = 29682887;
/** A technician whose security level does not allow impersonation. */
export const GUARDED_RESOURCE_ID = 29682888;
export const HELP_DESK_ROLE_ID = 29683461;
export const ENGINEER_ROLE_ID = 29683462;
/** Contacts get ids from here, one per demo user in world order. */
export const FIRST_CONTACT_ID = 30682901;

export interface SeedOptions {
  apiResourceId: number;
  apiUserName: string;
  permissions?: Partial<AutotaskState['permissions']>;
  /** A customer's relabelled (or localised) webhook field labels, by REST field name. */
  webhookFieldLabels?: Record<string, string>;
}

function person(id: number, first: string, last: string, userName: string, extra: Partial<AtResource> = {}): AtResource {
  return { id, firstName: first, lastName: last, email: `${userName}@msp.example`, userName, isActive: true, resourceType: 'Employee', defaultServiceDeskRoleID: HELP_DESK_ROLE_ID, ...extra };
}

/**
 * Seeds the demo world: each demo company keeps its `psaId` as its Autotask company id (so the
 * same client mapping works for every PSA), each demo user becomes one contact of its company.
 */
export function seedState(world: DemoWorld, o: SeedOptions): AutotaskState {
  const companies: AtCompany[] = world.companies.map((c) => ({ id: c.psaId, companyName: c.name, companyNumber: c.identifier, companyType: 1, isActive: true }));
  const contacts: AtContact[] = world.users.flatMap((u, i) => {
    const company = world.companies.find((c) => c.clientId === u.clientId);
    if (!company) return [];
    const [firstName = u.displayName, ...rest] = u.displayName.split(' ');
    return [{ id: FIRST_CONTACT_ID + i, companyID: company.psaId, firstName, lastName: rest.join(' '), emailAddress: u.email, isActive: 1 }];
  });
  const resources: AtResource[] = [
    { ...person(o.apiResourceId, 'TicketFix', 'API', o.apiUserName, { defaultServiceDeskRoleID: null }), email: o.apiUserName, resourceType: 'Employee' },
    person(DISPATCHER_RESOURCE_ID, 'Dana', 'Dispatcher', 'dana'),
    person(TECHNICIAN_RESOURCE_ID, 'Terry', 'Technician', 'terry'),
    person(INACTIVE_RESOURCE_ID, 'Ivan', 'Inactive', 'ivan', { isActive: false }),
    person(GUARDED_RESOURCE_ID, 'Grace', 'Guarded', 'grace'),
  ];
  const security = new Map<number, ResourceSecurity>(resources.map((r) => [r.id, { apiOnly: r.id === o.apiResourceId, impersonable: r.id !== GUARDED_RESOURCE_ID }]));
  const tickets = ticketFields();
  const hookIds = webhookFieldIds(tickets);
  return {
    companies,
    contacts,
    resources,
    security,
    roles: [
      { id: HELP_DESK_ROLE_ID, name: 'Help Desk' },
      { id: ENGINEER_ROLE_ID, name: 'Engineer' },
    ],
    tickets: [],
    notes: [],
    timeEntries: [],
    webhooks: [],
    webhookSecrets: new Map(),
    webhookFields: [],
    webhookExcludedResources: [],
    fields: { tickets, ticketNotes: ticketNoteFields(), timeEntries: timeEntryFields(), webhookFieldIds: hookIds, webhookFieldLabels: webhookFieldLabels(hookIds, o.webhookFieldLabels) },
    permissions: { canCreateWebhooks: true, webhookLimit: 10, ...o.permissions },
    deliveries: [],
    droppedEvents: [],
    suppressed: [],
    calls: [],
    specViolations: [],
    nextId: 52000,
    ticketSeq: 0,
  };
}

export function nextId(state: AutotaskState): number {
  state.nextId += 1;
  return state.nextId;
}

export function findResource(state: AutotaskState, id: number): AtResource | undefined {
  return state.resources.find((r) => r.id === id);
}

export function isApiOnly(state: AutotaskState, id: number): boolean {
  return state.security.get(id)?.apiOnly ?? false;
}

/** Bounded logs so a long-running sandbox does not grow without limit. */
export function pushBounded<T>(list: T[], item: T, max = 10_000): void {
  list.push(item);
  if (list.length > max) list.splice(0, list.length - max);
}
