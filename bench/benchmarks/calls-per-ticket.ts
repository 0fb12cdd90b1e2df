import { endpointOf } from '../support/attempt-recorder.js';
import { startBenchSandbox } from '../support/bench-sandbox.js';
import { benchWorld, warmupMailboxes } from '../support/bench-world.js';
import { resolveOneTicket, type ResolvedTicket } from '../support/resolve-ticket.js';
import { round } from '../support/stats.js';
import type { Benchmark, BenchmarkOutput, Figure } from '../types.js';

/**
 * The fewest calls a correct implementation needs per resolved mailbox-quota ticket in steady
 * state, when data that is the same for every ticket of a tenant (tokens, signing key, board
 * statuses, mailbox plans) may be cached.
 */
export const MINIMUM_CALLS: { endpoint: string; min: number; why: string }[] = [
  { endpoint: 'connectwise GET /service/tickets/{id}', min: 1, why: 'the callback is only a hint: the ticket is re-read once before deciding' },
  { endpoint: 'connectwise GET /service/tickets/{id}/notes', min: 1, why: 'the description lives in the first note; GET ticket does not return it' },
  { endpoint: 'graph GET /users/{upn}', min: 1, why: 'the contact must be a user of the client’s tenant (a Get-Mailbox by address could stand in, making it 0)' },
  { endpoint: 'exchange InvokeCommand Get-Mailbox', min: 2, why: 'the quota before the change, and the validation read after it' },
  { endpoint: 'exchange InvokeCommand Get-MailboxStatistics', min: 1, why: 'only the statistics cmdlet reports the size used' },
  { endpoint: 'exchange InvokeCommand Get-MailboxPlan', min: 0, why: 'the licence maximum is the same for every mailbox on a plan: cacheable per tenant and plan' },
  { endpoint: 'exchange InvokeCommand Set-Mailbox', min: 1, why: 'the change itself' },
  { endpoint: 'connectwise POST /service/tickets/{id}/notes', min: 1, why: 'the resolution note' },
  { endpoint: 'connectwise PATCH /service/tickets/{id}', min: 1, why: 'the status change' },
  { endpoint: 'connectwise POST /time/entries', min: 1, why: 'the time entry' },
  { endpoint: 'connectwise GET /service/boards/{id}/statuses', min: 0, why: 'status ids per board: read once, then cached' },
  { endpoint: 'm365-login POST /{tenant}/oauth2/v2.0/token', min: 0, why: 'tokens last about an hour: cached per tenant and resource' },
  { endpoint: 'connectwise GET /system/callbackkeys/{key}', min: 0, why: 'the signing key: fetched once, then cached' },
];

/** Why the app makes more calls than the minimum, where it does (shown only when it does). */
const WHY_ABOVE: Record<string, string> = {
  'connectwise GET /service/tickets/{id}':
    'the status write-back re-read the ticket for its board: the adapter remembers the board of tickets it read in the last 10 minutes, so this happens only when another instance read it, or ConnectWise refused the status id picked from the remembered board',
  'exchange InvokeCommand Get-MailboxPlan': 'the per-tenant cache of the plan maximum (1 hour) was empty or expired',
  'connectwise GET /service/boards/{id}/statuses': 'the board-status cache expired (10 min TTL) or was invalidated',
  'm365-login POST /{tenant}/oauth2/v2.0/token': 'a token expired or was refused',
  'connectwise GET /system/callbackkeys/{key}': 'the signing key cache expired (10 min TTL)',
  'connectwise GET /service/tickets/{id}/notes': 'a second run for the ticket (an echo callback) re-read it',
};

/** Figures per PSA and per Microsoft 365 (login, Graph and Exchange together); the table has every endpoint. */
const SYSTEMS = [
  { name: 'ConnectWise', parts: ['connectwise'] },
  { name: 'Microsoft 365', parts: ['m365-login', 'graph', 'exchange'] },
] as const;

/** Every call of one ticket as the simulators served it, named as in MINIMUM_CALLS. */
export function simEndpoints(t: ResolvedTicket): string[] {
  const cw = t.cwCalls.map((c) => `connectwise ${endpointOf(c.method, c.path)}`);
  const m365 = t.m365Calls.map((c) => {
    if (c.system === 'exchange') return `exchange InvokeCommand ${c.cmdlet ?? '?'}`;
    if (c.system === 'graph') return `graph ${endpointOf(c.method, c.path.replace(/^.*\/v1\.0/, ''))}`;
    return `m365-login ${endpointOf(c.method, c.path.replace(/^.*\/sim\/login/, ''))}`;
  });
  return [...cw, ...m365];
}

function countBy(items: string[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const i of items) out[i] = (out[i] ?? 0) + 1;
  return out;
}

const systemOf = (endpoint: string) => endpoint.split(' ')[0]!;

