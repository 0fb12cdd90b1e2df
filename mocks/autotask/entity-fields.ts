import type { FieldInfo, PicklistValue } from './types.js';

/**
 * Field metadata served at `…/entityInformation/fields`, shaped like Autotask's
 * FieldInformationModel. Picklist values are strings there, even for integer fields. The ids
 * below follow a stock Autotask database where known (status 1 New, 5 Complete, 8 In Progress;
 * publish 1 All Autotask Users, 2 Internal Project Team); the rest are plausible placeholders
 * because every instance defines its own, which is why the adapter resolves labels, not ids.
 */
type PickSeed = [value: number, label: string, extra?: Partial<PicklistValue>];

function picklist(seeds: PickSeed[]): PicklistValue[] {
  return seeds.map(([value, label, extra], i) => ({ value: String(value), label, isDefaultValue: false, sortOrder: i + 1, parentValue: '', isActive: true, isSystem: false, ...extra }));
}

function field(name: string, dataType: FieldInfo['dataType'], extra: Partial<FieldInfo> = {}): FieldInfo {
  return {
    name,
    dataType,
    length: dataType === 'string' ? 255 : 0,
    isRequired: false,
    isReadOnly: false,
    isQueryable: true,
    isReference: false,
    referenceEntityType: '',
    isPickList: false,
    picklistValues: null,
    picklistParentValueField: '',
    isSupportedWebhookField: false,
    ...extra,
  };
}

const pick = (values: PickSeed[], extra: Partial<FieldInfo> = {}) => ({ isPickList: true, picklistValues: picklist(values), ...extra });
const ref = (entity: string, extra: Partial<FieldInfo> = {}) => ({ isReference: true, referenceEntityType: entity, ...extra });
const ro = { isReadOnly: true } as const;
const hook = { isSupportedWebhookField: true } as const;

export const STATUS = { NEW: 1, COMPLETE: 5, WAITING_CUSTOMER: 7, IN_PROGRESS: 8, ESCALATED: 11, WAITING_APPROVAL: 13, RETIRED: 18 } as const;
export const PRIORITY = { HIGH: 1, MEDIUM: 2, LOW: 3, CRITICAL: 4 } as const;
export const QUEUE = { SERVICE_DESK: 29683481, MONITORING: 29683482, LEVEL_TWO: 29683483 } as const;
export const PUBLISH = { ALL_USERS: 1, INTERNAL_PROJECT_TEAM: 2, INTERNAL_AND_COMANAGED: 4 } as const;
export const NOTE_TYPE = { TASK_DETAIL: 1, TASK_NOTES: 2, TASK_SUMMARY: 3, WORKFLOW_RULE: 13 } as const;

