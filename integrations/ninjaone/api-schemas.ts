import { z } from 'zod';

export const NinjaTokenResponse = z.object({ access_token: z.string().min(1), expires_in: z.number().positive().default(3600) });

export const NinjaDevice = z.object({
  id: z.number(),
  organizationId: z.number(),
  locationId: z.number().optional(),
  systemName: z.string().optional(),
  displayName: z.string().optional(),
  offline: z.boolean().optional(),
  os: z.object({ name: z.string().optional() }).passthrough().optional(),
  /** WINDOWS_WORKSTATION, WINDOWS_SERVER, MAC, LINUX_SERVER, ... (homotechsual/NinjaOne device objects). */
  nodeClass: z.string().optional(),
});

export const NinjaWindowsServices = z.array(
  z.object({
    serviceId: z.string().optional(),
    name: z.string(),
    displayName: z.string().optional(),
    state: z.string(),
    startType: z.string().optional(),
  }),
);

export const NinjaSoftware = z.array(z.object({ name: z.string(), version: z.string().optional() }));

export const NinjaActivity = z.object({
  id: z.number(),
  activityTime: z.number(),
  deviceId: z.number().optional(),
  activityType: z.string(),
  statusCode: z.string().optional(),
  status: z.string().optional(),
  activityResult: z.string().optional(),
  sourceConfigUid: z.string().optional(),
  sourceName: z.string().optional(),
  message: z.string().optional(),
  data: z.record(z.string(), z.unknown()).optional(),
});
export const NinjaActivities = z.object({ lastActivityId: z.number().optional(), activities: z.array(NinjaActivity) });
