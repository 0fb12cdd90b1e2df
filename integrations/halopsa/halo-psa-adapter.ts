import { OutsideApiError } from '../../src/http/outside-api-error.js';
import type { NewTicketInput, NoteInput, NoteVisibility, PsaAdapter, TicketNoteRead, TimeEntryInput } from '../../src/model/psa.js';
import type { Ticket } from '../../src/model/ticket.js';
import { HaloAction, HaloActionList, HaloTicket, HaloUser, oneOrFirst } from './api-schemas.js';
import { createHaloClient, HALO_SYSTEM, type HaloClient, type HaloClientOptions } from './halo-client.js';
import { createHaloTicket, findHaloTicketByMarker } from './create-ticket.js';
import type { HaloInstallation } from './installation-schema.js';
import { readHaloNotesSince } from './read-ticket-notes.js';
import { createStatusCache, type StatusCache } from './status-cache.js';
import { toTicket } from './to-ticket.js';

export interface HaloPsaAdapterOptions {
  installation: HaloInstallation;
  /** The installation's seam; built from `installation` and `clientOptions` when omitted. */
  client?: HaloClient;
  clientOptions?: HaloClientOptions;
  /** How long statuses are cached (default 10 minutes). */
  statusCacheTtlMs?: number;
  now?: () => number;
}

const withMarker = (text: string, marker: string) => (text.includes(marker) ? text : `${text}\n\n${marker}`);
const ActionResult = oneOrFirst(HaloAction);

/** HaloPSA behind the engine's PsaAdapter contract, every call through one seam. */
export class HaloPsaAdapter implements PsaAdapter {
  readonly psa = 'halopsa' as const;
  readonly installationId: string;
  private readonly client: HaloClient;
  private readonly statuses: StatusCache;
  private readonly outcomes: HaloInstallation['halopsa']['outcomes'];

  constructor(options: HaloPsaAdapterOptions) {
    this.installationId = options.installation.id;
    this.outcomes = options.installation.halopsa.outcomes;
    this.client = options.client ?? createHaloClient(options.installation, options.clientOptions);
    this.statuses = createStatusCache(this.client, options.statusCacheTtlMs ?? 10 * 60_000, options.now);
  }

  async getTicket(ticketId: string): Promise<Ticket> {
    const id = ticketNumber(ticketId, 'getTicket');
    // GET /api/Tickets/{id}?includedetails=true
    const ticket = await this.client.request({ method: 'GET', path: `/Tickets/${id}`, operation: 'getTicket', query: { includedetails: true }, schema: HaloTicket });
    const contact = ticket.user_id && ticket.user_id > 0 ? await this.readUser(ticket.user_id) : {};
    const statusName = ticket.status_name ?? (ticket.status_id ? await this.statuses.nameFor(ticket.status_id) : undefined);
    return toTicket(ticket, contact, statusName);
  }

  /** GET /api/Users/{id}: the end user's own email address (a deleted user leaves it empty). */
  private async readUser(userId: number): Promise<{ email?: string; name?: string }> {
    try {
      const user = await this.client.request({ method: 'GET', path: `/Users/${userId}`, operation: 'getTicketUser', schema: HaloUser });
      return { email: user.emailaddress ?? undefined, name: user.name ?? undefined };
    } catch (err) {
      if (err instanceof OutsideApiError && err.status === 404) return {};
      throw err;
    }
  }

  async addNote(ticketId: string, note: NoteInput): Promise<{ id: string }> {
    const id = ticketNumber(ticketId, 'addNote');
    const created = await this.postAction('addNote', {
      ticket_id: id,
      outcome: this.outcomeFor(note.visibility),
      note: withMarker(note.text, note.marker),
      // Internal notes stay hidden from the end user; customer and resolution notes are visible.
      hiddenfromuser: note.visibility === 'internal',
      sendemail: false,
    });
    return { id: String(created.id) };
  }

