import type { HttpClient } from '../../src/http/http-client.js';
import { OutsideApiError } from '../../src/http/outside-api-error.js';
import type { NewTicketInput, NoteInput, PsaAdapter, TicketNoteRead, TimeEntryInput } from '../../src/model/psa.js';
import type { Ticket } from '../../src/model/ticket.js';
import { AtCompany, AtContact, AtTicket, ItemId, itemOf, itemsOf } from './api-schemas.js';
import { AUTOTASK_SYSTEM, createAutotaskClient, type AutotaskClientOptions } from './autotask-client.js';
import { createAtTicket, findAtTicketByMarker } from './create-ticket.js';
import type { AutotaskInstallation } from './installation-schema.js';
import { createPicklistCache, type PicklistCache } from './picklist-cache.js';
import { readAtNotesSince } from './read-ticket-notes.js';
import { setTicketStatus, type StatusWriter } from './set-ticket-status.js';
import { toTicket } from './to-ticket.js';
import { noteBody, timeEntryBody } from './write-bodies.js';

export interface AutotaskPsaAdapterOptions {
  installation: AutotaskInstallation;
  /** The installation's seam; built from `installation` and `clientOptions` when omitted. */
  client?: HttpClient;
  clientOptions?: AutotaskClientOptions;
  /** How long picklists and company names are cached (default 10 minutes). */
  cacheTtlMs?: number;
  now?: () => number;
}

const IdOnly = itemsOf(AtTicket.pick({ id: true }).loose());

/** Autotask behind the engine's PsaAdapter contract, every call through one seam. */
export class AutotaskPsaAdapter implements PsaAdapter {
  readonly psa = 'autotask' as const;
  readonly installationId: string;
  private readonly client: HttpClient;
  private readonly picklists: PicklistCache;
  private readonly writer: StatusWriter = { patchRefused: false };
  private readonly companies = new Map<number, { at: number; name: Promise<string | undefined> }>();
  private readonly at: AutotaskInstallation['autotask'];
  private readonly ttlMs: number;
  private readonly now: () => number;

  constructor(options: AutotaskPsaAdapterOptions) {
    this.installationId = options.installation.id;
    this.at = options.installation.autotask;
    this.client = options.client ?? createAutotaskClient(options.installation, options.clientOptions);
    this.ttlMs = options.cacheTtlMs ?? 10 * 60_000;
    this.now = options.now ?? Date.now;
    this.picklists = createPicklistCache(this.client, this.ttlMs, this.now);
  }

  /** Writes are attributed to a real resource: API-only users cannot own notes' time or time entries. */
  private get attributed(): Record<string, string> {
    return { ImpersonationResourceId: String(this.at.impersonationResourceId) };
  }

  async getTicket(ticketId: string): Promise<Ticket> {
    const id = ticketNumber(ticketId, 'getTicket');
    // GET /Tickets/{id} (Tickets_QueryItem); an unknown id answers {item: null}.
    const { item } = await this.client.request({ method: 'GET', path: `/Tickets/${id}`, operation: 'getTicket', schema: itemOf(AtTicket) });
    if (!item) throw new OutsideApiError(AUTOTASK_SYSTEM, 'getTicket', 404, `ticket ${id} does not exist or is not visible to the API user`, false);
    const [contact, statusLabel, companyName] = await Promise.all([this.contact(item.contactID), this.picklists.labelOf('Tickets', 'status', item.status), this.companyName(item.companyID)]);
    return toTicket(item, { contact, statusLabel, companyName });
  }

  private async contact(contactId: number | null | undefined): Promise<AtContact | null> {
    if (contactId === null || contactId === undefined) return null;
    // GET /Contacts/{id} (Contacts_QueryItem): the e-mail is what scopes the remediation.
    const { item } = await this.client.request({ method: 'GET', path: `/Contacts/${contactId}`, operation: 'getContact', schema: itemOf(AtContact) });
    return item;
  }

