/**
 * The ConnectWise PSA REST 3.0 entities the simulator keeps, in the shapes the real API returns
 * (field names from the 2025.1 OpenAPI description). Only the fields an integration reads are
 * modelled; tickets stay open records so a PATCH may set any field, as on the real system.
 */
export type CwInfo = Record<string, string>;

export interface CwRef {
  id: number;
  identifier?: string;
  name?: string;
  _info?: CwInfo;
}

export interface CwCompany {
  id: number;
  identifier: string;
  name: string;
  status: { id: number; name: string };
  deletedFlag: boolean;
  _info: CwInfo;
}

export interface CwCommunicationItem {
  id: number;
  type: { id: number; name: string };
  value: string;
  defaultFlag: boolean;
  communicationType: 'Email' | 'Phone' | 'Fax' | 'Direct';
}

export interface CwContact {
  id: number;
  firstName: string;
  lastName: string;
  company: CwRef;
  inactiveFlag: boolean;
  communicationItems: CwCommunicationItem[];
  _info: CwInfo;
}

/** A member (technician or API member). `apiMember` marks the one the API keys belong to. */
export interface CwMember {
  id: number;
  identifier: string;
  firstName: string;
  lastName: string;
  apiMember: boolean;
}

export interface CwBoard {
  id: number;
  name: string;
  location: CwRef;
  department: CwRef;
  inactiveFlag: boolean;
  _info: CwInfo;
}

export interface CwBoardStatus {
  id: number;
  name: string;
  board: CwRef;
  sortOrder: number;
  displayOnBoard: boolean;
  inactive: boolean;
  closedStatus: boolean;
  timeEntryNotAllowed: boolean;
  defaultFlag: boolean;
  _info: CwInfo;
}

export interface CwTicket {
  id: number;
  summary: string;
  recordType: string;
  board: CwRef;
  status: CwRef;
  company: CwRef;
  contact?: CwRef;
  contactName?: string;
  contactEmailAddress?: string;
  closedFlag: boolean;
  closedDate?: string;
  closedBy?: string;
  _info: CwInfo;
  [field: string]: unknown;
}

export interface CwNote {
  id: number;
  ticketId: number;
  text: string;
  detailDescriptionFlag: boolean;
  internalAnalysisFlag: boolean;
  resolutionFlag: boolean;
  issueFlag: boolean;
  /** Absent on a contact's reply (email connector or portal): `contact` is set instead. */
  member?: CwRef;
  contact?: CwRef;
  customerUpdatedFlag?: boolean;
  dateCreated: string;
  createdBy: string;
  internalFlag: boolean;
  externalFlag: boolean;
  _info: CwInfo;
}

export interface CwTimeEntry {
  id: number;
  company?: CwRef;
  chargeToId: number | null;
  chargeToType: string;
  member: CwRef;
  timeStart: string;
  timeEnd?: string;
  actualHours: number;
  billableOption: string;
  notes: string;
  internalNotes: string;
  ticket?: { id: number; summary: string; _info?: CwInfo };
  ticketBoard?: string;
  ticketStatus?: string;
  enteredBy: string;
  dateEntered: string;
  _info: CwInfo;
}

export interface CwCallbackEntry {
  id: number;
  description: string;
  url: string;
  objectId: number;
  type: string;
  level: string;
  memberId: number;
  payloadVersion: string;
  inactiveFlag: boolean;
  isSoapCallbackFlag: boolean;
  isSelfSuppressedFlag: boolean;
  connectWiseID: string;
  _info: CwInfo;
}

/** One attempted callback delivery, kept for tests. */
export interface CallbackDelivery {
  callbackId: number;
  url: string;
  action: 'added' | 'updated' | 'deleted';
  ticketId: number;
  /** HTTP status the receiver answered, or null when the request failed (see `error`). */
  status: number | null;
  error?: string;
  /** The exact bytes sent and their signature, so a test can re-deliver or tamper with them. */
  body: string;
  signature: string;
  at: string;
}

export interface CallLogEntry {
  method: string;
  /** Path relative to the simulator's baseUrl, without the query string. */
  path: string;
  query: string;
  status: number;
  /** The fault that produced the answer, when one did. */
  fault?: string;
  at: string;
}
