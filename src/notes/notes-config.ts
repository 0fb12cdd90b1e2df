import { z } from 'zod';
import { allowedVariables, NOTE_OUTCOMES, type NoteOutcome } from './outcomes.js';
import { strayBraces, templateVariables } from './template.js';

const language = z.string().regex(/^[a-z]{2,3}(-[A-Za-z0-9]{2,8})?$/, 'a language tag such as en, de or pt-BR');
const templateText = z.string().min(1).max(8000).refine((t) => !strayBraces(t), 'a {{ or }} that is not a {{variable}}');
/** Per outcome, per language: the template text. */
const OutcomeTemplates = z.partialRecord(z.enum(NOTE_OUTCOMES), z.record(language, templateText));

/**
 * The MSP's note settings. `templates` is keyed by remediation id (or `default`, for every
 * remediation), then outcome, then language; each template may use only the variables listed
 * for it in docs/notes.md (checked at load: see noteTemplateIssues).
 */
export const NotesConfig = z
  .object({
    mspName: z.string().min(1).max(200).default('your IT team'),
    signOff: z.string().min(1).max(1000).default('Kind regards,\nYour IT team'),
    defaultLanguage: language.default('en'),
    /** The language of a client's tickets (the PSAs carry no ticket language); unset: defaultLanguage. */
    languageByClient: z.record(z.string(), language).default({}),
    templates: z.record(z.string(), OutcomeTemplates).default({}),
  })
  .superRefine((notes, ctx) => {
    // `default` templates: only the common and outcome variables (remediation templates are checked against the registry).
    for (const [outcome, byLang] of Object.entries(notes.templates.default ?? {})) {
      for (const issue of unknownVariables('default', outcome as NoteOutcome, byLang ?? {}, [])) ctx.addIssue({ code: 'custom', path: ['templates', 'default', outcome], message: issue });
    }
  });
export type NotesConfig = z.infer<typeof NotesConfig>;

function unknownVariables(owner: string, outcome: NoteOutcome, byLang: Record<string, string>, remediationVariables: readonly string[]): string[] {
  const allowed = allowedVariables(outcome, remediationVariables);
  return Object.entries(byLang).flatMap(([lang, text]) =>
    templateVariables(text)
      .filter((v) => !allowed.has(v))
      .map((v) => `template ${owner}.${outcome}.${lang} uses unknown variable '{{${v}}}' (allowed: ${[...allowed].join(', ')})`),
  );
}

/** Templates of remediations: the remediation must exist and each variable must be one it may use. */
export function noteTemplateIssues(notes: NotesConfig, remediations: readonly { id: string; noteVariables: readonly string[] }[]): string[] {
  return Object.entries(notes.templates).flatMap(([owner, outcomes]) => {
    if (owner === 'default') return [];
    const r = remediations.find((x) => x.id === owner);
    if (!r) return [`notes.templates.${owner}: unknown remediation '${owner}' (known: default, ${remediations.map((x) => x.id).join(', ')})`];
    return Object.entries(outcomes).flatMap(([outcome, byLang]) => unknownVariables(owner, outcome as NoteOutcome, byLang ?? {}, r.noteVariables).map((m) => `notes.${m}`));
  });
}
