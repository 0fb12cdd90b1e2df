/**
 * A minimal stand-in for the outside APIs of one mailbox-quota loop on ConnectWise (ticket read,
 * description note, note, time entry, board statuses, status change, callback key) and
 * Microsoft 365 (token, Graph user, Exchange Get-Mailbox / Get-MailboxStatistics /
 * Get-MailboxPlan / Set-Mailbox), answering canned bodies copied from the simulators in mocks/.
 *
 * It runs in its own process (`node --import tsx bench/stub/outside-api-stub.ts`, prints
 * `STUB_URL <origin>` when listening) so the bench can measure the app's CPU alone. No auth, no
 * validation, no faults: the only state is what the loop reads back (a ticket's status and
 * notes, a mailbox's quotas after Set-Mailbox). The stateful simulators stay for correctness.
 *
 * Tickets are synthetic: ticket id N (any number) has contact full.user<N % 1000, 3 digits>@contoso.example.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { STUB } from './stub-constants.js';

const CW = '/sim/connectwise/v4_6_release/apis/3.0';

const upnOf = (ticketId: number) => `full.user${String(ticketId % 1000).padStart(3, '0')}@contoso.example`;
const cwDate = () => new Date().toISOString().replace(/\.\d{3}Z$/, 'Z');

interface TicketState {
  resolved: boolean;
  notes: Record<string, unknown>[];
}

/** Only what the loop reads back. Bounded: a ticket is forgotten once resolved and read. */
const tickets = new Map<number, TicketState>();
const quotas = new Map<string, Record<string, string>>();
let nextId = 900_000;
/** For the bench (GET /stub/stats): status changes and quota changes served. */
const served = { statusChanges: 0, setMailbox: 0, notFound: 0, lastNotFound: '' };

function ticketOf(id: number): TicketState {
  let t = tickets.get(id);
  if (!t) {
    t = { resolved: false, notes: [] };
    tickets.set(id, t);
  }
  return t;
}

function ticketBody(origin: string, id: number, resolved: boolean): Record<string, unknown> {
  const base = `${origin}${CW}`;
  const status = resolved ? { id: 15, name: 'Resolved' } : { id: 11, name: 'New' };
  return {
    recordType: 'ServiceTicket',
    summary: 'My mailbox is full',
    company: { id: 250, identifier: 'ContosoLtd', name: 'Contoso Ltd', _info: { company_href: `${base}/company/companies/250` } },
    board: { id: 1, name: 'Service Desk', _info: { board_href: `${base}/service/boards/1` } },
    contactEmailAddress: upnOf(id),
    id,
    status: { ...status, _info: { status_href: `${base}/service/boards/1/statuses/${status.id}` } },
    closedFlag: resolved,
    contact: { id: 1009, name: 'Full User', _info: { contact_href: `${base}/company/contacts/1009` } },
    contactName: 'Full User',
    _info: {
      lastUpdated: cwDate(),
      updatedBy: resolved ? 'ticketfix' : 'dispatch',
      dateEntered: cwDate(),
      enteredBy: 'dispatch',
      notes_href: `${base}/service/tickets/${id}/notes`,
      timeentries_href: `${base}/service/tickets/${id}/timeentries`,
    },
    ...(resolved ? { closedDate: cwDate(), closedBy: 'ticketfix' } : {}),
  };
}

const STATUSES = ['New', 'In Progress', 'Waiting Approval', 'Escalated', 'Resolved'].map((name, i) => ({
  id: 11 + i,
  name,
  board: { id: 1, name: 'Service Desk' },
  sortOrder: i,
  displayOnBoard: true,
  inactive: false,
  closedStatus: name === 'Resolved',
  timeEntryNotAllowed: false,
  defaultFlag: i === 0,
  _info: { lastUpdated: '2026-12-08T01:14:31.182Z', updatedBy: 'seed', dateEntered: '2026-12-08T01:14:31.182Z', enteredBy: 'seed' },
}));

/** Exchange's size strings: "60 GB (64,424,509,440 bytes)". */
function size(gb: number): string {
  return `${gb} GB (${Math.round(gb * 1024 ** 3).toLocaleString('en-US')} bytes)`;
}

const gbOf = (v: unknown) => Number(String(v).replace(/\s*GB$/i, ''));
const PLAN = 'ExchangeOnlineEnterprise-f05f1058-26f3-48a0-a701-22031840b88a';

