import { z } from 'zod';

export const DattoTokenResponse = z.object({ access_token: z.string().min(1), expires_in: z.number().positive().default(360_000) });

export const DattoDevice = z.object({
  id: z.number(),
  uid: z.string(),
  siteId: z.number().optional(),
  siteUid: z.string(),
  siteName: z.string().optional(),
  hostname: z.string(),
  online: z.boolean().optional(),
  operatingSystem: z.string().optional(),
  /** e.g. {category: 'Desktop' | 'Laptop' | 'Server' | ...}. */
  deviceType: z.object({ category: z.string().optional() }).loose().nullable().optional(),
});

export const DattoQuickJob = z.object({ job: z.object({ uid: z.string(), status: z.string().optional() }) });
export const DattoJob = z.object({ uid: z.string(), status: z.string() });
export const DattoJobResult = z.object({
  jobDeploymentStatus: z.string().nullable().optional(),
  componentResults: z.array(z.object({ componentStatus: z.string().optional(), hasStdOut: z.boolean().optional(), hasStdErr: z.boolean().optional() })).default([]),
});
export const DattoStdData = z.array(z.object({ stdData: z.string().nullable().optional() }));
/**
 * GET /api/v2/audit/device/{uid}/software?max=&page= is paged: `pageDetails.nextPageUrl` is set
 * while more pages follow (aaronengels/DattoRMM functions/Get-DrmmAuditDeviceSoftware.ps1).
 */
export const DattoSoftware = z.object({
  pageDetails: z.object({ nextPageUrl: z.string().nullable().optional() }).loose().optional(),
  software: z.array(z.object({ name: z.string(), version: z.string().optional() }).loose()),
});
/**
 * GET /api/v2/alert/{uid}: a component monitor's alert carries its output in
 * `alertContext: {"@class": "comp_script_ctx", samples: {<name>: <value>}}`
 * (aaronengels/DattoRMM functions/Add-DrmmAlertMessage.ps1).
 */
export const DattoAlert = z.object({
  alertUid: z.string(),
  resolved: z.boolean(),
  alertContext: z.object({ '@class': z.string().optional(), samples: z.record(z.string(), z.unknown()).optional() }).loose().nullable().optional(),
  alertSourceInfo: z.object({ deviceUid: z.string().optional() }).loose().nullable().optional(),
});
