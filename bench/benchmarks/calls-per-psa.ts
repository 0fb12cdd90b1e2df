import { startBenchSandbox } from '../support/bench-sandbox.js';
import { benchWorld, warmupMailboxes } from '../support/bench-world.js';
import { psaDriver, type BenchPsa } from '../support/psa-driver.js';
import { resolveOnPsa, type PsaTicketResult } from '../support/resolve-on-psa.js';
import { round } from '../support/stats.js';
import type { Benchmark, BenchmarkOutput, Figure } from '../types.js';

interface Minimum {
  endpoint: string;
  min: number;
  why: string;
  /** Why the app makes more, shown only when it does. */
  above?: string;
}

const M365: Minimum[] = [
  { endpoint: 'graph GET /users/{upn}', min: 1, why: 'the contact must be a user of the client’s tenant' },
  { endpoint: 'exchange POST /InvokeCommand', min: 4, why: 'Get-Mailbox before and after (validation), Get-MailboxStatistics, Set-Mailbox; the plan maximum is cached per tenant' },
  { endpoint: 'm365-login POST /{tenant}/oauth2/v2.0/token', min: 0, why: 'tokens last about an hour: cached per tenant and resource', above: 'a token for this tenant expired or was not cached yet' },
];

/** The fewest calls each PSA's API allows per resolved ticket (re-read, then note, status, time). */
const MINIMUM: Record<BenchPsa, Minimum[]> = {
  connectwise: [
    { endpoint: 'connectwise GET /service/tickets/{id}', min: 1, why: 'the callback is only a hint: the ticket is re-read once', above: 'the status write-back re-read the ticket (its board was not remembered)' },
    { endpoint: 'connectwise GET /service/tickets/{id}/notes', min: 1, why: 'the description lives in the first note' },
    { endpoint: 'connectwise POST /service/tickets/{id}/notes', min: 1, why: 'the resolution note' },
    { endpoint: 'connectwise PATCH /service/tickets/{id}', min: 1, why: 'the status' },
    { endpoint: 'connectwise POST /time/entries', min: 1, why: 'the time entry' },
    { endpoint: 'connectwise GET /service/boards/{id}/statuses', min: 0, why: 'status ids per board: cached', above: 'the board-status cache was cold or expired' },
  ],
  autotask: [
    { endpoint: 'autotask GET /Tickets/{id}', min: 1, why: 'the webhook is re-read once (the description is on the ticket)' },
    { endpoint: 'autotask GET /Contacts/{id}', min: 1, why: 'the ticket names a contact id; its e-mail scopes the remediation' },
    { endpoint: 'autotask GET /Companies/{id}', min: 0, why: 'company names are cached', above: 'first ticket of this company since start (cache fill)' },
    { endpoint: 'autotask POST /Tickets/{id}/Notes', min: 1, why: 'the resolution note' },
    { endpoint: 'autotask PATCH /Tickets', min: 1, why: 'the status' },
    { endpoint: 'autotask POST /TimeEntries', min: 1, why: 'the time entry (its own entity)' },
    { endpoint: 'autotask GET /ThresholdInformation', min: 0, why: 'the budget guard reads the hourly threshold now and then, not per ticket', above: 'a periodic budget reading fell inside the window' },
  ],
  halopsa: [
    { endpoint: 'halopsa GET /Tickets/{id}', min: 1, why: 'the webhook is re-read once' },
    { endpoint: 'halopsa GET /Users/{id}', min: 1, why: 'the ticket carries the user id; the address is on the user' },
    {
      endpoint: 'halopsa POST /Actions',
      min: 1,
      why: 'one action can carry the note, `new_status` and `timetaken` together',
      above: 'note and time are two actions and the status a third write (POST /Tickets): the outbox keeps them as independent items, each retried and de-duplicated by its own marker',
    },
    { endpoint: 'halopsa POST /Tickets', min: 0, why: 'the status could ride on the action', above: 'the status is its own write-back (see POST /Actions)' },
    { endpoint: 'halopsa-auth POST /token', min: 0, why: 'the token is cached', above: 'a token was fetched or refreshed' },
  ],
};

const PSAS: BenchPsa[] = ['connectwise', 'autotask', 'halopsa'];
const TITLES: Record<BenchPsa, string> = { connectwise: 'ConnectWise', autotask: 'Autotask', halopsa: 'HaloPSA' };

function perEndpoint(results: PsaTicketResult[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const r of results) for (const a of r.attempts) out[`${a.system} ${a.endpoint}`] = (out[`${a.system} ${a.endpoint}`] ?? 0) + 1;
  return out;
}