function mailbox(upn: string): Record<string, unknown> {
  const alias = upn.split('@')[0]!;
  const q = quotas.get(upn) ?? {};
  return {
    Identity: alias,
    Name: alias,
    Alias: alias,
    DisplayName: 'Full User',
    UserPrincipalName: upn,
    PrimarySmtpAddress: upn,
    WindowsEmailAddress: upn,
    EmailAddresses: [`SMTP:${upn}`],
    RecipientType: 'UserMailbox',
    RecipientTypeDetails: 'UserMailbox',
    ExchangeGuid: STUB.mailboxGuid,
    Guid: STUB.mailboxGuid,
    ExternalDirectoryObjectId: STUB.userId,
    MailboxPlan: PLAN,
    UseDatabaseQuotaDefaults: false,
    IssueWarningQuota: q.IssueWarningQuota ?? size(49),
    ProhibitSendQuota: q.ProhibitSendQuota ?? size(49.5),
    ProhibitSendReceiveQuota: q.ProhibitSendReceiveQuota ?? size(50),
    RecoverableItemsQuota: size(30),
    RecoverableItemsWarningQuota: size(20),
    ArchiveStatus: 'None',
    LitigationHoldEnabled: false,
    AccountDisabled: false,
    WhenChanged: '2025-01-06T09:00:00.000Z',
  };
}

function cmdlet(origin: string, tenant: string, name: string, params: Record<string, unknown>): unknown {
  const upn = String(params.Identity ?? '');
  let rows: Record<string, unknown>[] = [];
  if (name === 'Get-Mailbox') rows = [mailbox(upn)];
  else if (name === 'Get-MailboxStatistics')
    rows = [
      {
        Identity: STUB.mailboxGuid,
        DisplayName: 'Full User',
        MailboxGuid: STUB.mailboxGuid,
        MailboxTypeDetail: 'UserMailbox',
        IsArchiveMailbox: false,
        ItemCount: 332049,
        TotalItemSize: '47.5 GB (51,002,736,640 bytes)',
        DeletedItemCount: 16602,
        TotalDeletedItemSize: '1.188 GB (1,275,068,416 bytes)',
        LastLogonTime: new Date().toISOString(),
        SystemMessageSize: '0 B (0 bytes)',
      },
    ];
  else if (name === 'Get-MailboxPlan')
    rows = [
      {
        Identity: PLAN,
        Name: PLAN,
        DisplayName: 'ExchangeOnlineEnterprise',
        IsDefault: true,
        ProhibitSendReceiveQuota: size(100),
        ProhibitSendQuota: size(99),
        IssueWarningQuota: size(98),
        MaxSendSize: '35 MB (36,700,160 bytes)',
        MaxReceiveSize: '36 MB (37,748,736 bytes)',
        RecoverableItemsQuota: size(30),
        RetainDeletedItemsFor: '14.00:00:00',
      },
    ];
  else if (name === 'Set-Mailbox') {
    served.setMailbox++;
    // The one write the loop reads back (its validation Get-Mailbox).
    const q: Record<string, string> = {};
    for (const k of ['IssueWarningQuota', 'ProhibitSendQuota', 'ProhibitSendReceiveQuota']) if (params[k] !== undefined) q[k] = size(gbOf(params[k]));
    quotas.set(upn, { ...quotas.get(upn), ...q });
  }
  return {
    '@odata.context': `${origin}/sim/exchange/adminapi/beta/${tenant}/$metadata#Collection(Exchange.GenericHashTable)`,
    'adminapi.warnings@odata.type': '#Collection(String)',
    '@adminapi.warnings': [],
    value: rows,
  };
}

function token(resource: string): unknown {
  return { token_type: 'Bearer', expires_in: 3599, ext_expires_in: 3599, access_token: `stub.${Buffer.from(resource).toString('base64url')}.${Date.now()}` };
}

async function bodyOf(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const c of req) chunks.push(c as Buffer);
  return Buffer.concat(chunks).toString();
}

function send(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(text) });
  res.end(text);
}

