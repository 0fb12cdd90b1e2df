/**
 * The Autotask REST v1.0 entities the simulator keeps, in the shapes the real API returns:
 * camelCase JSON (the published Swagger spells properties in PascalCase, the service itself
 * answers camelCase and reads either). Only what an integration reads is modelled; tickets stay
 * open records so PATCH/PUT may touch any writable field, as on the real system.
 */
export interface AtTicket {
  id: number;
  ticketNumber: string;
  title: string;
  description: string | null;
  status: number;
  priority: number;
  queueID: number | null;
  companyID: number;
  contactID: number | null;
  createDate: string;
  creatorResourceID: number | null;
  lastActivityDate: string;
  lastActivityResourceID: number | null;
  completedDate: string | null;
  completedByResourceID: number | null;
  resolvedDateTime: string | null;
  [field: string]: unknown;
}

export interface AtNote {
  id: number;
  ticketID: number;
  title: string;
  description: string;
  noteType: number;
  publish: number;
  createDateTime: string;
  lastActivityDate: string;
  /** Null on a contact's note (client portal, email): `createdByContactID` is set instead. */
  creatorResourceID: number | null;
  impersonatorCreatorResourceID: number | null;
  createdByContactID: number | null;
}

export interface AtTimeEntry {
  id: number;
  ticketID: number | null;
  taskID: number | null;
  resourceID: number;
  roleID: number;
  dateWorked: string;
  startDateTime: string | null;
  endDateTime: string | null;
  hoursWorked: number;
  hoursToBill: number;
  summaryNotes: string;
  internalNotes: string | null;
  isNonBillable: boolean;
  createDateTime: string;
  creatorUserID: number;
  impersonatorCreatorResourceID: number | null;
}

export interface AtCompany {
  id: number;
  companyName: string;
  companyNumber: string;
  companyType: number;
  isActive: boolean;
}

export interface AtContact {
  id: number;
  companyID: number;
  firstName: string;
  lastName: string;
  emailAddress: string;
  /** Autotask reports contact activity as 1/0, not a boolean (ContactModel.IsActive is int32). */
  isActive: number;
}

export interface AtResource {
  id: number;
  firstName: string;
  lastName: string;
  email: string;
  userName: string;
  isActive: boolean;
  resourceType: string;
  defaultServiceDeskRoleID: number | null;
}

/** What the simulator knows about a resource that the API does not show. */
export interface ResourceSecurity {
  /** "API User (system)" security level: cannot log in, cannot own time. */
  apiOnly: boolean;
  /** Whether other resources may impersonate this one (a security-level setting). */
  impersonable: boolean;
}

export interface AtTicketWebhook {
  id: number;
  name: string;
  webhookUrl: string;
  deactivationUrl: string;
  isActive: boolean;
  isReady: boolean;
  isSubscribedToCreateEvents: boolean;
  isSubscribedToUpdateEvents: boolean;
  isSubscribedToDeleteEvents: boolean;
  notificationEmailAddress: string | null;
  sendThresholdExceededNotification: boolean;
  ownerResourceID: number;
  webhookGUID: string;
}

/** The simulator's private side of a webhook: its secret and delivery counters. */
export interface WebhookSecrets {
  secretKey: string;
  sequence: number;
  consecutiveFailures: number;
}

export interface AtWebhookField {
  id: number;
  webhookID: number;
  fieldID: number;
  isSubscribedField: boolean;
  isDisplayAlwaysField: boolean;
}

export interface AtWebhookExcludedResource {
  id: number;
  webhookID: number;
  resourceID: number;
}

export interface PicklistValue {
  value: string;
  label: string;
  isDefaultValue: boolean;
  sortOrder: number;
  parentValue: string;
  isActive: boolean;
  isSystem: boolean;
}

export interface FieldInfo {
  name: string;
  dataType: 'integer' | 'long' | 'string' | 'datetime' | 'double' | 'boolean';
  length: number;
  isRequired: boolean;
  isReadOnly: boolean;
  isQueryable: boolean;
  isReference: boolean;
  referenceEntityType: string;
  isPickList: boolean;
  picklistValues: PicklistValue[] | null;
  picklistParentValueField: string;
  isSupportedWebhookField: boolean;
}

/** One attempted webhook POST (an event or a deactivation notice), kept for tests. */
export interface WebhookDelivery {
  webhookId: number;
  kind: 'event' | 'deactivation';
  url: string;
  action: string;
  ticketId: number | null;
  sequenceNumber: number;
  /** 1 for the first try, 2.. for Autotask's retries of the same payload. */
  attempt: number;
  /** HTTP status the receiver answered, or null when the request failed (see `error`). */
  status: number | null;
  error?: string;
  /** The exact bytes sent and the header, so a test can re-deliver or tamper with them. */
  body: string;
  signature: string;
  at: string;
}

/** An event Autotask gave up on after its last retry (WebhookEventErrorLogs on the real system). */
export interface DroppedWebhookEvent {
  webhookId: number;
  sequenceNumber: number;
  ticketId: number;
  lastError: string;
  at: string;
}

export interface CallLogEntry {
  method: string;
  /** Path relative to the simulator's baseUrl (…/V1.0), without the query string. */
  path: string;
  query: string;
  status: number;
  /** The object endpoint the thread limit counts against (e.g. Tickets, TicketNotes). */
  endpoint: string;
  /** The resource a write was attributed to through ImpersonationResourceId. */
  impersonating?: number;
  /** The fault or limit that produced the answer, when one did. */
  fault?: string;
  at: string;
}

export interface SpecViolation {
  method: string;
  path: string;
  problems: string[];
}
