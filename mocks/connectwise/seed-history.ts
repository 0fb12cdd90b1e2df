import type { DemoWorld } from '../demo-data.js';
import { cwDate } from './cw-date.js';
import { DISPATCHER_IDENTIFIER, nextId, SERVICE_BOARD_ID, type ConnectWiseState } from './seed-state.js';
import type { CwCompany, CwTicket } from './types.js';

/**
 * A realistic month of service-desk history for the sandbox's ConnectWise: mailbox-full tickets
 * in many phrasings, other everyday requests (passwords, groups, lists, installs, services),
 * hard negatives that mention a mailbox or "full" but are not a quota problem, a customer the
 * MSP has not mapped to a client, and a user filed under the wrong company. Mostly closed, some
 * still open. Written straight into the state (no callbacks fire) and dated at least two hours
 * back, so the live loop and its reconcile (which looks one hour back) never pick them up: only
 * the backtest reads them.
 */
export interface HistoryTicket {
  summary: string;
  description: string;
  company: 'contoso' | 'fabrikam' | 'northwind';
  contact: string;
  /** What the ticket really was (for reading the report; the backtest never sees this). */
  truth: 'mailbox-quota' | 'password-reset' | 'software-install' | 'distribution-list' | 'security-group' | 'service-restart' | 'other';
}

const C = 'contoso.example';
const F = 'fabrikam.example';
const N = 'northwind.example';

