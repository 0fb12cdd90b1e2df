import { randomUUID } from 'node:crypto';
import { AtForbiddenError, AtValidationError, requireValid } from './at-errors.js';
import type { Actor } from './auth.js';
import { fieldErrors, readEntityBody } from './entity-body.js';
import { ticketWebhookFieldFields, ticketWebhookFields, webhookExcludedResourceFields } from './entity-fields.js';
import { findResource, nextId, type AutotaskState } from './seed-state.js';
import type { AtTicketWebhook, AtWebhookExcludedResource, AtWebhookField } from './types.js';
import type { WebhookDispatcher } from './webhook-dispatcher.js';

function urlProblem(name: string, value: unknown): string | null {
  if (typeof value !== 'string') return null;
  try {
    const u = new URL(value);
    return u.protocol === 'https:' || u.protocol === 'http:' ? null : `TicketWebhook.${name} must be an http(s) URL.`;
  } catch {
    return `TicketWebhook.${name} is not a valid URL.`;
  }
}

/**
 * TicketWebhooks with their Fields and ExcludedResources children (Autotask help:
 * REST_WebhooksEntity.htm, REST_WebhookFieldsEntity.htm, Webhooks_Creating.htm). Creating one
 * needs the API user's security level to allow webhooks, within its webhook limit. A webhook is
 * `isReady` only once it has at least one field; only active, ready webhooks are called.
 */