export function ticketFields(): FieldInfo[] {
  return [
    field('id', 'long', { ...ro, isRequired: true }),
    field('ticketNumber', 'string', { ...ro, length: 50 }),
    field('title', 'string', { isRequired: true, length: 255, ...hook }),
    // Long text is not offered for webhooks in this simulated instance (a field the install must skip).
    field('description', 'string', { length: 8000 }),
    field(
      'status',
      'integer',
      pick(
        [
          [STATUS.NEW, 'New', { isDefaultValue: true, isSystem: true }],
          [STATUS.COMPLETE, 'Complete', { isSystem: true }],
          [STATUS.WAITING_CUSTOMER, 'Waiting Customer', { isSystem: true }],
          [STATUS.IN_PROGRESS, 'In Progress'],
          [STATUS.ESCALATED, 'Escalated'],
          [STATUS.WAITING_APPROVAL, 'Waiting Approval'],
          [STATUS.RETIRED, 'Escalated (old)', { isActive: false }],
        ],
        { isRequired: true, ...hook },
      ),
    ),
    field(
      'priority',
      'integer',
      pick(
        [
          [PRIORITY.HIGH, 'High'],
          [PRIORITY.MEDIUM, 'Medium', { isDefaultValue: true }],
          [PRIORITY.LOW, 'Low'],
          [PRIORITY.CRITICAL, 'Critical'],
        ],
        { isRequired: true, ...hook },
      ),
    ),
    field(
      'queueID',
      'integer',
      pick(
        [
          [QUEUE.SERVICE_DESK, 'Service Desk', { isDefaultValue: true }],
          [QUEUE.MONITORING, 'Monitoring Alert'],
          [QUEUE.LEVEL_TWO, 'Level II Support'],
        ],
        hook,
      ),
    ),
    field('companyID', 'integer', { isRequired: true, ...ref('Company'), ...hook }),
    field('contactID', 'integer', { ...ref('Contact'), ...hook }),
    field('assignedResourceID', 'integer', { ...ref('Resource'), ...hook }),
    field('assignedResourceRoleID', 'integer', ref('Role')),
    field(
      'issueType',
      'integer',
      pick(
        [
          [10, 'Email / Exchange'],
          [11, 'Hardware'],
        ],
        hook,
      ),
    ),
    field(
      'subIssueType',
      'integer',
      pick(
        [
          [101, 'Mailbox full', { parentValue: '10' }],
          [102, 'Outlook', { parentValue: '10' }],
          [111, 'Printer', { parentValue: '11' }],
        ],
        { picklistParentValueField: 'issueType', ...hook },
      ),
    ),
    field(
      'ticketType',
      'integer',
      pick([
        [1, 'Service Request', { isDefaultValue: true }],
        [2, 'Incident'],
        [3, 'Problem'],
        [4, 'Change Request'],
        [5, 'Alert'],
      ]),
    ),
    field(
      'source',
      'integer',
      pick([
        [2, 'Phone'],
        [3, 'Client Portal'],
        [4, 'Email'],
        [8, 'Monitoring Alert'],
      ]),
    ),
    field('dueDateTime', 'datetime', hook),
    field('estimatedHours', 'double'),
    field('resolution', 'string', { length: 32000 }),
    field('externalID', 'string', { length: 50 }),
    field('rmmAlertID', 'string', { length: 50 }),
    field('createDate', 'datetime', ro),
    field('creatorResourceID', 'integer', { ...ro, ...ref('Resource') }),
    field('impersonatorCreatorResourceID', 'integer', { ...ro, ...ref('Resource') }),
    field('lastActivityDate', 'datetime', ro),
    field('lastActivityResourceID', 'integer', { ...ro, ...ref('Resource') }),
    field('completedDate', 'datetime', ro),
    field('completedByResourceID', 'integer', { ...ro, ...ref('Resource') }),
    field('resolvedDateTime', 'datetime', ro),
  ];
}

export function ticketNoteFields(): FieldInfo[] {
  return [
    field('id', 'long', { ...ro, isRequired: true }),
    field('ticketID', 'integer', { isRequired: true, ...ref('Ticket') }),
    field('title', 'string', { isRequired: true, length: 250 }),
    field('description', 'string', { isRequired: true, length: 32000 }),
    field(
      'noteType',
      'integer',
      pick(
        [
          [NOTE_TYPE.TASK_DETAIL, 'Task Detail', { isDefaultValue: true }],
          [NOTE_TYPE.TASK_NOTES, 'Task Notes'],
          [NOTE_TYPE.TASK_SUMMARY, 'Task Summary'],
          [NOTE_TYPE.WORKFLOW_RULE, 'Workflow Rule Action Note', { isSystem: true }],
        ],
        { isRequired: true },
      ),
    ),
    field(
      'publish',
      'integer',
      pick(
        [
          [PUBLISH.ALL_USERS, 'All Autotask Users', { isDefaultValue: true }],
          [PUBLISH.INTERNAL_PROJECT_TEAM, 'Internal Project Team'],
          [PUBLISH.INTERNAL_AND_COMANAGED, 'Internal & Co-Managed'],
        ],
        { isRequired: true },
      ),
    ),
    field('createDateTime', 'datetime', ro),
    field('lastActivityDate', 'datetime', ro),
    field('creatorResourceID', 'integer', { ...ro, ...ref('Resource') }),
    field('impersonatorCreatorResourceID', 'integer', { ...ro, ...ref('Resource') }),
    field('createdByContactID', 'integer', { ...ro, ...ref('Contact') }),
  ];
}

/**
 * `TicketWebhookFields/entityInformation/fields`: the `fieldID` picklist lists the ticket fields a
 * webhook may carry (value = Autotask's internal field id to POST to …/Fields). Its labels are
 * display labels, not REST names: Autotask's help (REST_WebhookFieldsEntity.htm) says the GUI
 * labels "can be changed by customer configurations and localization" and only the Account and
 * Contact webhook fields use REST names. The exact ticket labels are not published: the
 * simulator takes the stricter reading and labels them as the GUI does (companyID is "Account").
 */
