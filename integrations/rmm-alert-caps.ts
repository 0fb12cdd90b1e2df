import { z } from 'zod';

/**
 * How many PSA tickets alerts of one RMM installation may open per hour, per device and per
 * client. Anyone holding an installation's webhook secret can post alerts; the caps bound the
 * tickets (and the work) that can cause. Alerts over a cap are recorded, not ticketed.
 */
export const AlertTicketCaps = z.object({
  perDevicePerHour: z.number().int().min(1).max(1000).default(5),
  perClientPerHour: z.number().int().min(1).max(10_000).default(50),
});
export type AlertTicketCaps = z.infer<typeof AlertTicketCaps>;

export const DEFAULT_ALERT_TICKET_CAPS: AlertTicketCaps = { perDevicePerHour: 5, perClientPerHour: 50 };
/** Optional in the parsed config (installations built in code need not name it); read through capsOf. */
export const alertTicketCapsField = AlertTicketCaps.optional();
export const capsOf = (install: { alertTickets?: AlertTicketCaps } | undefined): AlertTicketCaps => install?.alertTickets ?? DEFAULT_ALERT_TICKET_CAPS;
