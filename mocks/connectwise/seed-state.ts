import { randomBytes } from 'node:crypto';
import type { DemoWorld } from '../demo-data.js';
import type { CallbackDelivery, CallLogEntry, CwBoard, CwBoardStatus, CwCallbackEntry, CwCompany, CwContact, CwMember, CwNote, CwTicket, CwTimeEntry } from './types.js';

/** Everything the simulator holds. Tests read it directly; only the simulator writes it. */
export interface ConnectWiseState {
  companies: CwCompany[];
  contacts: CwContact[];
  members: CwMember[];
  boards: CwBoard[];
  statuses: CwBoardStatus[];
  tickets: CwTicket[];
  notes: CwNote[];
  timeEntries: CwTimeEntry[];
  callbacks: CwCallbackEntry[];
  /** Signing keys served at `key_url`, by key id. The current one signs new deliveries. */
  signingKeys: Map<string, string>;
  currentKeyId: string;
  deliveries: CallbackDelivery[];
  /** Callbacks skipped because `isSelfSuppressedFlag` matched the member who made the change. */
  suppressed: { callbackId: number; ticketId: number; memberIdentifier: string }[];
  calls: CallLogEntry[];
  nextId: number;
}

export const SERVICE_BOARD_ID = 1;
/** The human member programmatic changes (`sim.createTicket`) are attributed to by default. */
export const DISPATCHER_IDENTIFIER = 'dispatch';

export const SEED_STATUSES: { name: string; closed: boolean; isDefault: boolean }[] = [
  { name: 'New', closed: false, isDefault: true },
  { name: 'In Progress', closed: false, isDefault: false },
  { name: 'Waiting Approval', closed: false, isDefault: false },
  { name: 'Escalated', closed: false, isDefault: false },
  { name: 'Resolved', closed: true, isDefault: false },
];

export function newSigningKey(): string {
  return randomBytes(32).toString('base64url');
}

export function seedState(world: DemoWorld, memberIdentifier: string, nowIso: string): ConnectWiseState {
  const info = { lastUpdated: nowIso, updatedBy: 'seed', dateEntered: nowIso, enteredBy: 'seed' };
  const companies: CwCompany[] = world.companies.map((c) => ({
    id: c.psaId,
    identifier: c.identifier,
    name: c.name,
    status: { id: 1, name: 'Active' },
    deletedFlag: false,
    _info: { ...info },
  }));
  const contacts: CwContact[] = world.users.flatMap((u, i) => {
    const company = world.companies.find((c) => c.clientId === u.clientId);
    if (!company) return [];
    const [firstName = u.displayName, ...rest] = u.displayName.split(' ');
    return [
      {
        id: 1001 + i,
        firstName,
        lastName: rest.join(' '),
        company: { id: company.psaId, identifier: company.identifier, name: company.name },
        inactiveFlag: false,
        communicationItems: [{ id: 1, type: { id: 1, name: 'Email' }, value: u.email, defaultFlag: true, communicationType: 'Email' as const }],
        _info: { ...info },
      },
    ];
  });
  const members: CwMember[] = [
    { id: 150, identifier: memberIdentifier, firstName: 'TicketFix', lastName: 'API', apiMember: true },
    { id: 151, identifier: DISPATCHER_IDENTIFIER, firstName: 'Dana', lastName: 'Dispatcher', apiMember: false },
  ];
  const board: CwBoard = {
    id: SERVICE_BOARD_ID,
    name: 'Service Desk',
    location: { id: 2, name: 'Main' },
    department: { id: 10, identifier: 'Services', name: 'Services' },
    inactiveFlag: false,
    _info: { ...info },
  };
  const boardRef = { id: board.id, name: board.name };
  const statuses: CwBoardStatus[] = SEED_STATUSES.map((s, i) => ({
    id: 11 + i,
    name: s.name,
    board: boardRef,
    sortOrder: i,
    displayOnBoard: true,
    inactive: false,
    closedStatus: s.closed,
    timeEntryNotAllowed: false,
    defaultFlag: s.isDefault,
    _info: { ...info },
  }));
  const keyId = randomBytes(8).toString('hex');
  return {
    companies,
    contacts,
    members,
    boards: [board],
    statuses,
    tickets: [],
    notes: [],
    timeEntries: [],
    callbacks: [],
    signingKeys: new Map([[keyId, newSigningKey()]]),
    currentKeyId: keyId,
    deliveries: [],
    suppressed: [],
    calls: [],
    nextId: 5000,
  };
}

export function nextId(state: ConnectWiseState): number {
  state.nextId += 1;
  return state.nextId;
}

export function contactEmail(contact: CwContact): string | undefined {
  return contact.communicationItems.find((c) => c.communicationType === 'Email')?.value;
}

export function memberRef(member: CwMember) {
  return { id: member.id, identifier: member.identifier, name: `${member.firstName} ${member.lastName}` };
}
