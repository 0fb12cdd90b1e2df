import type { DemoWorld } from '../demo-data.js';
import type { CallLogEntry, HaloAction, HaloAgent, HaloClient, HaloNotification, HaloOutcome, HaloStatus, HaloTicket, HaloUser, HaloWebhook, HaloWebhookEvent, SpecViolation } from './types.js';

/** A bearer token the simulated authorisation server issued. */
export interface IssuedToken {
  clientId: string;
  agentId: number;
  scopes: Set<string>;
  expiresAt: number;
}

/** Everything the simulator holds. Tests read it directly; only the simulator writes it. */
export interface HaloState {
  clients: HaloClient[];
  users: HaloUser[];
  agents: HaloAgent[];
  statuses: HaloStatus[];
  outcomes: HaloOutcome[];
  tickets: HaloTicket[];
  actions: HaloAction[];
  webhooks: HaloWebhook[];
  notifications: HaloNotification[];
  webhookEvents: HaloWebhookEvent[];
  tokens: Map<string, IssuedToken>;
  calls: CallLogEntry[];
  /** Requests the `requestCheck` option rejected (answered 400). */
  specViolations: SpecViolation[];
  /** Webhook events skipped because our own API agent made the change (echo suppression). */
  suppressed: { eventno: number; ticketId: number; agentId: number }[];
  nextTicketId: number;
  nextActionId: number;
  nextNotificationId: number;
  nextWebhookEventId: number;
}

/** The human agent programmatic changes (`sim.createTicket`) are attributed to by default. */
export const DISPATCHER_AGENT_ID = 2;
export const TOP_LEVEL = { id: 1, name: 'Customers' } as const;

/** Stock-like statuses with deliberately non-sequential ids: integrations must resolve by name. */
export const SEED_STATUSES: HaloStatus[] = [
  { id: 1, name: 'New', shortname: 'NEW', type: 0, sequence: 1, colour: '#2f80ed' },
  { id: 2, name: 'In Progress', shortname: 'PROG', type: 0, sequence: 2, colour: '#f2994a' },
  { id: 4, name: 'Waiting on User', shortname: 'WAIT', type: 0, sequence: 3, colour: '#9b51e0' },
  { id: 21, name: 'Waiting Approval', shortname: 'APPR', type: 0, sequence: 4, colour: '#bb6bd9' },
  { id: 22, name: 'Escalated', shortname: 'ESC', type: 0, sequence: 5, colour: '#eb5757' },
  { id: 8, name: 'Resolved', shortname: 'RES', type: 1, sequence: 6, colour: '#27ae60' },
  { id: 9, name: 'Closed', shortname: 'CLO', type: 1, sequence: 7, colour: '#828282' },
];

/** Outcome 7 is "Private Note" on stock Halo (hidden from the end user by default). */
export const SEED_OUTCOMES: HaloOutcome[] = [
  { id: 1, outcome: 'Email User', defaulthidden: false },
  { id: 7, outcome: 'Private Note', defaulthidden: true },
  { id: 10, outcome: 'Note', defaulthidden: false },
  { id: 11, outcome: 'Resolution', defaulthidden: false },
  { id: 12, outcome: 'Time Entry', defaulthidden: true },
  { id: 20, outcome: 'Status Change', defaulthidden: true },
];

/** First id of seeded end users; they follow the demo world's order. */
export const FIRST_USER_ID = 101;

/**
 * Seeds the demo world: each demo company becomes a Halo client whose id is the company's
 * `psaId` (so one config mapping serves every PSA), with one site (id = psaId * 10) and one
 * end user per demo user carrying the same email address.
 */
export function seedState(world: DemoWorld, apiAgent: { id: number; name: string }): HaloState {
  if (apiAgent.id === DISPATCHER_AGENT_ID) throw new Error(`agentId ${DISPATCHER_AGENT_ID} is the simulated dispatcher; pick another id for the API agent`);
  const clients: HaloClient[] = world.companies.map((c) => ({ id: c.psaId, name: c.name, inactive: false, toplevel_id: TOP_LEVEL.id, toplevel_name: TOP_LEVEL.name }));
  const users: HaloUser[] = world.users.flatMap((u, i) => {
    const company = world.companies.find((c) => c.clientId === u.clientId);
    if (!company) return [];
    const [firstname = u.displayName, ...rest] = u.displayName.split(' ');
    return [
      {
        id: FIRST_USER_ID + i,
        name: u.displayName,
        firstname,
        surname: rest.join(' '),
        emailaddress: u.email,
        client_id: company.psaId,
        client_name: company.name,
        site_id: company.psaId * 10,
        site_name: 'Main',
        inactive: false,
      },
    ];
  });
  const agents: HaloAgent[] = [
    { id: DISPATCHER_AGENT_ID, name: 'Dana Dispatcher', email: 'dana@msp.example', isapiagent: false },
    { id: apiAgent.id, name: apiAgent.name, email: 'ticketfix@msp.example', isapiagent: true },
  ];
  return {
    clients,
    users,
    agents,
    statuses: SEED_STATUSES.map((s) => ({ ...s })),
    outcomes: SEED_OUTCOMES.map((o) => ({ ...o })),
    tickets: [],
    actions: [],
    webhooks: [],
    notifications: [],
    webhookEvents: [],
    tokens: new Map(),
    calls: [],
    specViolations: [],
    suppressed: [],
    nextTicketId: 1000,
    nextActionId: 1,
    nextNotificationId: 1,
    nextWebhookEventId: 1,
  };
}
