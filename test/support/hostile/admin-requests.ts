import fc from 'fast-check';

/** One request to the admin API, as sent. */
export interface AdminRequest {
  method: string;
  /** Path and query, already encoded (may be deliberately malformed). */
  path: string;
  /** Which route it aims at, for grouping results. */
  route: string;
  token: { kind: string; header: string | undefined };
  body: { kind: string; bytes: string | undefined; type: string | undefined };
}

const printable = (max: number) => fc.string({ unit: 'grapheme-ascii', maxLength: max }).map((s) => s.replace(/[^\x20-\x7e]/g, ''));
const anyText = fc.oneof(printable(40), fc.string({ unit: 'grapheme', maxLength: 20 }), fc.constantFrom('', ' ', '..', '%', '0', '-1', '1e999', 'null', '__proto__', 'constructor', 'x'.repeat(3000)));

/** Path segments: ids, traversal attempts, broken and double percent-encoding. */
const segment = fc.oneof(
  fc.uuid(),
  anyText.map((s) => encodeURIComponent(s)),
  fc.constantFrom('%', '%E0%A4%A', '%ZZ', '%252e%252e', '%2e%2e', '%00', '%2F', '..;', '~', '*', '$', '(', ')'),
);

const QUERY_KEYS = ['ticketId', 'clientId', 'remediationId', 'state', 'limit', 'from', 'to', 'outcome', 'runId', 'type', 'status', 'format', 'kind', 'days', 'cursor', 'x', '__proto__', 'limit[]', 'from[$gt]', 'format[]'];
const queryValue = fc.oneof(anyText, fc.constantFrom('csv', 'json', 'xml', 'self_check_failed', 'review_overdue', '90', '91', '1e3'), fc.date({ noInvalidDate: false }).map((d) => (Number.isNaN(d.getTime()) ? 'Invalid Date' : d.toISOString())), fc.integer().map(String), fc.constantFrom('9'.repeat(400), 'resolved', 'pending', '2025-13-45T99:99:99Z', '+275760-09-13T00:00:00.001Z', '-1', '0', '1.5'));
const query = fc
  .array(fc.tuple(fc.constantFrom(...QUERY_KEYS), queryValue), { maxLength: 4 })
  .map((pairs) => (pairs.length ? `?${pairs.map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(v)}`).join('&')}` : ''));

const ticket = fc.record(
  { psa: fc.constantFrom('connectwise', 'autotask', 'x'), id: anyText, summary: anyText, description: anyText, companyId: fc.oneof(fc.constantFrom('250', '251'), anyText), contactEmail: fc.oneof(fc.constantFrom('megan.bowen@contoso.example', 'diego.siciliani@fabrikam.example'), anyText) },
  { requiredKeys: [] },
);
const installationId = fc.oneof(fc.constant('sandbox-cw'), anyText);
const killBody = fc.record({ scope: fc.oneof(fc.constantFrom('global', 'client', 'remediation'), anyText), id: anyText, engaged: fc.oneof(fc.boolean(), anyText), reason: fc.oneof(anyText, printable(600)), by: anyText }, { requiredKeys: [] });
const dryRunBody = fc.oneof(
  fc.record({ installationId, ticketId: fc.oneof(fc.nat().map(String), anyText) }, { requiredKeys: ['installationId'] }),
  fc.record({ installationId, ticket }, { requiredKeys: ['installationId'] }),
);
const hex64 = fc.stringMatching(/^[0-9a-f]{64}$/);
const planHash = fc.oneof(hex64, anyText, fc.constantFrom('0'.repeat(64), 'F'.repeat(64), '0'.repeat(65)));
const decisionBody = fc.record({ by: anyText, planHash }, { requiredKeys: [] });
const linkDecisionBody = fc.record({ planHash, by: anyText }, { requiredKeys: [] });
const role = fc.oneof(fc.constantFrom('viewer', 'approver', 'operator', 'admin', 'root', 'Admin'), anyText);
const keyBody = fc.record({ name: fc.oneof(anyText, printable(200)), role }, { requiredKeys: [] });
const policyPatch = fc.record({ enabled: fc.oneof(fc.boolean(), anyText), dryRun: fc.boolean(), maxTargets: fc.oneof(fc.integer(), anyText), confidenceThreshold: fc.oneof(fc.double(), anyText) }, { requiredKeys: [] });
const overridesBody = fc.record(
  {
    overrides: fc.record(
      { dryRun: fc.oneof(fc.boolean(), anyText), globalRateLimit: fc.record({ max: fc.integer(), windowSeconds: fc.integer() }), remediations: fc.dictionary(anyText, policyPatch, { maxKeys: 2 }), clients: fc.dictionary(fc.oneof(fc.constantFrom('contoso', 'fabrikam'), anyText), fc.record({ dryRun: fc.boolean(), shadow: fc.oneof(fc.boolean(), anyText) }, { requiredKeys: [] }), { maxKeys: 2 }), extra: anyText },
      { requiredKeys: [] },
    ),
    by: anyText,
  },
  { requiredKeys: [] },
);
/** Approval-link tokens: the shape of a signed token (two base64url parts), broken ones, and noise. */
const linkToken = fc.oneof(segment, fc.tuple(fc.base64String({ maxLength: 60 }), fc.base64String({ maxLength: 60 })).map(([a, b]) => `${a}.${b}`.replace(/[+/=]/g, (c) => (c === '+' ? '-' : c === '/' ? '_' : ''))));

const body = fc.oneof(
  fc.constant({ kind: 'none', bytes: undefined, type: undefined }),
  fc.jsonValue({ maxDepth: 4 }).map((v) => ({ kind: 'json', bytes: JSON.stringify(v) ?? 'null', type: 'application/json' })),
  fc.constantFrom('{', '[[[', '{"by":', '\u0000', '["'.repeat(5000)).map((b) => ({ kind: 'bad-json', bytes: b, type: 'application/json' })),
  fc.constant({ kind: 'deep', bytes: '['.repeat(50_000) + ']'.repeat(50_000), type: 'application/json' }),
  fc.constant({ kind: 'oversized', bytes: JSON.stringify({ by: 'x'.repeat(300 * 1024) }), type: 'application/json' }),
  fc.tuple(printable(40), fc.constantFrom('text/plain', 'application/x-www-form-urlencoded', 'application/xml', 'multipart/form-data; boundary=z')).map(([b, type]) => ({ kind: 'other-type', bytes: b, type })),
);

/** A route, its usual method, and a body: mostly shaped like what the route expects, with random values. */
function on(routeName: string, method: string, path: fc.Arbitrary<string>, shaped?: fc.Arbitrary<unknown>) {
  const bodies = shaped ? fc.oneof({ weight: 3, arbitrary: shaped.map((b) => ({ kind: 'shaped', bytes: JSON.stringify(b), type: 'application/json' })) }, { weight: 2, arbitrary: body }) : body;
  return fc.record({ route: fc.constant(routeName), method: fc.constant(method), path, body: bodies });
}

/** `known`: ids that exist (a pending approval), so some requests reach past the lookup. */
const routes = (known: fc.Arbitrary<string>) => fc.oneof(
  on('GET /runs', 'GET', fc.constant('/admin/runs')),
  on('GET /runs/:id', 'GET', segment.map((id) => `/admin/runs/${id}`)),
  on('GET /audit', 'GET', fc.constant('/admin/audit')),
  on('GET /audit/verify', 'GET', fc.constant('/admin/audit/verify')),
  on('GET /approvals', 'GET', fc.constant('/admin/approvals')),
  on('POST /approvals/:id/:decision', 'POST', fc.tuple(known, fc.oneof(fc.constantFrom('approve', 'deny'), segment)).map(([id, d]) => `/admin/approvals/${id}/${d}`), decisionBody),
  on('GET /kill-switch', 'GET', fc.constant('/admin/kill-switch')),
  on('POST /kill-switch', 'POST', fc.constant('/admin/kill-switch'), killBody),
  on('POST /dry-run', 'POST', fc.constant('/admin/dry-run'), dryRunBody),
  on('GET /approvals/:id', 'GET', known.map((id) => `/admin/approvals/${id}`)),
  on('GET /approval-links/:token', 'GET', linkToken.map((t) => `/admin/approval-links/${t}`)),
  on('POST /approval-links/:token/:decision', 'POST', fc.tuple(linkToken, fc.oneof(fc.constantFrom('approve', 'deny'), segment)).map(([t, d]) => `/admin/approval-links/${t}/${d}`), linkDecisionBody),
  on('GET /whoami', 'GET', fc.constant('/admin/whoami')),
  on('GET /keys', 'GET', fc.constant('/admin/keys')),
  on('POST /keys', 'POST', fc.constant('/admin/keys'), keyBody),
  on('POST /keys/:id/revoke', 'POST', segment.map((id) => `/admin/keys/${id}/revoke`)),
  on('GET /policies', 'GET', fc.constant('/admin/policies')),
  on('GET /remediations', 'GET', fc.constant('/admin/remediations')),
  on('GET /config-overrides', 'GET', fc.constant('/admin/config-overrides')),
  on('PUT /config-overrides', 'PUT', fc.constant('/admin/config-overrides'), overridesBody),
  on('GET /audit/export', 'GET', fc.constant('/admin/audit/export')),
  on('GET /operations/:what', 'GET', fc.oneof(fc.constantFrom('alerts', 'self-check', 'drills'), segment).map((w) => `/admin/operations/${w}`)),
  on('GET /stats', 'GET', fc.constant('/admin/stats')),
  on('GET /openapi.json', 'GET', fc.constant('/admin/openapi.json')),
  on('any /admin/*', 'GET', fc.array(segment, { maxLength: 4 }).map((segs) => `/admin/${segs.join('/')}`)),
);

/** Token variants: `correct` is the only one that may pass. */
export function adminToken(correct: string): fc.Arbitrary<AdminRequest['token']> {
  const mutated = fc.record({ at: fc.nat({ max: correct.length - 1 }), ch: fc.constantFrom(...'0123456789abcdefABCDEF-x'.split('')) }).map(({ at, ch }) => correct.slice(0, at) + (correct[at] === ch ? 'z' : ch) + correct.slice(at + 1));
  return fc.oneof(
    { weight: 3, arbitrary: fc.constant({ kind: 'correct', header: `Bearer ${correct}` }) },
    fc.constant({ kind: 'missing', header: undefined }),
    printable(60).map((s) => ({ kind: 'random', header: `Bearer ${s}`.trim() })),
    mutated.map((t) => ({ kind: 'one-char-off', header: `Bearer ${t}` })),
    fc.constantFrom(
      { kind: 'truncated', header: `Bearer ${correct.slice(0, -1)}` },
      { kind: 'extended', header: `Bearer ${correct}0` },
      { kind: 'uppercased', header: `Bearer ${correct.toUpperCase()}` },
      { kind: 'lowercase-scheme', header: `bearer ${correct}` },
      { kind: 'basic-scheme', header: `Basic ${Buffer.from(`admin:${correct}`).toString('base64')}` },
      { kind: 'no-scheme', header: correct },
      { kind: 'double-bearer', header: `Bearer Bearer ${correct}` },
      { kind: 'empty-bearer', header: 'Bearer' },
      { kind: 'two-spaces', header: `Bearer  ${correct}` },
    ),
  );
}

export function adminRequest(correctToken: string, knownIds: readonly string[] = []): fc.Arbitrary<AdminRequest> {
  const route = routes(knownIds.length ? fc.oneof(segment, fc.constantFrom(...knownIds)) : segment);
  const method = fc.oneof({ weight: 4, arbitrary: fc.constant(null) }, fc.constantFrom('GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS', 'HEAD'));
  return fc.record({ r: route, q: query, m: method, token: adminToken(correctToken) }).map(({ r, q, m, token }) => {
    const chosen = m ?? r.method;
    const noBody = chosen === 'GET' || chosen === 'HEAD';
    return { method: chosen, path: r.path + q, route: r.route, token, body: noBody ? { kind: 'none', bytes: undefined, type: undefined } : r.body };
  });
}
