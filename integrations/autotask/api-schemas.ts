import { z } from 'zod';

/**
 * Zod shapes for the Autotask REST v1.0 responses this integration reads (camelCase, as the
 * service answers; only the fields used, everything else passes through untouched).
 */
const id = z.number().int();

export const AtTicket = z
  .object({
    id,
    title: z.string(),
    description: z.string().nullish(),
    status: z.number().int(),
    companyID: z.number().int(),
    contactID: z.number().int().nullish(),
    queueID: z.number().int().nullish(),
    lastActivityDate: z.string().nullish(),
    completedDate: z.string().nullish(),
  })
  .loose();
export type AtTicket = z.infer<typeof AtTicket>;

export const AtContact = z.object({ id, emailAddress: z.string().nullish(), firstName: z.string().nullish(), lastName: z.string().nullish(), companyID: z.number().int().nullish() }).loose();
export type AtContact = z.infer<typeof AtContact>;
export const AtCompany = z.object({ id, companyName: z.string().nullish() }).loose();
export const AtResource = z.object({ id, isActive: z.boolean(), userName: z.string().nullish(), firstName: z.string().nullish(), lastName: z.string().nullish() }).loose();
export type AtResource = z.infer<typeof AtResource>;

export const AtWebhook = z
  .object({
    id,
    webhookUrl: z.string(),
    deactivationUrl: z.string().nullish(),
    isActive: z.boolean(),
    isReady: z.boolean().nullish(),
    isSubscribedToCreateEvents: z.boolean().nullish(),
    isSubscribedToUpdateEvents: z.boolean().nullish(),
    webhookGUID: z.string().nullish(),
  })
  .loose();
export type AtWebhook = z.infer<typeof AtWebhook>;
export const AtWebhookField = z.object({ id, fieldID: z.number().int(), isSubscribedField: z.boolean().nullish(), isDisplayAlwaysField: z.boolean().nullish() }).loose();
export const AtExcludedResource = z.object({ id, resourceID: z.number().int() }).loose();

/** `GET /{Entity}/{id}`: an unknown id comes back as `{item: null}`. */
export const itemOf = <T extends z.ZodType>(schema: T) => z.object({ item: schema.nullable() });
export const itemsOf = <T extends z.ZodType>(schema: T) => z.object({ items: z.array(schema), pageDetails: z.object({ count: z.number().int().nullish(), nextPageUrl: z.string().nullish() }).loose().nullish() });
/** Create, update and delete answer `{itemId}`. */
export const ItemId = z.object({ itemId: z.number().int() });

export const PicklistValue = z.object({ value: z.union([z.string(), z.number()]).transform(String), label: z.string(), isActive: z.boolean().nullish(), isDefaultValue: z.boolean().nullish() }).loose();
export type PicklistValue = z.infer<typeof PicklistValue>;
export const FieldInfo = z
  .object({
    name: z.string(),
    isPickList: z.boolean().nullish(),
    picklistValues: z.array(PicklistValue).nullish(),
    isSupportedWebhookField: z.boolean().nullish(),
    isReadOnly: z.boolean().nullish(),
  })
  .loose();
export type FieldInfo = z.infer<typeof FieldInfo>;
export const FieldsResponse = z.object({ fields: z.array(FieldInfo) });

export const EntityInformation = z.object({ info: z.object({ canCreate: z.boolean().nullish(), userAccessForCreate: z.string().nullish() }).loose() });

export const ThresholdInformation = z.object({ externalRequestThreshold: z.number(), requestThresholdTimeframe: z.number(), currentTimeframeRequestCount: z.number() });
export type ThresholdInformation = z.infer<typeof ThresholdInformation>;

export const ZoneInformation = z.object({ url: z.string().url(), zoneName: z.string().nullish(), webUrl: z.string().nullish() }).loose();

/** Autotask caps a query page at 500 records. */
export const AT_MAX_RECORDS = 500;
