import { z } from 'zod';

/**
 * Per-client settings (config: clients[].remediations.service-restart.settings). The allow-list
 * is keyed by the RMM's device group (site / policy); '*' applies to every group.
 */
export const ServiceRestartSettings = z.object({
  /** Windows service names (not display names) a restart may touch without a person, per device group. */
  allowList: z.record(z.string().min(1), z.array(z.string().min(1).max(256))).default({}),
  /** The same service on the same device restarted this many times within the window: stop, escalate as recurring. */
  recurring: z
    .object({ maxRestarts: z.number().int().min(1).max(100), windowMinutes: z.number().int().min(1).max(7 * 24 * 60) })
    .default({ maxRestarts: 3, windowMinutes: 24 * 60 }),
  /**
   * How long an alert waits before anything is decided, so a storm (the same service failing on
   * many devices) is seen as one event before the first restart.
   */
  settleSeconds: z.number().min(0).max(600).default(10),
  /** Alerts for the same service at one client within this window are counted together as one storm. */
  stormWindowSeconds: z.number().int().min(1).max(3600).default(60),
});
export type ServiceRestartSettings = z.infer<typeof ServiceRestartSettings>;

export const ServiceRestartInput = z.object({
  service: z.string().min(1).max(256),
  devices: z.array(z.object({ id: z.string().min(1), name: z.string(), group: z.string().optional() })).min(1),
  checkId: z.string().optional(),
  alertId: z.string().optional(),
});
export type ServiceRestartInput = z.infer<typeof ServiceRestartInput>;

/** Allowed when the device's group lists the service, or '*' does (case-insensitive, as Windows treats service names). */
export function serviceAllowed(settings: ServiceRestartSettings, service: string, group: string | undefined): boolean {
  const lists = [settings.allowList['*'] ?? [], group ? (settings.allowList[group] ?? []) : []];
  return lists.some((l) => l.some((s) => s.toLowerCase() === service.toLowerCase()));
}
