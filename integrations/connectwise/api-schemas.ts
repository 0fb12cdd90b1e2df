import { z } from 'zod';

/**
 * Zod shapes for the ConnectWise responses this integration reads (CW REST 3.0 models, only
 * the fields used; everything else passes through untouched).
 */
const Ref = z.object({ id: z.number().int(), identifier: z.string().nullish(), name: z.string().nullish() }).loose();

export const CwTicket = z
  .object({
    id: z.number().int(),
    summary: z.string(),
    company: Ref,
    board: Ref.nullish(),
    status: Ref.nullish(),
    contact: z.object({ id: z.number().int().nullish(), name: z.string().nullish() }).loose().nullish(),
    contactName: z.string().nullish(),
    contactEmailAddress: z.string().nullish(),
    closedFlag: z.boolean().nullish(),
    _info: z.record(z.string(), z.unknown()).nullish(),
  })
  .loose();
export type CwTicket = z.infer<typeof CwTicket>;

export const CwNote = z
  .object({
    id: z.number().int(),
    text: z.string().nullish(),
    detailDescriptionFlag: z.boolean().nullish(),
    internalAnalysisFlag: z.boolean().nullish(),
    resolutionFlag: z.boolean().nullish(),
  })
  .loose();
export const CwNotes = z.array(CwNote);

export const CwBoardStatus = z.object({ id: z.number().int(), name: z.string(), inactive: z.boolean().nullish(), closedStatus: z.boolean().nullish() }).loose();
export type CwBoardStatus = z.infer<typeof CwBoardStatus>;
export const CwBoardStatuses = z.array(CwBoardStatus);

export const CwTimeEntry = z.object({ id: z.number().int(), notes: z.string().nullish(), chargeToId: z.number().int().nullish(), chargeToType: z.string().nullish() }).loose();
export const CwTimeEntries = z.array(CwTimeEntry);

export const CwCallbackEntry = z
  .object({
    id: z.number().int(),
    url: z.string(),
    type: z.string(),
    level: z.string(),
    objectId: z.number().int().nullish(),
    inactiveFlag: z.boolean().nullish(),
    isSelfSuppressedFlag: z.boolean().nullish(),
  })
  .loose();
export type CwCallbackEntry = z.infer<typeof CwCallbackEntry>;
export const CwCallbackEntries = z.array(CwCallbackEntry);

/** CW's list maximum; pages are read until one comes back shorter. */
export const CW_MAX_PAGE_SIZE = 1000;
