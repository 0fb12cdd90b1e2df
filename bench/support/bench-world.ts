import { demoWorld, type DemoWorld } from '../../mocks/demo-data.js';

export interface BenchMailbox {
  email: string;
  /** The ConnectWise company the ticket is raised under (maps to the user's client). */
  psaCompanyId: number;
}

/**
 * The demo world plus `count` full mailboxes spread over the demo companies: 49 of 50 GB used
 * on an E3 licence (100 GB maximum), so every one is raised to 60 GB without an approval
 * (under the 80 GB ceiling). Distinct mailboxes keep the idempotency claim out of the way.
 */
export function benchWorld(count: number): { world: DemoWorld; mailboxes: BenchMailbox[] } {
  const world = demoWorld();
  const mailboxes: BenchMailbox[] = [];
  for (let i = 0; i < count; i++) {
    const company = world.companies[i % world.companies.length]!;
    const email = `bench.user${i}@${company.domain}`;
    world.users.push({ email, displayName: `Bench User${i}`, clientId: company.clientId, quotaGB: 50, usedGB: 49, licenceMaxGB: 100, licence: 'Microsoft 365 E3' });
    mailboxes.push({ email, psaCompanyId: company.psaId });
  }
  return { world, mailboxes };
}

/** One mailbox per demo company, for warming token, key and status caches before measuring. */
export function warmupMailboxes(world: DemoWorld, count = 1): BenchMailbox[] {
  const out: BenchMailbox[] = [];
  for (let i = 0; i < count; i++) {
    for (const company of world.companies) {
      const email = `bench.warmup${i}@${company.domain}`;
      world.users.push({ email, displayName: `Bench Warmup${i}`, clientId: company.clientId, quotaGB: 50, usedGB: 49, licenceMaxGB: 100, licence: 'Microsoft 365 E3' });
      out.push({ email, psaCompanyId: company.psaId });
    }
  }
  return out;
}

export const FULL_MAILBOX_SUMMARY = 'My mailbox is full and I cannot send email';
