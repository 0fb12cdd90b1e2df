import { FIRST_CONTACT_ID } from '../../mocks/autotask/seed-state.js';
import type { DemoWorld } from '../../mocks/demo-data.js';
import { FIRST_USER_ID } from '../../mocks/halopsa/seed-state.js';
import type { Sandbox } from '../../src/sandbox/start-sandbox.js';
import { FULL_MAILBOX_SUMMARY, type BenchMailbox } from './bench-world.js';

export type BenchPsa = 'connectwise' | 'autotask' | 'halopsa';

/**
 * Raises tickets in one simulated PSA as its human dispatcher (so the PSA's webhook fires, as
 * in production) and names the app-side systems that are that PSA's API.
 */
export interface PsaDriver {
  psa: BenchPsa;
  title: string;
  installationId: string;
  /** `onAttempt` system names that count as this PSA's API (its auth server included). */
  systems: readonly string[];
  /** Creates the ticket; its webhook is on its way when this resolves. */
  createTicket(mailbox: BenchMailbox): Promise<string>;
  /** Waits until the simulator's outstanding webhook deliveries were answered. */
  flush(): Promise<void>;
  /** The simulator's own log of calls from the app (request counting at the PSA's side). */
  callCount(): number;
}

function installationOf(sb: Sandbox, psa: BenchPsa): string {
  const install = sb.config.installations.find((i) => i.psa === psa);
  if (!install) throw new Error(`the sandbox has no ${psa} installation`);
  return install.id;
}

/** Demo users keep their world order as Halo user ids and Autotask contact ids. */
function userIndex(world: DemoWorld, email: string): number {
  const i = world.users.findIndex((u) => u.email === email);
  if (i < 0) throw new Error(`no demo user ${email}`);
  return i;
}

export function psaDriver(sb: Sandbox, psa: BenchPsa): PsaDriver {
  const installationId = installationOf(sb, psa);
  switch (psa) {
    case 'connectwise':
      return {
        psa,
        title: 'ConnectWise',
        installationId,
        systems: ['connectwise'],
        async createTicket(m) {
          const t = sb.connectwise.createTicket({ summary: FULL_MAILBOX_SUMMARY, company: { id: m.psaCompanyId }, board: { id: 1 }, contactEmailAddress: m.email });
          return String(t.id);
        },
        flush: () => sb.connectwise.flushCallbacks(),
        callCount: () => sb.connectwise.calls.filter((c) => !c.path.startsWith('/system/callbackkeys')).length,
      };
    case 'autotask':
      return {
        psa,
        title: 'Autotask',
        installationId,
        systems: ['autotask'],
        async createTicket(m) {
          const t = sb.autotask.createTicket({ title: FULL_MAILBOX_SUMMARY, description: 'Outlook says the mailbox is full', companyID: m.psaCompanyId, contactID: FIRST_CONTACT_ID + userIndex(sb.world, m.email) });
          return String(t.id);
        },
        flush: () => sb.autotask.flushWebhooks(),
        callCount: () => sb.autotask.calls.length,
      };
    case 'halopsa':
      return {
        psa,
        title: 'HaloPSA',
        installationId,
        systems: ['halopsa', 'halopsa-auth'],
        async createTicket(m) {
          const t = sb.halopsa.createTicket({ summary: FULL_MAILBOX_SUMMARY, details: 'Outlook says my mailbox is full', client_id: m.psaCompanyId, user_id: FIRST_USER_ID + userIndex(sb.world, m.email) });
          return String(t.id);
        },
        flush: () => sb.halopsa.flushWebhooks(),
        callCount: () => sb.halopsa.calls.length,
      };
  }
}

/** The run of this ticket on this installation, once it is terminal and its write-backs landed. */
export async function settledRun(sb: Sandbox, d: PsaDriver, ticketId: string): Promise<{ state: string } | null> {
  const runs = (await sb.app.store.listRuns({ ticketId })).filter((r) => r.installationId === d.installationId);
  const first = runs.sort((a, b) => a.createdAt.localeCompare(b.createdAt))[0];
  if (!first || !['resolved', 'escalated', 'rolled_back', 'dry_run', 'duplicate'].includes(first.state)) return null;
  if ((await sb.app.store.listOutbox({ runId: first.id, delivered: false })).length > 0) return null;
  return { state: first.state };
}