async function route(req: IncomingMessage, res: ServerResponse, origin: string): Promise<void> {
  const url = new URL(req.url ?? '/', origin);
  const path = url.pathname;
  const method = req.method ?? 'GET';
  const raw = method === 'GET' ? '' : await bodyOf(req);
  let m: RegExpMatchArray | null;
  if (path === '/stub/stats') return send(res, 200, { ...served, ticketsHeld: tickets.size, mailboxesHeld: quotas.size });
  if (path.startsWith(CW)) {
    const p = path.slice(CW.length);
    if (method === 'GET' && p === '/system/callbacks') return send(res, 200, []);
    if (method === 'POST' && p === '/system/callbacks') return send(res, 201, { ...JSON.parse(raw), id: 5001, memberId: 150, _info: { lastUpdated: cwDate(), updatedBy: 'ticketfix' } });
    if (method === 'GET' && p.startsWith('/system/callbackkeys/')) return send(res, 200, { signing_key: STUB.signingKey });
    if (method === 'GET' && p === '/service/boards/1/statuses') return send(res, 200, STATUSES);
    if ((m = p.match(/^\/service\/tickets\/(\d+)$/))) {
      const id = Number(m[1]);
      const t = ticketOf(id);
      if (method === 'PATCH') {
        t.resolved = true;
        served.statusChanges++;
      }
      const body = ticketBody(origin, id, t.resolved);
      if (t.resolved) tickets.delete(id);
      return send(res, 200, body);
    }
    if ((m = p.match(/^\/service\/tickets\/(\d+)\/notes$/))) {
      const id = Number(m[1]);
      const t = ticketOf(id);
      if (method === 'POST') {
        const note = { ...JSON.parse(raw), id: nextId++, ticketId: id, member: { id: 150, identifier: 'ticketfix', name: 'TicketFix API' }, dateCreated: cwDate(), createdBy: 'ticketfix', internalFlag: false, externalFlag: true, _info: { lastUpdated: cwDate(), updatedBy: 'ticketfix' } };
        t.notes.push(note);
        return send(res, 201, note);
      }
      return send(res, 200, t.notes.slice(0, 1));
    }
    if (method === 'POST' && p === '/time/entries') {
      const entry = JSON.parse(raw) as Record<string, unknown>;
      return send(res, 201, { ...entry, id: nextId++, company: { id: 250, identifier: 'ContosoLtd', name: 'Contoso Ltd' }, member: { id: 150, identifier: 'ticketfix', name: 'TicketFix API' }, actualHours: 0.25, billableOption: 'Billable', internalNotes: '', ticket: { id: entry.chargeToId, summary: 'My mailbox is full' }, ticketBoard: 'Service Desk', ticketStatus: 'New', enteredBy: 'ticketfix', dateEntered: cwDate(), _info: { lastUpdated: cwDate(), updatedBy: 'ticketfix' } });
    }
  }
  if (method === 'POST' && /^\/sim\/login\/[^/]+\/oauth2\/v2\.0\/token$/.test(path)) return send(res, 200, token(new URLSearchParams(raw).get('scope') ?? ''));
  if (method === 'GET' && (m = path.match(/^\/sim\/graph\/v1\.0\/users\/([^/]+)$/))) {
    const upn = decodeURIComponent(m[1]!);
    return send(res, 200, { '@odata.context': `${origin}/sim/graph/v1.0/$metadata#users/$entity`, id: STUB.userId, userPrincipalName: upn, mail: upn, displayName: 'Full User', accountEnabled: true, onPremisesSyncEnabled: null });
  }
  if (method === 'POST' && (m = path.match(/^\/sim\/exchange\/adminapi\/beta\/([^/]+)\/InvokeCommand$/))) {
    const input = (JSON.parse(raw) as { CmdletInput: { CmdletName: string; Parameters?: Record<string, unknown> } }).CmdletInput;
    return send(res, 200, cmdlet(origin, m[1]!, input.CmdletName, input.Parameters ?? {}));
  }
  served.notFound++;
  served.lastNotFound = `${method} ${path}`;
  send(res, 404, { code: 'NotFound', message: `stub: no canned answer for ${method} ${path}` });
}

const server = createServer((req, res) => {
  route(req, res, origin).catch((err: unknown) => send(res, 500, { code: 'StubError', message: err instanceof Error ? err.message : String(err) }));
});
let origin = '';
server.listen(0, '127.0.0.1', () => {
  origin = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
  process.stdout.write(`STUB_URL ${origin}\n`);
});
process.on('SIGTERM', () => server.close(() => process.exit(0)));
