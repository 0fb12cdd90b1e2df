import { z } from 'zod';
import { CwValidationError, fieldError } from './cw-errors.js';

/** A reference object as clients send it: by id, identifier or name. */
export const RefInput = z.object({ id: z.number().int().optional(), identifier: z.string().optional(), name: z.string().optional() }).loose();
export type RefInput = z.infer<typeof RefInput>;

export const TicketBody = z
  .object({
    summary: z.string().trim().min(1, 'The summary field is required.').max(100, 'The summary must be at most 100 characters.'),
    company: RefInput,
    board: RefInput.optional(),
    status: RefInput.optional(),
    contact: RefInput.optional(),
    contactEmailAddress: z.string().optional(),
    contactName: z.string().optional(),
    initialDescription: z.string().optional(),
    initialInternalAnalysis: z.string().optional(),
    initialResolution: z.string().optional(),
  })
  .loose();
export type TicketBody = z.infer<typeof TicketBody>;

export const PatchBody = z
  .array(z.object({ op: z.string().transform((s) => s.toLowerCase()).pipe(z.enum(['add', 'replace', 'remove'])), path: z.string().min(1), value: z.unknown() }))
  .min(1, 'A JSON Patch array with at least one operation is required.');
export type PatchOp = z.infer<typeof PatchBody>[number];

export const NoteBody = z
  .object({
    text: z.string().min(1, 'The text field is required.'),
    detailDescriptionFlag: z.boolean().optional(),
    internalAnalysisFlag: z.boolean().optional(),
    resolutionFlag: z.boolean().optional(),
    issueFlag: z.boolean().optional(),
    member: RefInput.optional(),
  })
  .loose();
export type NoteBody = z.infer<typeof NoteBody>;

const dateTime = z.iso.datetime({ offset: true, message: 'must be an ISO 8601 date-time (yyyy-MM-ddTHH:mm:ssZ).' });

export const TimeEntryBody = z
  .object({
    chargeToId: z.number().int().optional(),
    chargeToType: z.enum(['ServiceTicket', 'ProjectTicket', 'ChargeCode', 'Activity']).optional(),
    member: RefInput.optional(),
    timeStart: dateTime,
    timeEnd: dateTime.optional(),
    actualHours: z.number().positive().max(24).optional(),
    notes: z.string().optional(),
    internalNotes: z.string().optional(),
    billableOption: z.enum(['Billable', 'DoNotBill', 'NoCharge', 'NoDefault']).optional(),
  })
  .loose();
export type TimeEntryBody = z.infer<typeof TimeEntryBody>;

export const CallbackBody = z
  .object({
    url: z.url(),
    objectId: z.number().int(),
    type: z.string().min(1),
    level: z.string().min(1),
    description: z.string().optional(),
    memberId: z.number().int().optional(),
    payloadVersion: z.string().optional(),
    inactiveFlag: z.boolean().optional(),
    isSoapCallbackFlag: z.boolean().optional(),
    isSelfSuppressedFlag: z.boolean().optional(),
  })
  .loose();

/** Parses a request body or throws the CW-style 400 (`NullOrEmpty` for missing fields). */
export function parseBody<T>(schema: z.ZodType<T>, resource: string, body: unknown): T {
  const parsed = schema.safeParse(body, { reportInput: true });
  if (parsed.success) return parsed.data;
  throw new CwValidationError(
    resource,
    parsed.error.issues.map((issue) => {
      const field = issue.path.join('/') || resource;
      const missing = issue.code === 'invalid_type' && issue.input === undefined;
      return fieldError(resource, field, missing ? `The ${field} field is required.` : `${field}: ${issue.message}`, missing ? 'NullOrEmpty' : 'InvalidValue');
    }),
  );
}
