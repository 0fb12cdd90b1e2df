import type { NoteOutcome } from './outcomes.js';

/**
 * The built-in customer-visible templates (English). An MSP replaces any of them, per
 * remediation, outcome and language, under `notes.templates` in the config.
 */
export const DEFAULT_TEMPLATES: Record<NoteOutcome, string> = {
  resolved: [
    'Hello {{contactName}},',
    '',
    '{{problem}}',
    '{{action}}',
    '',
    '{{nextStep}}',
    '',
    'If this did not fix the problem, reply to this ticket and a technician will pick it up.',
    '',
    '{{signOff}}',
  ].join('\n'),
  escalated: [
    'Hello {{contactName}},',
    '',
    'We could not finish this automatically: {{reason}}.',
    'A technician at {{mspName}} has the ticket now and will be in touch. You do not need to do anything.',
    '',
    '{{signOff}}',
  ].join('\n'),
  awaiting_approval: [
    'Hello {{contactName}},',
    '',
    'Your request ({{request}}) needs a quick approval before we make the change. We will update this ticket as soon as it is approved.',
    '',
    '{{signOff}}',
  ].join('\n'),
};

export const DEFAULT_MSP_NAME = 'your IT team';
export const DEFAULT_SIGN_OFF = 'Kind regards,\nYour IT team';