export const HISTORY: readonly HistoryTicket[] = [
  // --- mailbox full, many phrasings -----------------------------------------------------
  { summary: 'My mailbox is full', description: 'Outlook says my mailbox is full and I cannot send anything.', company: 'contoso', contact: `megan.bowen@${C}`, truth: 'mailbox-quota' },
  { summary: 'Mailbox full - cannot send email', description: 'Getting "your mailbox is full" warnings since this morning.', company: 'contoso', contact: `alex.wilber@${C}`, truth: 'mailbox-quota' },
  { summary: 'Mailbox almost full', description: 'I got a warning that my mailbox is almost full. Can you increase it?', company: 'fabrikam', contact: `diego.siciliani@${F}`, truth: 'mailbox-quota' },
  { summary: 'Outlook: mailbox size limit reached', description: 'Cannot receive emails, mailbox size limit reached.', company: 'fabrikam', contact: `isaiah.langer@${F}`, truth: 'mailbox-quota' },
  { summary: 'Please increase my mailbox quota', description: 'My mailbox quota is nearly used up, please raise it.', company: 'contoso', contact: `lee.gu@${C}`, truth: 'mailbox-quota' },
  { summary: 'Mailbox over quota', description: 'Emails bounce back saying my mailbox is over its quota.', company: 'contoso', contact: `megan.bowen@${C}`, truth: 'mailbox-quota' },
  { summary: 'Cannot send mail - mailbox full', description: 'Mailbox full again, it says I have exceeded my storage limit.', company: 'fabrikam', contact: `diego.siciliani@${F}`, truth: 'mailbox-quota' },
  { summary: 'Inbox full, need more space', description: 'My inbox is full and Outlook asks me to delete items. I need more mailbox space.', company: 'contoso', contact: `alex.wilber@${C}`, truth: 'mailbox-quota' },
  { summary: 'Your mailbox is almost full warning', description: 'Received the warning "Your mailbox is almost full" from Microsoft 365.', company: 'fabrikam', contact: `isaiah.langer@${F}`, truth: 'mailbox-quota' },
  { summary: 'Mailbox storage full', description: 'Mailbox storage is full, I cannot send or receive.', company: 'contoso', contact: `lee.gu@${C}`, truth: 'mailbox-quota' },
  { summary: 'mailbox full', description: 'mailbox full pls fix asap', company: 'contoso', contact: `megan.bowen@${C}`, truth: 'mailbox-quota' },
  { summary: 'Exchange mailbox quota exceeded', description: 'The mailbox has exceeded its quota, messages are rejected.', company: 'fabrikam', contact: `diego.siciliani@${F}`, truth: 'mailbox-quota' },
  { summary: 'Mailbox is full again', description: 'Same problem as last month: my mailbox is full.', company: 'contoso', contact: `alex.wilber@${C}`, truth: 'mailbox-quota' },
  { summary: 'Postfach voll', description: 'Mein Postfach ist voll, ich kann keine E-Mails senden.', company: 'fabrikam', contact: `isaiah.langer@${F}`, truth: 'mailbox-quota' },
  { summary: 'Mailbox full for Diego', description: 'Diego Siciliani cannot send mail: mailbox full.', company: 'contoso', contact: `diego.siciliani@${F}`, truth: 'mailbox-quota' },
  { summary: 'Mailbox full', description: 'Hi, my mailbox is full. Thanks.', company: 'contoso', contact: `megan.bowen@${C}`, truth: 'mailbox-quota' },
  { summary: 'Out of mailbox space', description: 'Outlook says I am out of mailbox space and cannot receive new email.', company: 'fabrikam', contact: `diego.siciliani@${F}`, truth: 'mailbox-quota' },
  { summary: 'Mailbox full - urgent', description: 'CEO mailbox full, cannot send to the board.', company: 'contoso', contact: `alex.wilber@${C}`, truth: 'mailbox-quota' },
  // --- a customer the MSP has not mapped to a client ---------------------------------------
  { summary: 'My mailbox is full', description: 'Mailbox full, cannot send.', company: 'northwind', contact: `nancy.davolio@${N}`, truth: 'mailbox-quota' },
  { summary: 'Mailbox quota exceeded', description: 'Our sales mailbox is over quota.', company: 'northwind', contact: `andrew.fuller@${N}`, truth: 'mailbox-quota' },
  { summary: 'Password reset please', description: 'I forgot my password, please reset it.', company: 'northwind', contact: `janet.leverling@${N}`, truth: 'password-reset' },
  // --- other everyday requests -------------------------------------------------------------
  { summary: 'Password reset', description: 'I forgot my password and cannot log in. Please reset my password.', company: 'contoso', contact: `lee.gu@${C}`, truth: 'password-reset' },
  { summary: 'Forgot my password', description: 'Forgot my password over the weekend, need a reset.', company: 'fabrikam', contact: `diego.siciliani@${F}`, truth: 'password-reset' },
  { summary: 'Password expired', description: 'My password expired while I was on holiday, please reset it.', company: 'contoso', contact: `megan.bowen@${C}`, truth: 'password-reset' },
  { summary: 'Reset password for new starter', description: 'Please reset the password for alex.wilber@contoso.example, he cannot log in.', company: 'contoso', contact: `alex.wilber@${C}`, truth: 'password-reset' },
  { summary: 'Need a temporary password', description: 'Can I get a temporary password? I cannot sign in.', company: 'fabrikam', contact: `isaiah.langer@${F}`, truth: 'password-reset' },
  { summary: 'Password reset', description: 'Please reset my password, forgot it.', company: 'contoso', contact: `lee.gu@${C}`, truth: 'password-reset' },
  { summary: 'Please install Adobe Acrobat', description: 'I need Adobe Acrobat Pro installed on my laptop.', company: 'contoso', contact: `megan.bowen@${C}`, truth: 'software-install' },
  { summary: 'Install Visio', description: 'Can you install Microsoft Visio on my PC?', company: 'fabrikam', contact: `diego.siciliani@${F}`, truth: 'software-install' },
  { summary: 'Need Zoom installed', description: 'Please install the Zoom client on my workstation.', company: 'contoso', contact: `lee.gu@${C}`, truth: 'software-install' },
  { summary: 'Software request: 7-Zip', description: 'Could you install 7-Zip for me?', company: 'fabrikam', contact: `isaiah.langer@${F}`, truth: 'software-install' },
  { summary: 'Add me to the Sales distribution list', description: 'Please add me to the sales@contoso.example distribution list.', company: 'contoso', contact: `alex.wilber@${C}`, truth: 'distribution-list' },
  { summary: 'Distribution list membership', description: 'Please add Diego to the All Staff distribution list.', company: 'fabrikam', contact: `diego.siciliani@${F}`, truth: 'distribution-list' },
  { summary: 'Remove me from the newsletter distribution list', description: 'Please remove me from the marketing distribution list.', company: 'contoso', contact: `lee.gu@${C}`, truth: 'distribution-list' },
  { summary: 'Add to Finance security group', description: 'Please add Megan to the Finance security group so she can open the finance share.', company: 'contoso', contact: `megan.bowen@${C}`, truth: 'security-group' },
  { summary: 'Access to HR share', description: 'Please add me to the HR-Readers security group.', company: 'fabrikam', contact: `isaiah.langer@${F}`, truth: 'security-group' },
  { summary: 'Print spooler stopped on PRN-01', description: 'The print spooler service stopped on the print server PRN-01, please restart it.', company: 'contoso', contact: `alex.wilber@${C}`, truth: 'service-restart' },
  { summary: 'Restart the backup service', description: 'The Veeam backup service on FS01 is stopped, please restart the service.', company: 'fabrikam', contact: `diego.siciliani@${F}`, truth: 'service-restart' },
  { summary: 'Service not running on SQL01', description: 'The SQL Server Agent service is not running on SQL01, can you restart it?', company: 'contoso', contact: `lee.gu@${C}`, truth: 'service-restart' },
  // --- hard negatives: mailbox or "full" mentioned, but not a quota problem --------------------
  { summary: 'Shared mailbox access for new hire', description: 'Please give the new hire access to the info@ shared mailbox.', company: 'contoso', contact: `megan.bowen@${C}`, truth: 'other' },
  { summary: 'Calendar full of spam invites', description: 'My calendar is full of spam meeting invites, how do I block them?', company: 'fabrikam', contact: `diego.siciliani@${F}`, truth: 'other' },
  { summary: 'Disk full on FILESERVER01', description: 'The D: drive on FILESERVER01 is full, 0 bytes free.', company: 'contoso', contact: `alex.wilber@${C}`, truth: 'other' },
  { summary: 'Mailbox migration planning', description: 'We want to plan the mailbox migration to the new tenant next quarter.', company: 'fabrikam', contact: `isaiah.langer@${F}`, truth: 'other' },
  { summary: 'Attachment size limit question', description: 'Is there a limit on attachment size when sending to customers?', company: 'contoso', contact: `lee.gu@${C}`, truth: 'other' },
  { summary: 'Update email signature', description: 'Please update my email signature with my new title.', company: 'contoso', contact: `megan.bowen@${C}`, truth: 'other' },
  { summary: 'Printer jammed on 2nd floor', description: 'The printer on the 2nd floor has a paper jam.', company: 'fabrikam', contact: `diego.siciliani@${F}`, truth: 'other' },
  { summary: 'My full name is wrong in Teams', description: 'My full name shows incorrectly in Teams and the address book.', company: 'contoso', contact: `alex.wilber@${C}`, truth: 'other' },
  { summary: 'Archive mailbox question', description: 'My mailbox is not full, but I want to know how the online archive works.', company: 'contoso', contact: `lee.gu@${C}`, truth: 'other' },
  { summary: 'Inbox rules not working', description: 'My inbox rules stopped moving messages to folders.', company: 'fabrikam', contact: `isaiah.langer@${F}`, truth: 'other' },
  { summary: 'Outlook keeps crashing', description: 'Outlook crashes every time I open a PDF attachment.', company: 'contoso', contact: `megan.bowen@${C}`, truth: 'other' },
  { summary: 'New laptop for starter', description: 'Please order a new laptop for the starter next Monday.', company: 'fabrikam', contact: `diego.siciliani@${F}`, truth: 'other' },
  { summary: 'VPN drops every hour', description: 'The VPN disconnects every hour when working from home.', company: 'contoso', contact: `alex.wilber@${C}`, truth: 'other' },
  { summary: 'Phishing email received', description: 'I received a suspicious email asking me to confirm my mailbox password.', company: 'contoso', contact: `lee.gu@${C}`, truth: 'other' },
  { summary: 'Mailbox full of newsletters', description: 'How can I unsubscribe from all these newsletters? My inbox is a mess.', company: 'fabrikam', contact: `isaiah.langer@${F}`, truth: 'other' },
  { summary: 'Meeting room display broken', description: 'The display in meeting room 3 shows no signal.', company: 'contoso', contact: `megan.bowen@${C}`, truth: 'other' },
  { summary: 'Teams full screen issue', description: 'Teams does not go full screen on my second monitor.', company: 'fabrikam', contact: `diego.siciliani@${F}`, truth: 'other' },
];

