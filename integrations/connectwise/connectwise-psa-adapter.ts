import type { ConnectWiseInstallation } from '../../src/config/schema.js';
import type { HttpClient } from '../../src/http/http-client.js';
import { OutsideApiError } from '../../src/http/outside-api-error.js';
import type { NewTicketInput, NoteInput, NoteVisibility, PsaAdapter, TicketNoteRead, TimeEntryInput } from '../../src/model/psa.js';
import type { Ticket } from '../../src/model/ticket.js';
import { CwNote, CwNotes, CwTicket, CwTimeEntries, CwTimeEntry } from './api-schemas.js';
import { createBoardStatusCache, type BoardStatusCache } from './board-status-cache.js';
import { createCwTicket, findCwTicketByMarker } from './create-ticket.js';
import { CONNECTWISE_SYSTEM, createConnectWiseClient, type ConnectWiseClientOptions } from './connectwise-client.js';
import { readCwNotesSince } from './read-ticket-notes.js';
import { searchPages } from './search-pages.js';
import { setTicketStatus } from './set-ticket-status.js';
import { createTicketBoardMemory, type TicketBoardMemory } from './ticket-board-memory.js';
import { toTicket } from './to-ticket.js';

export interface ConnectWisePsaAdapterOptions {
  installation: ConnectWiseInstallation;
  /** The installation's HTTP seam; built from `installation` and `clientOptions` when omitted. */
  client?: HttpClient;
  clientOptions?: ConnectWiseClientOptions;
  /** How long board statuses are cached (default 10 minutes). */
  statusCacheTtlMs?: number;
  /** Pages (of 1000) read when searching notes/time entries for a marker (default 10). */
  maxSearchPages?: number;
  now?: () => number;
}

const NOTE_FLAGS: Record<NoteVisibility, { detailDescriptionFlag: boolean; internalAnalysisFlag: boolean; resolutionFlag: boolean }> = {
  internal: { detailDescriptionFlag: false, internalAnalysisFlag: true, resolutionFlag: false },
  customer: { detailDescriptionFlag: true, internalAnalysisFlag: false, resolutionFlag: false },
  resolution: { detailDescriptionFlag: true, internalAnalysisFlag: false, resolutionFlag: true },
};

const withMarker = (text: string, marker: string) => (text.includes(marker) ? text : `${text}\n\n${marker}`);
const cwDate = (ms: number) => new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');

/** ConnectWise PSA behind the engine's PsaAdapter contract, every call through one seam. */
export class ConnectWisePsaAdapter implements PsaAdapter {
  readonly psa = 'connectwise' as const;
  readonly installationId: string;
  private readonly client: HttpClient;
  private readonly statuses: BoardStatusCache;
  private readonly boards: TicketBoardMemory;
  private readonly member: string;
  private readonly maxSearchPages: number;

  constructor(options: ConnectWisePsaAdapterOptions) {
    this.installationId = options.installation.id;
    this.member = options.installation.connectwise.memberIdentifier;
    this.client = options.client ?? createConnectWiseClient(options.installation, options.clientOptions);
    this.statuses = createBoardStatusCache(this.client, options.statusCacheTtlMs ?? 10 * 60_000, options.now);
    this.boards = createTicketBoardMemory({ now: options.now });
    this.maxSearchPages = options.maxSearchPages ?? 10;
  }

  async getTicket(ticketId: string): Promise<Ticket> {
    const id = ticketNumber(ticketId, 'getTicket');
    // GET /service/tickets/{id}, then its first discussion note (where CW keeps the description).
    const cw = await this.client.request({ method: 'GET', path: `/service/tickets/${id}`, operation: 'getTicket', schema: CwTicket });
    const first = await this.client.request({
      method: 'GET',
      path: `/service/tickets/${id}/notes`,
      operation: 'getTicketDescription',
      query: { conditions: 'detailDescriptionFlag=true', orderBy: 'id asc', pageSize: 1 },
      schema: CwNotes,
    });
    this.boards.remember(id, cw.board?.id);
    return toTicket(cw, first[0]?.text ?? '');
  }

