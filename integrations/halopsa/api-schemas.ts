import { z } from 'zod';

/**
 * Zod shapes for the HaloPSA responses this integration reads (spec models `Faults`,
 * `Actions`, `TStatus`, `Users`, `Webhook`, `UnameNotification`; only the fields used,
 * everything else passes through). Halo sends many fields as null, hence `nullish`.
 */
const id = z.number().int();

export const HaloAuthInfo = z.object({ auth_url: z.string().nullish(), tenant_id: z.string().nullish() }).loose();

export const HaloTokenResponse = z
  .object({
    access_token: z.string().min(1),
    expires_in: z.coerce.number().positive(),
    token_type: z.string(),
    /** The granted permissions, space separated, when the server says (RFC 6749 §5.1). */
    scope: z.string().nullish(),
  })
  .loose();

export const HaloTicket = z
  .object({
    id,
    summary: z.string().nullish(),
    details: z.string().nullish(),
    details_html: z.string().nullish(),
    status_id: id.nullish(),
    status_name: z.string().nullish(),
    client_id: id.nullish(),
    client_name: z.string().nullish(),
    user_id: id.nullish(),
    user_name: z.string().nullish(),
    tickettype_id: id.nullish(),
    last_update: z.string().nullish(),
    hasbeenclosed: z.boolean().nullish(),
  })
  .loose();
export type HaloTicket = z.infer<typeof HaloTicket>;

export const HaloTicketList = z.object({ record_count: z.number().int().nullish(), tickets: z.array(HaloTicket) }).loose();

export const HaloUser = z.object({ id, name: z.string().nullish(), emailaddress: z.string().nullish() }).loose();

export const HaloStatus = z.object({ id, name: z.string(), type: z.number().int().nullish() }).loose();
export type HaloStatus = z.infer<typeof HaloStatus>;
export const HaloStatuses = z.array(HaloStatus);

export const HaloAction = z
  .object({ id, ticket_id: id.nullish(), note: z.string().nullish(), note_html: z.string().nullish(), timetaken: z.number().nullish(), hiddenfromuser: z.boolean().nullish() })
  .loose();
export type HaloAction = z.infer<typeof HaloAction>;
export const HaloActionList = z.object({ record_count: z.number().int().nullish(), actions: z.array(HaloAction) }).loose();

/** Halo answers a one-record upsert with the record and several with an array; accept both. */
export const oneOrFirst = <T extends z.ZodType>(item: T) =>
  z.union([z.array(item).min(1), item]).transform((v) => (Array.isArray(v) ? (v[0] as z.infer<T>) : (v as z.infer<T>)));

export const HaloWebhook = z
  .object({
    id: z.string(),
    name: z.string().nullish(),
    url: z.string().nullish(),
    type: z.number().int().nullish(),
    active: z.boolean().nullish(),
    authentication_type: z.number().int().nullish(),
    basic_username: z.string().nullish(),
  })
  .loose();
export type HaloWebhook = z.infer<typeof HaloWebhook>;
export const HaloWebhooks = z.array(HaloWebhook);

export const HaloNotification = z.object({ id, webhook_id: z.string().nullish(), eventno: z.coerce.number().int().nullish(), delivery_method: z.number().int().nullish() }).loose();
export const HaloNotifications = z.array(HaloNotification);