export const callsPerTicket: Benchmark = {
  id: 'calls-per-ticket',
  title: 'Outside calls per resolved ticket',
  measures:
    'Every HTTP call to ConnectWise and Microsoft 365 (login, Graph, Exchange by cmdlet) from the callback to the ticket settled, counted per resolved mailbox-quota ticket in steady state (after one cold ticket per tenant, reported apart), APIs answering at 0 ms.',
  async run(ctx): Promise<BenchmarkOutput> {
    const { world, mailboxes } = benchWorld(ctx.sizes.calls.tickets);
    const warmups = warmupMailboxes(world);
    const b = await startBenchSandbox({ scratchDir: ctx.scratchDir, name: 'calls', world });
    const cold: ResolvedTicket[] = [];
    const warm: ResolvedTicket[] = [];
    try {
      for (const m of warmups) cold.push(await resolveOneTicket(b, m));
      for (const m of mailboxes) warm.push(await resolveOneTicket(b, m));
    } finally {
      await b.close();
    }
    const resolved = warm.filter((t) => t.runStates.includes('resolved'));
    const n = Math.max(1, resolved.length);
    const measured = countBy(resolved.flatMap(simEndpoints));
    const appSide = countBy(resolved.flatMap((t) => t.attempts.map((a) => a.system)));
    const endpoints = [...new Set([...MINIMUM_CALLS.map((m) => m.endpoint), ...Object.keys(measured)])];
    const rows = endpoints.map((endpoint) => {
      const perTicket = (measured[endpoint] ?? 0) / n;
      const minimum = MINIMUM_CALLS.find((m) => m.endpoint === endpoint);
      const min = minimum?.min ?? 0;
      const above = perTicket - min;
      return { endpoint, perTicket: round(perTicket, 2) ?? 0, min, above: round(above, 2) ?? 0, why: above > 0.001 ? (WHY_ABOVE[endpoint] ?? 'not explained: look at it') : (minimum?.why ?? '') };
    });
    const total = rows.reduce((s, r) => s + r.perTicket, 0);
    const minTotal = rows.reduce((s, r) => s + r.min, 0);
    const bySystem = SYSTEMS.map(({ name, parts }) => {
      const sys = rows.filter((r) => (parts as readonly string[]).includes(systemOf(r.endpoint)));
      const app = parts.reduce((s, p) => s + (appSide[p] ?? 0), 0);
      return { system: name, perTicket: round(sys.reduce((s, r) => s + r.perTicket, 0), 2), min: sys.reduce((s, r) => s + r.min, 0), appSidePerTicket: round(app / n, 2) };
    });
    const figures: Figure[] = [
      {
        key: 'outside_calls_per_ticket',
        label: 'Outside calls per resolved ticket (ConnectWise + Microsoft 365)',
        value: round(total, 2),
        unit: 'calls',
        limit: { label: 'minimum the APIs allow (with per-tenant caches)', value: minTotal, unit: 'calls' },
        comparison: { label: 'above the minimum', value: round(total - minTotal, 2), unit: 'calls' },
        params: { tickets: resolved.length },
      },
      ...bySystem.map(
        (s): Figure => ({
          key: `outside_calls_per_ticket_${s.system.toLowerCase().replace(/\W+/g, '_')}`,
          label: `… of which ${s.system}`,
          value: s.perTicket,
          unit: 'calls',
          limit: { label: 'minimum', value: s.min, unit: 'calls' },
          comparison: { label: 'above the minimum', value: round((s.perTicket ?? 0) - s.min, 2), unit: 'calls' },
        }),
      ),
      {
        key: 'outside_calls_cold_ticket',
        label: 'Outside calls for the first ticket of a tenant (cold caches)',
        value: round(cold.reduce((s, t) => s + simEndpoints(t).length, 0) / Math.max(1, cold.length), 2),
        unit: 'calls',
        limit: { label: 'steady-state calls per ticket (same run)', value: round(total, 2), unit: 'calls' },
        comparison: { label: 'extra for cold caches', value: round(cold.reduce((s, t) => s + simEndpoints(t).length, 0) / Math.max(1, cold.length) - total, 2), unit: 'calls' },
        params: { tickets: cold.length },
      },
    ];
    const table = [
      '| system and endpoint | per ticket | minimum | above | why |',
      '|---|---|---|---|---|',
      ...rows.map((r) => `| ${r.endpoint} | ${r.perTicket} | ${r.min} | ${r.above > 0 ? `**+${r.above}**` : r.above} | ${r.why} |`),
      `| **total** | **${round(total, 2)}** | **${minTotal}** | **${round(total - minTotal, 2)}** | |`,
    ].join('\n');
    const coldCalls = countBy(cold.flatMap(simEndpoints));
    const coldTable = ['| cold ticket (first of its tenant): endpoint | calls over the cold tickets |', '|---|---|', ...Object.entries(coldCalls).map(([e, c]) => `| ${e} | ${c} |`)].join('\n');
    return {
      figures,
      tables: [table, coldTable],
      details: { tickets: resolved.length, rows, bySystem, cold: coldCalls, appSideBySystem: appSide, runStates: warm.map((t) => t.runStates) },
      notes: [
        'Counted from the simulators’ own request logs (they name the Exchange cmdlet, which travels in the POST body, and they see the signing-key fetch, which does not go through onAttempt); the app-side onAttempt count per system is in the JSON (appSidePerTicket) and agrees except for the signing-key fetch.',
        'Steady state: the signing key, the tokens and the board statuses are cached by the warm-up ticket of each tenant, as on a running install.',
        `Not counted: the bench's own ticket creation, and the once-a-minute reconcile's ticket listing (GET /service/tickets), which is not about one ticket (${warm.reduce((n, t) => n + t.backgroundCalls, 0)} fell inside the measured windows).`,
      ],
    };
  },
};