const NORTHWIND: Omit<CwCompany, '_info'> = { id: 252, identifier: 'NorthwindTraders', name: 'Northwind Traders', status: { id: 1, name: 'Active' }, deletedFlag: false };
const HOUR = 3_600_000;

/** Adds the history to a simulator's state; returns the ticket ids, oldest first. */
export function seedTicketHistory(state: ConnectWiseState, world: DemoWorld, now: Date, history: readonly HistoryTicket[] = HISTORY): number[] {
  if (!state.companies.some((c) => c.id === NORTHWIND.id)) state.companies.push({ ...NORTHWIND, _info: { lastUpdated: cwDate(now), updatedBy: 'seed' } });
  const companyRef = (key: HistoryTicket['company']) => {
    const c = key === 'northwind' ? NORTHWIND : state.companies.find((x) => x.id === world.companies.find((w) => w.clientId === key)?.psaId);
    if (!c) throw new Error(`seed history: no company for '${key}'`);
    return { id: c.id, identifier: c.identifier, name: c.name };
  };
  const status = (name: string) => {
    const s = state.statuses.find((x) => x.name === name);
    if (!s) throw new Error(`seed history: no status '${name}'`);
    return { id: s.id, name: s.name };
  };
  const board = state.boards.find((b) => b.id === SERVICE_BOARD_ID)!;
  const ids: number[] = [];
  history.forEach((h, i) => {
    // Spread over the last 28 days, kinds interleaved (a stride coprime with most lengths); every fourth one still open.
    const slot = (i * 23) % history.length;
    const entered = new Date(now.getTime() - (28 * 24 - Math.floor((slot * 27 * 24) / history.length)) * HOUR);
    const closed = i % 4 !== 3;
    const updated = new Date(Math.min(entered.getTime() + (closed ? 5 : 1) * HOUR, now.getTime() - 2 * HOUR));
    const id = nextId(state);
    const name = h.contact.split('@')[0]!.split('.').map((p) => p[0]!.toUpperCase() + p.slice(1)).join(' ');
    const ticket: CwTicket = {
      id,
      summary: h.summary,
      recordType: 'ServiceTicket',
      board: { id: board.id, name: board.name },
      status: closed ? status('Resolved') : status('New'),
      company: companyRef(h.company),
      contactName: name,
      contactEmailAddress: h.contact,
      closedFlag: closed,
      ...(closed ? { closedDate: cwDate(updated), closedBy: DISPATCHER_IDENTIFIER } : {}),
      _info: { lastUpdated: cwDate(updated), updatedBy: DISPATCHER_IDENTIFIER, dateEntered: cwDate(entered), enteredBy: DISPATCHER_IDENTIFIER },
    };
    state.tickets.push(ticket);
    const member = state.members.find((m) => m.identifier === DISPATCHER_IDENTIFIER)!;
    const stamp = cwDate(entered);
    state.notes.push({
      id: nextId(state),
      ticketId: id,
      text: h.description,
      detailDescriptionFlag: true,
      internalAnalysisFlag: false,
      resolutionFlag: false,
      issueFlag: false,
      member: { id: member.id, identifier: member.identifier, name: `${member.firstName} ${member.lastName}` },
      dateCreated: stamp,
      createdBy: member.identifier,
      internalFlag: false,
      externalFlag: true,
      _info: { lastUpdated: stamp, updatedBy: member.identifier },
    });
    ids.push(id);
  });
  return ids;
}
