/**
 * The HaloPSA API v2 entities the simulator keeps, in the shapes and field names of the
 * OpenAPI description (`Faults`, `Actions`, `TStatus`, `Users`, `Area`, `Webhook`,
 * `UnameNotification`, `WebhookEvent`). Only the fields an integration reads are modelled.
 * Dates are UTC without an offset ("2025-01-02T10:11:12.345"), as Halo returns them.
 */
export interface HaloTicket {
  id: number;
  summary: string;
  details: string;
  status_id: number;
  status_name: string;
  client_id: number;
  client_name: string;
  site_id: number;
  user_id: number;
  user_name: string;
  agent_id: number;
  tickettype_id: number;
  priority_id: number;
  team: string;
  dateoccurred: string;
  datecreated: string;
  last_update: string;
  dateclosed?: string;
  hasbeenclosed: boolean;
  deleted: boolean;
  [field: string]: unknown;
}

export interface HaloAction {
  id: number;
  ticket_id: number;
  outcome: string;
  outcome_id: number;
  note: string;
  note_html: string;
  hiddenfromuser: boolean;
  sendemail: boolean;
  /** Hours, as a double. */
  timetaken: number;
  new_status?: number;
  new_status_name?: string;
  who: string;
  /** 1 agent, 2 end user, 0 system (simulator convention). */
  who_type: number;
  who_agentid: number;
  datetime: string;
  actiondatecreated: string;
}

/** `type`: 0 open, 1 closed (simulator convention; the spec does not document the values). */
export interface HaloStatus {
  id: number;
  name: string;
  shortname: string;
  type: number;
  sequence: number;
  colour: string;
}

export interface HaloUser {
  id: number;
  name: string;
  firstname: string;
  surname: string;
  emailaddress: string;
  client_id: number;
  client_name: string;
  site_id: number;
  site_name: string;
  inactive: boolean;
}

/** A Halo customer (`Area` in the spec, `/Client` on the wire). */
export interface HaloClient {
  id: number;
  name: string;
  inactive: boolean;
  toplevel_id: number;
  toplevel_name: string;
}

export interface HaloAgent {
  id: number;
  name: string;
  email: string;
  /** The agent an API application logs in as. */
  isapiagent: boolean;
}

export interface HaloOutcome {
  id: number;
  outcome: string;
  /** Actions with this outcome are hidden from the end user unless told otherwise. */
  defaulthidden: boolean;
}

/** `type` 0 outbound; `method` 0 POST; `authentication_type` 0 none, 1 Basic. */
export interface HaloWebhook {
  id: string;
  name: string;
  url: string;
  type: number;
  method: number;
  content_type: string;
  authentication_type: number;
  basic_username: string;
  /** Kept by the simulator; never returned by GET (as a real API would not). */
  basic_password: string;
  active: boolean;
  last_status?: number;
}

/** A notification rule; delivery_method 6 = webhook, linked by `webhook_id` to `eventno`. */
export interface HaloNotification {
  id: number;
  name: string;
  webhook_id: string;
  delivery_method: number;
  eventno: number;
  type: number;
}

/** One attempted webhook delivery: Halo's `WebhookEvent` log entry (re-sendable by hand). */
export interface HaloWebhookEvent {
  id: number;
  webhook_id: string;
  notification_id: number;
  eventno: number;
  entity_id: number;
  timestamp: string;
  /** 1 delivered (2xx), 2 failed (simulator convention). */
  status: number;
  duration: number;
  url: string;
  requestheaders: string;
  requestbody: string;
  responsestatus: number | null;
  responsebody: string;
  error?: string;
  /** Set on a manual re-send: the event it repeats. */
  resent_from?: number;
}

export interface CallLogEntry {
  method: string;
  /** Path relative to the resource server (`/Tickets/5`), or `/auth/token` for the token endpoint. */
  path: string;
  query: string;
  status: number;
  /** What produced the answer when it was not the route: a fault, the rate limit, the spec check. */
  fault?: string;
  /** The agent the bearer token logs in as, when one was presented and valid. */
  agentId?: number;
  at: string;
}

export interface SpecViolation {
  method: string;
  path: string;
  problems: string[];
  at: string;
}

/** Who a programmatic change is attributed to: a human agent (default) or an end user. */
export interface ActAs {
  byAgentId?: number;
  byUserId?: number;
}
