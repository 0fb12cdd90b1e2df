import type { PsaSystem } from './signal.js';
import type { Ticket } from './ticket.js';

/** Ticket statuses the loop moves a ticket to, by name (each PSA resolves names to its own ids). */
export interface StatusNames {
  inProgress: string;
  awaitingApproval: string;
  escalated: string;
  resolved: string;
}

export type NoteVisibility = 'internal' | 'customer' | 'resolution';

export interface NoteInput {
  text: string;
  visibility: NoteVisibility;
  /**
   * A unique marker placed in the note text; after an ambiguous failure (timeout, 5xx) the
   * outbox asks `findNote(marker)` before posting again, so a note lands exactly once.
   */
  marker: string;
}

export interface TimeEntryInput {
  minutes: number;
  notes: string;
  start: string;
  marker: string;
}

/** A ticket the app opens itself (an RMM alert with no PSA ticket yet). */
export interface NewTicketInput {
  /** The PSA company (from the client mapping in config, never from alert text). */
  companyId: string;
  /** Short title; the adapter appends `marker` (and cuts the text, never the marker, to fit). */
  summary: string;
  description: string;
  /** The board (ConnectWise) / queue (Autotask) / team (Halo) id, when the mapping names one; else the PSA default. */
  boardId?: string;
  /** The contact's e-mail, when the ticket is about one person (a proactive mailbox check); the loop targets the PSA contact. */
  contactEmail?: string;
  /**
   * A unique marker placed in the summary; after an ambiguous failure the caller asks
   * `findTicketByMarker` before creating again, so one alert opens one ticket.
   */
  marker: string;
}

/** A note (Halo: action) read back from a ticket, to notice a requester's reply after a resolution. */
export interface TicketNoteRead {
  id: string;
  text: string;
  /** ISO time the PSA stamped on it. */
  createdAt: string;
  /** Shown to the requester (not an internal note). */
  customerVisible: boolean;
  /** The ticket's contact / end user, this app (its API member or resource), or anyone else at the MSP. */
  author: 'contact' | 'app' | 'staff';
}

/**
 * What the engine needs from a PSA. One implementation per integrations/<psa>/ folder; each
 * makes its calls through its own single HTTP seam.
 */
export interface PsaAdapter {
  readonly psa: PsaSystem;
  readonly installationId: string;
  /** Re-reads the ticket (webhooks are hints). Throws OutsideApiError. */
  getTicket(ticketId: string): Promise<Ticket>;
  addNote(ticketId: string, note: NoteInput): Promise<{ id: string }>;
  /** Finds a note carrying `marker`, if one landed. */
  findNote(ticketId: string, marker: string): Promise<{ id: string } | null>;
  /** Moves the ticket to the status with this name (resolved from the PSA, cached). */
  setStatus(ticketId: string, statusName: string): Promise<void>;
  addTimeEntry(ticketId: string, entry: TimeEntryInput): Promise<{ id: string }>;
  findTimeEntry(ticketId: string, marker: string): Promise<{ id: string } | null>;
  /** Opens a ticket for the company (the PSA's default board/queue/status). Throws OutsideApiError. */
  createTicket(input: NewTicketInput): Promise<{ id: string }>;
  /** Finds an open or closed ticket of the company whose summary carries `marker`. */
  findTicketByMarker(companyId: string, marker: string): Promise<{ id: string } | null>;
  /** The ticket's notes stamped at or after `since` (ISO), oldest first; for the reopen-on-reply check. */
  listNotesSince(ticketId: string, since: string): Promise<TicketNoteRead[]>;
}