export function createWebhookModel(state: AutotaskState, dispatcher: WebhookDispatcher) {
  const fields = ticketWebhookFields();

  function find(id: number): AtTicketWebhook {
    const webhook = state.webhooks.find((w) => w.id === id);
    if (!webhook) throw new AtValidationError([`TicketWebhook ${id} does not exist.`]);
    return webhook;
  }

  function validate(draft: Record<string, unknown>): void {
    requireValid([...fieldErrors(draft, fields, 'TicketWebhook'), ...['webhookUrl', 'deactivationUrl'].flatMap((n) => urlProblem(n, draft[n]) ?? [])]);
  }

  function create(body: unknown, actor: Actor): AtTicketWebhook {
    if (!state.permissions.canCreateWebhooks) throw new AtForbiddenError("The API user's security level does not allow creating webhooks (Can create WebHooks is off).");
    if (state.webhooks.length >= state.permissions.webhookLimit) throw new AtValidationError([`The webhook limit of ${state.permissions.webhookLimit} for this security level has been reached.`]);
    const { values } = readEntityBody(body, fields, 'TicketWebhook');
    const draft = { isSubscribedToCreateEvents: false, isSubscribedToUpdateEvents: false, isSubscribedToDeleteEvents: false, sendThresholdExceededNotification: false, notificationEmailAddress: null, ...values };
    validate(draft);
    const { secretKey, ...rest } = draft as Record<string, unknown> & { secretKey?: string | null };
    const webhook = { ...rest, id: nextId(state), isReady: false, ownerResourceID: actor.impersonatorId ?? actor.resourceId, webhookGUID: randomUUID() } as AtTicketWebhook;
    state.webhooks.push(webhook);
    state.webhookSecrets.set(webhook.id, { secretKey: secretKey ?? '', sequence: 0, consecutiveFailures: 0 });
    return webhook;
  }

  function patch(body: unknown): AtTicketWebhook {
    const { id, values } = readEntityBody(body, fields, 'TicketWebhook');
    if (id === undefined) throw new AtValidationError(['TicketWebhook.id is required to update a webhook.']);
    const previous = find(id);
    const { secretKey, ...rest } = values as Record<string, unknown> & { secretKey?: string | null };
    const updated = { ...previous, ...rest } as AtTicketWebhook;
    validate(updated as unknown as Record<string, unknown>);
    state.webhooks[state.webhooks.indexOf(previous)] = updated;
    const secrets = state.webhookSecrets.get(id);
    if (secrets && secretKey !== undefined) secrets.secretKey = secretKey ?? '';
    // Re-activating starts a fresh failure count, as an operator re-enabling a callout expects.
    if (secrets && updated.isActive && !previous.isActive) secrets.consecutiveFailures = 0;
    return updated;
  }

  function remove(id: number): void {
    const webhook = find(id);
    // Autotask calls the deactivationUrl when a webhook is deleted as well as when it is disabled.
    dispatcher.notifyDeactivation(webhook);
    state.webhooks.splice(state.webhooks.indexOf(webhook), 1);
    state.webhookFields = state.webhookFields.filter((f) => f.webhookID !== id);
    state.webhookExcludedResources = state.webhookExcludedResources.filter((x) => x.webhookID !== id);
    state.webhookSecrets.delete(id);
  }

  function refreshReady(webhookId: number): void {
    const webhook = state.webhooks.find((w) => w.id === webhookId);
    if (webhook) webhook.isReady = state.webhookFields.some((f) => f.webhookID === webhookId);
  }

  function addField(webhookId: number, body: unknown): AtWebhookField {
    find(webhookId);
    const childFields = ticketWebhookFieldFields(state.fields.webhookFieldIds, state.fields.webhookFieldLabels);
    const { values } = readEntityBody(body, childFields, 'TicketWebhookField');
    const draft: Record<string, unknown> = { isSubscribedField: false, isDisplayAlwaysField: false, ...values, webhookID: webhookId };
    requireValid(fieldErrors(draft, childFields, 'TicketWebhookField'));
    if (state.webhookFields.some((f) => f.webhookID === webhookId && f.fieldID === draft.fieldID)) {
      throw new AtValidationError([`Field ${String(draft.fieldID)} is already on TicketWebhook ${webhookId}.`]);
    }
    const field: AtWebhookField = { id: nextId(state), webhookID: webhookId, fieldID: draft.fieldID as number, isSubscribedField: draft.isSubscribedField === true, isDisplayAlwaysField: draft.isDisplayAlwaysField === true };
    state.webhookFields.push(field);
    refreshReady(webhookId);
    return field;
  }

  function removeField(webhookId: number, id: number): void {
    const field = state.webhookFields.find((f) => f.webhookID === webhookId && f.id === id);
    if (!field) throw new AtValidationError([`TicketWebhookField ${id} does not exist on TicketWebhook ${webhookId}.`]);
    state.webhookFields.splice(state.webhookFields.indexOf(field), 1);
    refreshReady(webhookId);
  }

  function addExcludedResource(webhookId: number, body: unknown): AtWebhookExcludedResource {
    find(webhookId);
    const childFields = webhookExcludedResourceFields();
    const { values } = readEntityBody(body, childFields, 'TicketWebhookExcludedResource');
    const draft: Record<string, unknown> = { ...values, webhookID: webhookId };
    requireValid(fieldErrors(draft, childFields, 'TicketWebhookExcludedResource'));
    if (!findResource(state, draft.resourceID as number)) throw new AtValidationError([`Resource ${String(draft.resourceID)} does not exist.`]);
    if (state.webhookExcludedResources.some((x) => x.webhookID === webhookId && x.resourceID === draft.resourceID)) {
      throw new AtValidationError([`Resource ${String(draft.resourceID)} is already excluded from TicketWebhook ${webhookId}.`]);
    }
    const excluded: AtWebhookExcludedResource = { id: nextId(state), webhookID: webhookId, resourceID: draft.resourceID as number };
    state.webhookExcludedResources.push(excluded);
    return excluded;
  }

  function removeExcludedResource(webhookId: number, id: number): void {
    const excluded = state.webhookExcludedResources.find((x) => x.webhookID === webhookId && x.id === id);
    if (!excluded) throw new AtValidationError([`TicketWebhookExcludedResource ${id} does not exist on TicketWebhook ${webhookId}.`]);
    state.webhookExcludedResources.splice(state.webhookExcludedResources.indexOf(excluded), 1);
  }

  return { fields, find, create, patch, remove, addField, removeField, addExcludedResource, removeExcludedResource };
}

export type WebhookModel = ReturnType<typeof createWebhookModel>;