  /** Company names change rarely and only feed messages, so they are cached. */
  private companyName(companyId: number): Promise<string | undefined> {
    const hit = this.companies.get(companyId);
    if (hit && this.now() - hit.at < this.ttlMs) return hit.name;
    // GET /Companies/{id} (Companies_QueryItem)
    const name = this.client
      .request({ method: 'GET', path: `/Companies/${companyId}`, operation: 'getCompany', schema: itemOf(AtCompany) })
      .then((r) => r.item?.companyName ?? undefined)
      .catch(() => undefined);
    this.companies.set(companyId, { at: this.now(), name });
    return name;
  }

  async addNote(ticketId: string, note: NoteInput): Promise<{ id: string }> {
    const id = ticketNumber(ticketId, 'addNote');
    const body = await noteBody(this.picklists, this.at, id, note);
    // POST /Tickets/{parentId}/Notes (TicketNotesChild_CreateEntity); not repeated after an
    // ambiguous failure: the outbox asks findNote first.
    const created = await this.client.request({ method: 'POST', path: `/Tickets/${id}/Notes`, operation: 'addNote', body, headers: this.attributed, schema: ItemId });
    return { id: String(created.itemId) };
  }

  async findNote(ticketId: string, marker: string): Promise<{ id: string } | null> {
    const id = ticketNumber(ticketId, 'findNote');
    // POST /TicketNotes/query (TicketNotes_Query): the root entity is query-only.
    const found = await this.client.request({
      method: 'POST',
      path: '/TicketNotes/query',
      operation: 'findNote',
      body: { filter: [{ op: 'eq', field: 'ticketID', value: id }, { op: 'contains', field: 'description', value: marker }], includeFields: ['id'], maxRecords: 1 },
      idempotent: true,
      schema: IdOnly,
    });
    return found.items[0] ? { id: String(found.items[0].id) } : null;
  }

  listNotesSince(ticketId: string, since: string): Promise<TicketNoteRead[]> {
    return readAtNotesSince(this.client, this.picklists, this.at, ticketNumber(ticketId, 'listNotes'), since);
  }

  async setStatus(ticketId: string, statusName: string): Promise<void> {
    await setTicketStatus({ client: this.client, picklists: this.picklists, writer: this.writer, ticketId: ticketNumber(ticketId, 'setStatus'), statusName, headers: this.attributed });
  }

  async addTimeEntry(ticketId: string, entry: TimeEntryInput): Promise<{ id: string }> {
    const id = ticketNumber(ticketId, 'addTimeEntry');
    // POST /TimeEntries (TimeEntries_CreateEntity); resourceID is the impersonated technician.
    const created = await this.client.request({ method: 'POST', path: '/TimeEntries', operation: 'addTimeEntry', body: timeEntryBody(this.at, id, entry), headers: this.attributed, schema: ItemId });
    return { id: String(created.itemId) };
  }

  async findTimeEntry(ticketId: string, marker: string): Promise<{ id: string } | null> {
    const id = ticketNumber(ticketId, 'findTimeEntry');
    // POST /TimeEntries/query (TimeEntries_Query)
    const found = await this.client.request({
      method: 'POST',
      path: '/TimeEntries/query',
      operation: 'findTimeEntry',
      body: { filter: [{ op: 'eq', field: 'ticketID', value: id }, { op: 'contains', field: 'summaryNotes', value: marker }], includeFields: ['id'], maxRecords: 1 },
      idempotent: true,
      schema: IdOnly,
    });
    return found.items[0] ? { id: String(found.items[0].id) } : null;
  }

  createTicket(input: NewTicketInput): Promise<{ id: string }> {
    return createAtTicket(this.client, this.picklists, this.attributed, input);
  }

  findTicketByMarker(companyId: string, marker: string): Promise<{ id: string } | null> {
    return findAtTicketByMarker(this.client, companyId, marker);
  }
}

function ticketNumber(ticketId: string, operation: string): number {
  if (!/^\d{1,10}$/.test(ticketId)) throw new OutsideApiError(AUTOTASK_SYSTEM, operation, null, 'an Autotask ticket id is a positive integer', false);
  return Number(ticketId);
}
