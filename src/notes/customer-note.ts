import { DEFAULT_TEMPLATES } from './defaults.js';
import type { NotesConfig } from './notes-config.js';
import type { NoteOutcome } from './outcomes.js';
import { renderTemplate } from './template.js';

export interface CustomerNoteRequest {
  outcome: NoteOutcome;
  remediationId: string | null;
  clientId: string | null;
  ticketId: string;
  contactName?: string | null;
  /** The outcome's and the remediation's own variables. */
  values: Record<string, string>;
}

/**
 * Picks the template: the remediation's, then `default`, in the client's language, then in the
 * default language, then the built-in English one; and fills it.
 */
export function customerNote(notes: NotesConfig, req: CustomerNoteRequest): { text: string; language: string } {
  const wanted = (req.clientId ? notes.languageByClient[req.clientId] : undefined) ?? notes.defaultLanguage;
  const owners = [req.remediationId, 'default'].filter((o): o is string => !!o);
  let chosen: { text: string; language: string } | null = null;
  for (const lang of [...new Set([wanted, notes.defaultLanguage])]) {
    for (const owner of owners) {
      const text = notes.templates[owner]?.[req.outcome]?.[lang];
      if (text && !chosen) chosen = { text, language: lang };
    }
  }
  const template = chosen ?? { text: DEFAULT_TEMPLATES[req.outcome], language: 'en' };
  const values = { mspName: notes.mspName, signOff: notes.signOff, contactName: req.contactName?.trim() || 'there', ticketId: req.ticketId, ...req.values };
  return { text: renderTemplate(template.text, values), language: template.language };
}
