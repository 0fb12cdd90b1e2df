import { OutsideApiError } from '../../src/http/outside-api-error.js';
import type { NoteInput, TimeEntryInput } from '../../src/model/psa.js';
import type { AutotaskInstallation } from './installation-schema.js';
import type { PicklistCache } from './picklist-cache.js';
import { AUTOTASK_SYSTEM } from './zone-discovery.js';

/** TicketNote.title is at most 250 characters, description 32,000 (TicketNotes entityInformation). */
const TITLE_MAX = 250;
const DESCRIPTION_MAX = 32_000;
const SUMMARY_MAX = 8_000;

/** Appends the marker, cutting the text (never the marker) to fit. */
export function withMarker(text: string, marker: string, max: number): string {
  if (text.includes(marker) && text.length <= max) return text;
  const suffix = `\n\n${marker}`;
  const room = Math.max(0, max - suffix.length);
  return `${text.length > room ? `${text.slice(0, Math.max(0, room - 1))}…` : text}${suffix}`;
}

function title(text: string): string {
  const first = text.split(/\r?\n/).find((l) => l.trim())?.trim() ?? '';
  const t = `TicketFix: ${first}`.trim();
  return t.length > TITLE_MAX ? `${t.slice(0, TITLE_MAX - 1)}…` : t;
}

/**
 * The TicketNote for `POST /Tickets/{id}/Notes`: `publish` decides who sees it (internal notes
 * go to the configured internal label, never silently to "All Autotask Users"), `noteType` uses
 * the configured label or the picklist's default. Both are resolved from entityInformation.
 */
export async function noteBody(picklists: PicklistCache, at: AutotaskInstallation['autotask'], ticketId: number, note: NoteInput) {
  const publishLabel = note.visibility === 'internal' ? at.notePublish.internal : at.notePublish.customer;
  const publish = await picklists.byLabel('TicketNotes', 'publish', publishLabel);
  if (!publish) {
    const known = (await picklists.values('TicketNotes', 'publish')).map((p) => p.label);
    throw new OutsideApiError(AUTOTASK_SYSTEM, 'addNote', null, `Autotask has no note publish option '${publishLabel}' for ${note.visibility} notes (known: ${known.join(', ')}); set autotask.notePublish`, false);
  }
  const noteType = (await picklists.byLabel('TicketNotes', 'noteType', at.noteTypeLabel)) ?? (await picklists.defaultOf('TicketNotes', 'noteType'));
  if (!noteType) throw new OutsideApiError(AUTOTASK_SYSTEM, 'addNote', null, 'Autotask lists no ticket note types', false);
  return {
    ticketID: ticketId,
    title: title(note.text),
    description: withMarker(note.text, note.marker, DESCRIPTION_MAX),
    noteType: Number(noteType.value),
    publish: Number(publish.value),
  };
}

const iso = (ms: number) => new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');

/**
 * The TimeEntry for `POST /TimeEntries`: owned by the impersonated technician (an API-only user
 * cannot be the resourceID), UTC start/end (Autotask derives hoursWorked from them), dateWorked
 * the UTC day, the marker in summaryNotes, and the configured role when there is one.
 */
export function timeEntryBody(at: AutotaskInstallation['autotask'], ticketId: number, entry: TimeEntryInput) {
  const start = Date.parse(entry.start);
  if (Number.isNaN(start) || !(entry.minutes > 0) || entry.minutes > 24 * 60) {
    throw new OutsideApiError(AUTOTASK_SYSTEM, 'addTimeEntry', null, 'a time entry needs a valid start and 0 < minutes <= 1440 (Autotask: 0 < hoursWorked <= 24)', false);
  }
  return {
    ticketID: ticketId,
    resourceID: at.impersonationResourceId,
    ...(at.timeEntryRoleId ? { roleID: at.timeEntryRoleId } : {}),
    dateWorked: `${iso(start).slice(0, 10)}T00:00:00Z`,
    startDateTime: iso(start),
    endDateTime: iso(start + Math.round(entry.minutes * 60_000)),
    summaryNotes: withMarker(entry.notes, entry.marker, SUMMARY_MAX),
  };
}
