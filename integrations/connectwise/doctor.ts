import { z } from 'zod';
import type { ConnectWiseInstallation } from '../../src/config/schema.js';
import type { HttpClient } from '../../src/http/http-client.js';
import { OutsideApiError } from '../../src/http/outside-api-error.js';
import type { DoctorCheck } from '../psa-integration.js';
import { CwBoardStatuses, CwCallbackEntries } from './api-schemas.js';

const Boards = z.array(z.object({ id: z.number().int(), name: z.string() }).loose());
const Members = z.array(z.object({ id: z.number().int(), identifier: z.string() }).loose());

// The API member's security role needs these (ConnectWise: System > Security Roles).
const PERMISSION = {
  boards: 'Service Desk > Service Boards (Inquire)',
  tickets: 'Service Desk > Service Tickets (Inquire, Add, Edit)',
  callbacks: 'System > Table Setup (Inquire, Add) for Callbacks',
  members: 'System > Member Maintenance (Inquire)',
} as const;

/** A check that reached ConnectWise but found something missing. */
class Finding extends Error {}

async function probe(name: string, permission: string, fn: () => Promise<string>): Promise<DoctorCheck> {
  try {
    return { name, ok: true, detail: await fn() };
  } catch (err) {
    if (err instanceof Finding) return { name, ok: false, detail: err.message };
    if (!(err instanceof OutsideApiError)) throw err;
    if (err.status === 401) return { name, ok: false, detail: 'ConnectWise rejected the API keys: check companyId and the public/private key environment variables' };
    if (err.status === 403) return { name, ok: false, detail: `the API member's security role lacks ${permission}` };
    return { name, ok: false, detail: `ConnectWise did not answer as expected: ${err.message}` };
  }
}

/** Checks what the loop needs from ConnectWise, naming exactly what is missing. */
export async function connectWiseDoctor(client: HttpClient, install: ConnectWiseInstallation, webhookUrl: string): Promise<DoctorCheck[]> {
  const checks: DoctorCheck[] = [];
  let boards: z.infer<typeof Boards> = [];
  checks.push(
    await probe('credentials and boards', PERMISSION.boards, async () => {
      boards = await client.request({ method: 'GET', path: '/service/boards', operation: 'doctor.boards', query: { pageSize: 1000 }, schema: Boards });
      return `${boards.length} service board(s) readable`;
    }),
  );
  checks.push(await probe('tickets readable', PERMISSION.tickets, async () => {
    await client.request({ method: 'GET', path: '/service/tickets', operation: 'doctor.tickets', query: { pageSize: 1 } });
    return 'service tickets readable';
  }));
  const wanted = Object.values(install.statuses);
  for (const board of boards) {
    checks.push(await probe(`statuses on board '${board.name}'`, PERMISSION.boards, async () => {
      const names = new Set((await client.request({ method: 'GET', path: `/service/boards/${board.id}/statuses`, operation: 'doctor.statuses', query: { pageSize: 1000 }, schema: CwBoardStatuses })).map((s) => s.name.toLowerCase()));
      const missing = wanted.filter((w) => !names.has(w.toLowerCase()));
      if (missing.length > 0) throw new Finding(`board '${board.name}' has no status named ${missing.map((m) => `'${m}'`).join(', ')} (configure statuses or add them)`);
      return `has ${wanted.join(', ')}`;
    }));
  }
  checks.push(await probe('API member', PERMISSION.members, async () => {
    const members = await client.request({ method: 'GET', path: '/system/members', operation: 'doctor.members', query: { conditions: `identifier="${install.connectwise.memberIdentifier}"` }, schema: Members });
    if (members.length === 0) throw new Finding(`no member '${install.connectwise.memberIdentifier}' (memberIdentifier) for notes and time entries`);
    return `member '${install.connectwise.memberIdentifier}' exists`;
  }));
  checks.push(await probe('ticket callback registered', PERMISSION.callbacks, async () => {
    const entries = await client.request({ method: 'GET', path: '/system/callbacks', operation: 'doctor.callbacks', query: { pageSize: 1000 }, schema: CwCallbackEntries });
    const ours = entries.find((e) => e.url === webhookUrl);
    if (!ours) throw new Finding(`no callback points at ${webhookUrl}: run 'ticketfix install --psa connectwise'`);
    if (ours.inactiveFlag) throw new Finding(`callback ${ours.id} is inactive: run 'ticketfix install' to re-enable it`);
    return `callback ${ours.id} active`;
  }));
  return checks;
}