export const callsPerPsa: Benchmark = {
  id: 'calls-per-psa',
  title: 'Outside calls per resolved ticket, per PSA',
  measures:
    'The same full-mailbox ticket raised in each simulated PSA by its dispatcher (so the PSA’s own webhook fires): every outside call the app makes (onAttempt, by system and endpoint) from the ticket’s creation until its run is resolved and its write-backs delivered, in steady state (after one warm-up ticket per tenant), next to the minimum each PSA’s API allows.',
  async run(ctx): Promise<BenchmarkOutput> {
    const n = ctx.sizes.calls.tickets;
    const { world, mailboxes } = benchWorld(n * PSAS.length);
    const warmups = warmupMailboxes(world, PSAS.length);
    const b = await startBenchSandbox({ scratchDir: ctx.scratchDir, name: 'calls-psa', world });
    const byPsa = new Map<BenchPsa, PsaTicketResult[]>();
    try {
      for (const [p, psa] of PSAS.entries()) {
        const d = psaDriver(b.sb, psa);
        // One warm-up per tenant (its token, the company and status caches), as on a running install.
        for (const m of warmups.slice(p * world.companies.length, (p + 1) * world.companies.length)) await resolveOnPsa(b, d, m);
        const results: PsaTicketResult[] = [];
        for (const m of mailboxes.slice(p * n, (p + 1) * n)) results.push(await resolveOnPsa(b, d, m));
        byPsa.set(psa, results);
      }
    } finally {
      await b.close();
    }
    const figures: Figure[] = [];
    const tables: string[] = [];
    const details: Record<string, unknown> = {};
    for (const psa of PSAS) {
      const results = byPsa.get(psa)!;
      const resolved = results.filter((r) => r.state === 'resolved');
      const count = Math.max(1, resolved.length);
      const seen = perEndpoint(resolved);
      const mins = [...MINIMUM[psa], ...M365];
      const endpoints = [...new Set([...mins.map((m) => m.endpoint), ...Object.keys(seen)])];
      const rows = endpoints.map((endpoint) => {
        const m = mins.find((x) => x.endpoint === endpoint);
        const perTicket = (seen[endpoint] ?? 0) / count;
        const above = perTicket - (m?.min ?? 0);
        return { endpoint, perTicket: round(perTicket, 2) ?? 0, min: m?.min ?? 0, above: round(above, 2) ?? 0, why: above > 0.001 ? (m?.above ?? 'not explained: look at it') : (m?.why ?? '') };
      });
      const isPsa = (e: string) => !/^(graph|exchange|m365-login) /.test(e);
      const psaCalls = rows.filter((r) => isPsa(r.endpoint)).reduce((s, r) => s + r.perTicket, 0);
      const psaMin = rows.filter((r) => isPsa(r.endpoint)).reduce((s, r) => s + r.min, 0);
      const total = rows.reduce((s, r) => s + r.perTicket, 0);
      const totalMin = rows.reduce((s, r) => s + r.min, 0);
      const title = TITLES[psa];
      figures.push(
        {
          key: `psa_calls_per_ticket_${psa}`,
          label: `${title} API calls per resolved ticket`,
          value: round(psaCalls, 2),
          unit: 'calls',
          limit: { label: `minimum the ${title} API allows`, value: psaMin, unit: 'calls' },
          comparison: { label: 'above the minimum', value: round(psaCalls - psaMin, 2), unit: 'calls' },
          params: { tickets: resolved.length },
        },
        {
          key: `all_calls_per_ticket_${psa}`,
          label: `All outside calls per resolved ticket (${title} + Microsoft 365)`,
          value: round(total, 2),
          unit: 'calls',
          limit: { label: 'minimum', value: totalMin, unit: 'calls' },
          comparison: { label: 'above the minimum', value: round(total - totalMin, 2), unit: 'calls' },
        },
      );
      tables.push(
        [
          `| ${title}: system and endpoint | per ticket | minimum | above | why |`,
          '|---|---|---|---|---|',
          ...rows.map((r) => `| ${r.endpoint} | ${r.perTicket} | ${r.min} | ${r.above > 0 ? `**+${r.above}**` : r.above} | ${r.why} |`),
          `| **total** | **${round(total, 2)}** | **${totalMin}** | **${round(total - totalMin, 2)}** | |`,
        ].join('\n'),
      );
      details[psa] = { tickets: results.length, resolved: resolved.length, states: results.map((r) => r.state), rows };
    }
    return {
      figures,
      tables,
      details,
      notes: [
        'Counted app-side through the HTTP seam’s onAttempt, which now names the system and the operation of every attempt (retries count as calls). Exchange calls are all POST /InvokeCommand; the ConnectWise-only benchmark above names each cmdlet from the simulator’s log.',
        'Not counted: the bench’s own ticket creation, and the scheduled reconcile’s ticket listings, which are not about one ticket.',
        'Minimums assume what is the same for every ticket of a tenant or company (tokens, board statuses, company names, the mailbox plan’s maximum) is cached, and that each PSA write is made once.',
      ],
    };
  },
};