  async findNote(ticketId: string, marker: string): Promise<{ id: string } | null> {
    const found = (await this.listActions(ticketNumber(ticketId, 'findNote'), 'findNote')).find((a) => hasMarker(a, marker));
    return found ? { id: String(found.id) } : null;
  }

  createTicket(input: NewTicketInput): Promise<{ id: string }> {
    return createHaloTicket(this.client, input);
  }

  findTicketByMarker(companyId: string, marker: string): Promise<{ id: string } | null> {
    return findHaloTicketByMarker(this.client, companyId, marker);
  }

  listNotesSince(ticketId: string, since: string): Promise<TicketNoteRead[]> {
    return readHaloNotesSince(this.client, ticketNumber(ticketId, 'listNotes'), since);
  }

  async setStatus(ticketId: string, statusName: string): Promise<void> {
    const id = ticketNumber(ticketId, 'setStatus');
    // POST /api/Tickets [{id, status_id}]: an upsert setting one field, safe to repeat.
    const post = (statusId: number) => this.client.request({ method: 'POST', path: '/Tickets', operation: 'setStatus', body: [{ id, status_id: statusId }], idempotent: true });
    const cached = await this.statuses.idFor(statusName);
    try {
      await post(cached);
    } catch (err) {
      // A status deleted or renumbered since the cache filled: look it up again once.
      if (!(err instanceof OutsideApiError) || err.status !== 400) throw err;
      this.statuses.invalidate();
      const fresh = await this.statuses.idFor(statusName);
      if (fresh === cached) throw err;
      await post(fresh);
    }
  }

  async addTimeEntry(ticketId: string, entry: TimeEntryInput): Promise<{ id: string }> {
    const id = ticketNumber(ticketId, 'addTimeEntry');
    if (Number.isNaN(Date.parse(entry.start)) || !(entry.minutes > 0) || entry.minutes > 24 * 60) {
      throw new OutsideApiError(HALO_SYSTEM, 'addTimeEntry', null, 'a time entry needs a valid start and 0 < minutes <= 1440', false);
    }
    // Halo records time on an action: `timetaken` in hours.
    const created = await this.postAction('addTimeEntry', {
      ticket_id: id,
      outcome: this.outcomes.time,
      note: withMarker(entry.notes, entry.marker),
      hiddenfromuser: true,
      sendemail: false,
      timetaken: Math.round((entry.minutes / 60) * 10_000) / 10_000,
    });
    return { id: String(created.id) };
  }

  async findTimeEntry(ticketId: string, marker: string): Promise<{ id: string } | null> {
    const found = (await this.listActions(ticketNumber(ticketId, 'findTimeEntry'), 'findTimeEntry')).find((a) => (a.timetaken ?? 0) > 0 && hasMarker(a, marker));
    return found ? { id: String(found.id) } : null;
  }

  private outcomeFor(visibility: NoteVisibility): string {
    return this.outcomes[visibility];
  }

  /** POST /api/Actions [{…}]; not repeated after an ambiguous failure (the outbox asks find* first). */
  private postAction(operation: string, action: Record<string, unknown>): Promise<HaloAction> {
    return this.client.request({ method: 'POST', path: '/Actions', operation, body: [action], schema: ActionResult });
  }

  /** GET /api/Actions?ticket_id=…, without system actions; markers are matched here, not by a search. */
  private async listActions(ticketId: number, operation: string): Promise<HaloAction[]> {
    const list = await this.client.request({ method: 'GET', path: '/Actions', operation, query: { ticket_id: ticketId, excludesys: true }, schema: HaloActionList });
    return list.actions;
  }
}

const hasMarker = (a: HaloAction, marker: string) => (a.note ?? '').includes(marker) || (a.note_html ?? '').includes(marker);

function ticketNumber(ticketId: string, operation: string): number {
  if (!/^\d{1,9}$/.test(ticketId) || Number(ticketId) === 0) throw new OutsideApiError(HALO_SYSTEM, operation, null, 'a HaloPSA ticket id is a positive integer', false);
  return Number(ticketId);
}