  async addNote(ticketId: string, note: NoteInput): Promise<{ id: string }> {
    const id = ticketNumber(ticketId, 'addNote');
    // POST /service/tickets/{parentId}/notes; not repeated after an ambiguous failure (the outbox asks findNote first).
    const created = await this.client.request({
      method: 'POST',
      path: `/service/tickets/${id}/notes`,
      operation: 'addNote',
      body: { text: withMarker(note.text, note.marker), ...NOTE_FLAGS[note.visibility], member: { identifier: this.member } },
      schema: CwNote,
    });
    return { id: String(created.id) };
  }

  async findNote(ticketId: string, marker: string): Promise<{ id: string } | null> {
    const id = ticketNumber(ticketId, 'findNote');
    // Matched client-side: `conditions` on long note text are not dependable.
    const found = await searchPages(this.client, { path: `/service/tickets/${id}/notes`, operation: 'findNote', schema: CwNotes, match: (n) => (n.text ?? '').includes(marker), maxPages: this.maxSearchPages });
    return found ? { id: String(found.id) } : null;
  }

  listNotesSince(ticketId: string, since: string): Promise<TicketNoteRead[]> {
    return readCwNotesSince(this.client, ticketNumber(ticketId, 'listNotes'), since, this.member, this.maxSearchPages);
  }

  async setStatus(ticketId: string, statusName: string): Promise<void> {
    const id = ticketNumber(ticketId, 'setStatus');
    await setTicketStatus(this.client, this.statuses, id, statusName, this.boards.recall(id));
  }

  async addTimeEntry(ticketId: string, entry: TimeEntryInput): Promise<{ id: string }> {
    const id = ticketNumber(ticketId, 'addTimeEntry');
    const start = Date.parse(entry.start);
    if (Number.isNaN(start) || !(entry.minutes > 0) || entry.minutes > 24 * 60) {
      throw new OutsideApiError(CONNECTWISE_SYSTEM, 'addTimeEntry', null, 'a time entry needs a valid start and 0 < minutes <= 1440', false);
    }
    // POST /time/entries (TimeEntriesAPI); timeStart is required.
    const created = await this.client.request({
      method: 'POST',
      path: '/time/entries',
      operation: 'addTimeEntry',
      body: {
        chargeToType: 'ServiceTicket',
        chargeToId: id,
        member: { identifier: this.member },
        timeStart: cwDate(start),
        timeEnd: cwDate(start + Math.round(entry.minutes * 60_000)),
        notes: withMarker(entry.notes, entry.marker),
      },
      schema: CwTimeEntry,
    });
    return { id: String(created.id) };
  }

  async findTimeEntry(ticketId: string, marker: string): Promise<{ id: string } | null> {
    const id = ticketNumber(ticketId, 'findTimeEntry');
    const found = await searchPages(this.client, {
      path: '/time/entries',
      operation: 'findTimeEntry',
      query: { conditions: `chargeToType="ServiceTicket" and chargeToId=${id}` },
      schema: CwTimeEntries,
      match: (e) => (e.notes ?? '').includes(marker),
      maxPages: this.maxSearchPages,
    });
    return found ? { id: String(found.id) } : null;
  }

  createTicket(input: NewTicketInput): Promise<{ id: string }> {
    return createCwTicket(this.client, input);
  }

  findTicketByMarker(companyId: string, marker: string): Promise<{ id: string } | null> {
    return findCwTicketByMarker(this.client, companyId, marker);
  }
}

function ticketNumber(ticketId: string, operation: string): number {
  if (!/^\d{1,10}$/.test(ticketId)) throw new OutsideApiError(CONNECTWISE_SYSTEM, operation, null, 'a ConnectWise ticket id is a positive integer', false);
  return Number(ticketId);
}
