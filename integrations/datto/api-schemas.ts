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
});

export const DattoQuickJob = z.object({ job: z.object({ uid: z.string(), status: z.string().optional() }) });
export const DattoJob = z.object({ uid: z.string(), status: z.string() });
export const DattoJobResult = z.object({
  jobDeploymentStatus: z.string().nullable().optional(),
  componentResults: z.array(z.object({ componentStatus: z.string().optional(), hasStdOut: z.boolean().optional(), hasStdErr: z.boolean().optional() })).default([]),
});
export const DattoStdData = z.array(z.object({ stdData: z.string().nullable().optional() }));
export const DattoSoftware = z.object({ software: z.array(z.object({ name: z.string(), version: z.string().optional() })) });
export const DattoAlert = z.object({ alertUid: z.string(), resolved: z.boolean() });