export function webhookFieldIds(fields: FieldInfo[]): Map<string, number> {
  return new Map(fields.filter((f) => f.isSupportedWebhookField).map((f, i) => [f.name, 101 + i]));
}

const GUI_LABELS: Record<string, string> = {
  companyID: 'Account',
  contactID: 'Contact',
  assignedResourceID: 'Primary Resource',
  queueID: 'Queue',
  issueType: 'Issue Type',
  subIssueType: 'Sub-Issue Type',
  dueDateTime: 'Due Date',
};

/** The GUI label of a ticket field ("Issue Type" for issueType); `overrides` stand for a customer's relabelling. */
export function webhookFieldLabels(ids: Map<string, number>, overrides: Record<string, string> = {}): Map<string, string> {
  const words = (name: string) => name.replace(/ID$/, '').replace(/([a-z])([A-Z])/g, '$1 $2').replace(/^./, (c) => c.toUpperCase());
  return new Map([...ids.keys()].map((name) => [name, overrides[name] ?? GUI_LABELS[name] ?? words(name)]));
}

export function ticketWebhookFieldFields(ids: Map<string, number>, labels: Map<string, string>): FieldInfo[] {
  return [
    field('id', 'long', { ...ro, isRequired: true }),
    field('webhookID', 'integer', { isRequired: true, ...ref('TicketWebhook') }),
    field('fieldID', 'integer', pick([...ids].map(([name, id]) => [id, labels.get(name) ?? name]), { isRequired: true })),
    field('isSubscribedField', 'boolean', { isRequired: true }),
    field('isDisplayAlwaysField', 'boolean', { isRequired: true }),
  ];
}

export function picklistOf(fields: FieldInfo[], name: string): PicklistValue[] {
  return fields.find((f) => f.name === name)?.picklistValues ?? [];
}

/** Accepts a property name in any case (Autotask's model binder is case-insensitive). */
export function canonicalName(names: readonly string[], key: string): string | undefined {
  const lower = key.toLowerCase();
  return names.find((n) => n.toLowerCase() === lower);
}

export function timeEntryFields(): FieldInfo[] {
  return [
    field('id', 'long', { ...ro, isRequired: true }),
    field('ticketID', 'integer', ref('Ticket')),
    field('taskID', 'integer', ref('Task')),
    field('resourceID', 'integer', { isRequired: true, ...ref('Resource') }),
    field('roleID', 'integer', ref('Role')),
    field('dateWorked', 'datetime', { isRequired: true }),
    field('startDateTime', 'datetime'),
    field('endDateTime', 'datetime'),
    field('hoursWorked', 'double'),
    field('hoursToBill', 'double'),
    field('summaryNotes', 'string', { length: 8000 }),
    field('internalNotes', 'string', { length: 8000 }),
    field('isNonBillable', 'boolean'),
    field('billingCodeID', 'integer', ref('BillingCode')),
    field('createDateTime', 'datetime', ro),
    field('creatorUserID', 'integer', ro),
    field('impersonatorCreatorResourceID', 'integer', { ...ro, ...ref('Resource') }),
  ];
}

/** TicketWebhooks is missing from the published spec; its fields follow CompanyWebhookModel and Autotask's help (REST_WebhooksEntity.htm). */
export function ticketWebhookFields(): FieldInfo[] {
  return [
    field('id', 'long', { ...ro, isRequired: true }),
    field('name', 'string', { isRequired: true, length: 50 }),
    field('webhookUrl', 'string', { isRequired: true, length: 500 }),
    field('deactivationUrl', 'string', { isRequired: true, length: 500 }),
    field('secretKey', 'string', { length: 64 }),
    field('isActive', 'boolean', { isRequired: true }),
    field('isSubscribedToCreateEvents', 'boolean'),
    field('isSubscribedToUpdateEvents', 'boolean'),
    field('isSubscribedToDeleteEvents', 'boolean'),
    field('notificationEmailAddress', 'string', { length: 150 }),
    field('sendThresholdExceededNotification', 'boolean'),
    field('ownerResourceID', 'integer', { ...ro, ...ref('Resource') }),
    field('isReady', 'boolean', ro),
    field('webhookGUID', 'string', ro),
  ];
}

export function webhookExcludedResourceFields(): FieldInfo[] {
  return [field('id', 'long', { ...ro, isRequired: true }), field('webhookID', 'integer', { isRequired: true, ...ref('TicketWebhook') }), field('resourceID', 'integer', { isRequired: true, ...ref('Resource') })];
}
