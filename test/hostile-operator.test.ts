import { execFile } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import express from 'express';
import fc from 'fast-check';
import { Registry } from 'prom-client';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createAuthThrottle } from '../src/auth/auth-throttle.js';
import { assertStartTokens } from '../src/auth/token-strength.js';
import { metricsRoute } from '../src/metrics/metrics-route.js';
import { startApp } from '../src/runtime/start-app.js';
import type { Sandbox } from '../src/sandbox/start-sandbox.js';
import { csvCell, toCsv } from '../src/server/admin-csv.js';
import { bearer, call } from './support/admin-api-kit.js';
import { createTicket, settle, testSandbox } from './support/sandbox-kit.js';

vi.setConfig({ testTimeout: 60_000, hookTimeout: 90_000 });

const VALID_CLIENTS = "valid client ids: 'contoso', 'fabrikam'";
const VALID_REMEDIATIONS = "valid remediation ids: 'mailbox-quota', 'password-reset', 'distribution-list', 'security-group', 'service-restart', 'software-install'";
const BOOTSTRAP_ACTOR = 'key:bootstrap (admin token)';

/** Contoso's service-restart policy in the config file, for the override tests. */
const FILE_SERVICE_RESTART = {
  maxTargets: 4,
  cooldownSeconds: 600,
  settings: { allowList: { '*': ['Spooler'] }, settleSeconds: 30, recurring: { maxRestarts: 2, windowMinutes: 90 } },
};

let sb: Sandbox;
const boot = () => bearer(sb.app.adminToken);

beforeAll(async () => {
  sb = await testSandbox({
    configure: (c) => ({
      ...c,
      // Install-wide: a client's own allow-list replaces this one whole; its storm window applies to clients that set none.
      remediations: { ...c.remediations, 'service-restart': { settings: { allowList: { lab: ['Fax'] }, stormWindowSeconds: 45 } } },
      clients: c.clients.map((x) => (x.id === 'contoso' ? { ...x, remediations: { ...x.remediations, 'service-restart': FILE_SERVICE_RESTART } } : x)),
    }),
  });
});
afterAll(async () => sb?.close());

describe('A. the kill switch refuses ids that do not exist', () => {
  for (const [name, body, expected] of [
    ['a client id in the wrong case', { scope: 'client', id: 'Contoso', engaged: true }, `unknown client 'Contoso' (did you mean 'contoso'?); ${VALID_CLIENTS}`],
    ['a client id with a trailing space', { scope: 'client', id: 'contoso ', engaged: true }, `unknown client 'contoso ' (did you mean 'contoso'?); ${VALID_CLIENTS}`],
    ['a remediation id with an underscore', { scope: 'remediation', id: 'mailbox_quota', engaged: true }, `unknown remediation 'mailbox_quota' (did you mean 'mailbox-quota'?); ${VALID_REMEDIATIONS}`],
    ['an unknown client with a known remediation', { scope: 'client-remediation', clientId: 'northwind', id: 'mailbox-quota', engaged: true }, `unknown client 'northwind'; ${VALID_CLIENTS}`],
    ['a remediation id given as a client', { scope: 'client', id: 'mailbox-quota', engaged: true }, `unknown client 'mailbox-quota'; ${VALID_CLIENTS}`],
  ] as const) {
    it(`API: ${name} is a 400 listing the valid ids, and nothing is stored`, async () => {
      const before = await sb.app.store.listKillSwitches();
      const audited = (await sb.app.store.queryAudit({ type: 'kill_switch.set' })).length;
      const res = await call(sb, 'POST', '/kill-switch', boot(), { ...body, reason: 'typo test' });
      expect(res.status).toBe(400);
      expect(res.body).toEqual({ error: 'unknown_id', message: `nothing was changed: ${expected}` });
      expect(await sb.app.store.listKillSwitches()).toEqual(before);
      expect(await sb.app.store.queryAudit({ type: 'kill_switch.set' })).toHaveLength(audited);
    });
  }

  it('API: the exact ids are accepted, and a recorded switch whose id left the config can still be released (not engaged)', async () => {
    const ok = await call(sb, 'POST', '/kill-switch', boot(), { scope: 'client-remediation', clientId: 'contoso', id: 'mailbox-quota', engaged: false, reason: 'exact ids' });
    expect(ok.status).toBe(200);
    await sb.app.store.setKillSwitch({ kind: 'client', id: 'retired-client' }, true, 'someone', 'before the client left', new Date().toISOString());
    expect((await call(sb, 'POST', '/kill-switch', boot(), { scope: 'client', id: 'retired-client', engaged: true })).status).toBe(400);
    const released = await call(sb, 'POST', '/kill-switch', boot(), { scope: 'client', id: 'retired-client', engaged: false, reason: 'clean up' });
    expect(released.status).toBe(200);
    expect((await sb.app.store.listKillSwitches()).find((s) => s.scope.kind === 'client' && s.scope.id === 'retired-client')?.engaged).toBe(false);
  });

  it('CLI: `kill-switch on --client Contoso` exits 1 with the valid ids and stores nothing', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'tfx-op-'));
    const run = (args: string[]) =>
      new Promise<{ code: number; stderr: string }>((resolve) => {
        execFile(process.execPath, ['bin/ticketfix.js', ...args], { env: { ...process.env, LOG_LEVEL: 'silent', TICKETFIX_CONFIG: '' }, timeout: 60_000 }, (err, _out, stderr) =>
          resolve({ code: err ? ((err as { code?: number }).code ?? 1) : 0, stderr }),
        );
      });
    const refused = await run(['kill-switch', 'on', '--client', 'Contoso', '--remediation', 'mailbox_quota', '--data-dir', dataDir]);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain(`unknown client 'Contoso' (did you mean 'contoso'?); ${VALID_CLIENTS}`);
    expect(refused.stderr).toContain(`unknown remediation 'mailbox_quota' (did you mean 'mailbox-quota'?)`);
    const status = await new Promise<string>((resolve) => execFile(process.execPath, ['bin/ticketfix.js', 'kill-switch', 'status', '--data-dir', dataDir], { env: { ...process.env, LOG_LEVEL: 'silent' } }, (_e, out) => resolve(out)));
    expect(JSON.parse(status)).toEqual([]);
  }, 120_000);
});

describe('B. run-time overrides are validated patches over the file config', () => {
  type Policies = { overridesVersion: number; clients: { id: string; remediations: Record<string, Record<string, unknown>>; sources: Record<string, Record<string, string>> }[] };
  const contoso = async () => ((await call(sb, 'GET', '/policies', boot())).body as Policies).clients.find((c) => c.id === 'contoso')!;
  const put = (overrides: unknown) => call(sb, 'PUT', '/config-overrides', boot(), { overrides });

  it('one client value for one remediation changes only that value; the rest of the file policy stays', async () => {
    const res = await put({ clients: { contoso: { remediations: { 'service-restart': { confidenceThreshold: 0.95 } } } } });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    const c = await contoso();
    expect(c.remediations['service-restart']).toEqual({
      enabled: true,
      dryRun: false,
      shadow: false,
      confidenceThreshold: 0.95,
      maxTargets: 4,
      overMaxTargets: 'approval',
      rateLimit: { max: 10, windowSeconds: 3600 },
      rollbackOnValidationFailure: true,
      cooldownSeconds: 600,
      settings: { allowList: { '*': ['Spooler'] }, settleSeconds: 30, recurring: { maxRestarts: 2, windowMinutes: 90 }, stormWindowSeconds: 45 },
    });
    expect(c.sources['service-restart']).toEqual({
      enabled: 'remediation default',
      dryRun: 'remediation default',
      shadow: 'remediation default',
      confidenceThreshold: 'run-time override',
      maxTargets: 'file config',
      overMaxTargets: 'remediation default',
      'rateLimit.max': 'remediation default',
      'rateLimit.windowSeconds': 'remediation default',
      rollbackOnValidationFailure: 'remediation default',
      cooldownSeconds: 'file config',
      'settings.allowList.*': 'file config',
      'settings.settleSeconds': 'file config',
      'settings.recurring.maxRestarts': 'file config',
      'settings.recurring.windowMinutes': 'file config',
      'settings.stormWindowSeconds': 'file config',
    });
    // The engine's live config (polled from the store) has the same policy.
    await expect.poll(() => sb.app.deps.config.clients.find((x) => x.id === 'contoso')!.remediations['service-restart']?.confidenceThreshold).toBe(0.95);
    expect(sb.app.deps.config.clients.find((x) => x.id === 'contoso')!.remediations['service-restart']).toMatchObject(FILE_SERVICE_RESTART);
  });

  it('a nested setting is merged at its depth: the loop limit changes, its window stays', async () => {
    expect((await put({ clients: { contoso: { remediations: { 'service-restart': { settings: { recurring: { maxRestarts: 5 } } } } } } })).status).toBe(200);
    const c = await contoso();
    expect(c.remediations['service-restart']!.settings).toEqual({ allowList: { '*': ['Spooler'] }, settleSeconds: 30, recurring: { maxRestarts: 5, windowMinutes: 90 }, stormWindowSeconds: 45 });
    expect(c.sources['service-restart']!['settings.recurring.maxRestarts']).toBe('run-time override');
    expect(c.sources['service-restart']!['settings.recurring.windowMinutes']).toBe('file config');
    expect(c.remediations['service-restart']!.confidenceThreshold).toBe(0.8); // the default again: the previous document was replaced, not merged
  });

  it("an allow-list override is merged into the client's list; the install-wide list stays replaced by the client's", async () => {
    expect((await put({ clients: { contoso: { remediations: { 'service-restart': { settings: { allowList: { kiosk: ['ShellHost'] } } } } } } })).status).toBe(200);
    const c = await contoso();
    expect(c.remediations['service-restart']!.settings).toMatchObject({ allowList: { '*': ['Spooler'], kiosk: ['ShellHost'] } });
    expect(c.sources['service-restart']).toMatchObject({ 'settings.allowList.*': 'file config', 'settings.allowList.kiosk': 'run-time override' });
    expect(c.sources['service-restart']!['settings.allowList.lab']).toBeUndefined();
  });

  for (const [name, overrides, field] of [
    ['ceilingGB: "abc"', { clients: { contoso: { remediations: { 'mailbox-quota': { settings: { ceilingGB: 'abc' } } } } } }, 'overrides.clients.contoso.remediations.mailbox-quota.settings.ceilingGB: '],
    ['incrementGB: -5', { remediations: { 'mailbox-quota': { settings: { incrementGB: -5 } } } }, 'overrides.remediations.mailbox-quota.settings.incrementGB: '],
    ['an unknown client', { clients: { Contoso: { dryRun: true } } }, `overrides.clients.Contoso: unknown client 'Contoso' (valid: 'contoso', 'fabrikam')`],
    ['an unknown remediation', { remediations: { mailbox_quota: { enabled: false } } }, "overrides.remediations.mailbox_quota: unknown remediation 'mailbox_quota' (valid: 'mailbox-quota'"],
    ['an unknown remediation at a client', { clients: { fabrikam: { remediations: { 'mailbox quota': { enabled: false } } } } }, "overrides.clients.fabrikam.remediations.mailbox quota: unknown remediation 'mailbox quota'"],
    ['authorisedRequesters: "*"', { clients: { contoso: { remediations: { 'password-reset': { settings: { authorisedRequesters: '*' } } } } } }, 'overrides.clients.contoso.remediations.password-reset.settings.authorisedRequesters: '],
    ['a misspelt setting', { remediations: { 'mailbox-quota': { settings: { ceilingGb: 50 } } } }, "overrides.remediations.mailbox-quota.settings.ceilingGb: unknown setting of 'mailbox-quota' (valid: 'thresholdPercent', 'incrementGB', 'ceilingGB')"],
    ['a confidence over 1', { remediations: { 'mailbox-quota': { confidenceThreshold: 2 } } }, 'overrides.remediations.mailbox-quota.confidenceThreshold: '],
    ['a misspelt policy field', { clients: { contoso: { remediations: { 'mailbox-quota': { maxTarget: 3 } } } } }, 'overrides.clients.contoso.remediations.mailbox-quota: '],
    ['a field overrides cannot set', { installations: [] }, 'overrides: '],
  ] as const) {
    it(`${name} is a 400 naming the field, and the overrides in force do not change`, async () => {
      const before = await call(sb, 'GET', '/config-overrides', boot());
      const res = await put(overrides);
      expect(res.status, JSON.stringify(res.body)).toBe(400);
      expect((res.body as { message: string }).message).toContain(field);
      expect((await call(sb, 'GET', '/config-overrides', boot())).body).toEqual(before.body);
    });
  }

  it('a global dry-run override shows where the dry-run came from', async () => {
    expect((await put({ dryRun: true })).status).toBe(200);
    const c = await contoso();
    expect(c.remediations['mailbox-quota']!.dryRun).toBe(true);
    expect(c.sources['mailbox-quota']!.dryRun).toBe('run-time override');
    expect(c.sources['mailbox-quota']!['settings.ceilingGB']).toBe('file config');
    expect((await put({})).status).toBe(200);
    expect((await contoso()).sources['mailbox-quota']!.dryRun).toBe('remediation default');
  });
});

describe('C. the actor is the credential; CSV exports are inert in any spreadsheet', () => {
  it('the bootstrap token cannot write another name into `by` (kill switch, overrides, approval decision)', async () => {
    expect((await call(sb, 'POST', '/kill-switch', boot(), { scope: 'client', id: 'fabrikam', engaged: false, reason: 'actor', by: 'alice@msp.example' })).status).toBe(200);
    const [event] = (await sb.app.store.queryAudit({ type: 'kill_switch.set', clientId: 'fabrikam' })).slice(-1);
    expect(event!.actor).toBe(BOOTSTRAP_ACTOR);
    expect((await sb.app.store.listKillSwitches()).find((s) => s.scope.kind === 'client' && s.scope.id === 'fabrikam')!.by).toBe(BOOTSTRAP_ACTOR);

    const set = await call(sb, 'PUT', '/config-overrides', boot(), { overrides: {}, by: 'alice@msp.example' });
    expect((set.body as { by: string }).by).toBe(BOOTSTRAP_ACTOR);

    const ticket = await createTicket(sb, { summary: 'My mailbox is full, I cannot send email', contactEmail: 'alex.wilber@contoso.example' });
    await settle(sb);
    const [run] = await sb.app.store.listRuns({ ticketId: String(ticket) });
    const approval = (await sb.app.store.getApproval(run!.approvalId!))!;
    const denied = await call(sb, 'POST', `/approvals/${approval.id}/deny`, boot(), { planHash: approval.planHash, by: 'alice@msp.example' });
    expect(denied.status).toBe(200);
    expect((denied.body as { approval: { decidedBy: string } }).approval.decidedBy).toBe(BOOTSTRAP_ACTOR);
  });

  it('neutralises formulas behind blanks, quotes and full-width signs, and quotes every separator', () => {
    expect(csvCell(' =1+1')).toBe("' =1+1");
    expect(csvCell('"=1+1')).toBe(`"'""=1+1"`);
    expect(csvCell("'=1+1")).toBe("''=1+1");
    expect(csvCell('\u00a0@SUM(A1)')).toBe("'\u00a0@SUM(A1)");
    expect(csvCell('\uff1dcmd')).toBe("'\uff1dcmd");
    expect(csvCell('a;b')).toBe('"a;b"');
    expect(csvCell('a\tb')).toBe('"a\tb"');
    expect(csvCell('x;=HYPERLINK("http://evil")')).toBe(`"x;'=HYPERLINK(""http://evil"")"`);
    expect(csvCell('x,-2+3')).toBe(`"x,'-2+3"`);
    expect(csvCell('ok\n@cmd')).toBe(`"ok\n'@cmd"`);
    expect(csvCell('2026-12-08T00:00:00.000Z')).toBe('2026-12-08T00:00:00.000Z');
  });

  /** How a spreadsheet reads a CSV with `sep`: a field is quoted only if it starts with a quote; other quotes are text. */
  function readAs(text: string, sep: string): string[] {
    const cells: string[] = [];
    let i = 0;
    while (i < text.length) {
      let cell = '';
      if (text[i] === '"') {
        i++;
        for (; i < text.length; i++) {
          if (text[i] === '"' && text[i + 1] === '"') {
            cell += '"';
            i++;
          } else if (text[i] === '"') break;
          else cell += text[i];
        }
        i++;
      }
      while (i < text.length && text[i] !== sep && text[i] !== '\r' && text[i] !== '\n') cell += text[i++];
      cells.push(cell);
      i++;
      if (text[i - 1] === '\r' && text[i] === '\n') i++;
    }
    return cells;
  }
  /** A spreadsheet may trim blanks and quote marks first; a leading apostrophe then marks text. */
  const runsAsFormula = (cell: string) => {
    const v = cell.replace(/^[\s"\u00a0\u3000]+/, '');
    return !v.startsWith("'") && /^[=+\-@\uff1d\uff0b\uff0d\uff20]/.test(v);
  };

  it('no cell read with , ; or tab as the separator starts a formula (property)', () => {
    const unit = fc.constantFrom('=', '+', '-', '@', ';', ',', '\t', '\r', '\n', '"', "'", ' ', '\u00a0', '\uff1d', 'a', '1', '(', ')');
    fc.assert(
      fc.property(fc.array(fc.array(fc.string({ unit, maxLength: 12 }), { minLength: 1, maxLength: 4 }), { minLength: 1, maxLength: 3 }), (rows) => {
        const csv = toCsv(['a', 'b'], rows);
        for (const sep of [',', ';', '\t']) {
          for (const cell of readAs(csv, sep)) expect(runsAsFormula(cell), `${JSON.stringify(cell)} read with ${JSON.stringify(sep)} from ${JSON.stringify(csv)}`).toBe(false);
        }
      }),
      { numRuns: 2000 },
    );
  });
});

describe('D. weak tokens refused at start; failed sign-ins throttled per address', () => {
  it('refuses an admin or metrics token under 32 characters, naming the variable, never the value', async () => {
    const short = 'x'.repeat(31);
    expect(() => assertStartTokens({ TICKETFIX_ADMIN_TOKEN: short }, 'TICKETFIX_ADMIN_TOKEN', {})).toThrow('TICKETFIX_ADMIN_TOKEN is 31 characters; a bearer token must be at least 32 characters');
    expect(() => assertStartTokens({ TICKETFIX_METRICS_TOKEN: 'scrape' }, 'TICKETFIX_ADMIN_TOKEN', {})).toThrow('TICKETFIX_METRICS_TOKEN is 6 characters');
    expect(() => assertStartTokens({}, 'TICKETFIX_ADMIN_TOKEN', { metricsToken: 'short' })).toThrow('the metricsToken option is 5 characters');
    expect(() => assertStartTokens({ TICKETFIX_ADMIN_TOKEN: 'x'.repeat(32), TICKETFIX_METRICS_TOKEN: 'y'.repeat(32) }, 'TICKETFIX_ADMIN_TOKEN', {})).not.toThrow();
    // startApp runs the check before it opens anything.
    const err = await startApp(sb.config, { env: { TICKETFIX_ADMIN_TOKEN: 'hunter2-hunter2' } }).then(
      () => null,
      (e: unknown) => e as Error,
    );
    expect(err?.message).toContain('TICKETFIX_ADMIN_TOKEN is 15 characters');
    expect(err?.message).not.toContain('hunter2');
  });

  it('the admin API answers 429 with Retry-After after repeated wrong keys from one address, until the window ends', async () => {
    let now = Date.parse('2026-12-08T09:00:00.000Z');
    const clock = () => new Date(now);
    const t = await testSandbox({ clock, configure: (c) => ({ ...c, authThrottle: { maxFailures: 3, windowSeconds: 60, maxAddresses: 100, exemptLoopback: false } }) });
    try {
      const good = bearer(t.app.adminToken);
      // Requests without a credential guess nothing and are not counted.
      for (let i = 0; i < 5; i++) expect((await call(t, 'GET', '/whoami', undefined)).status).toBe(401);
      for (let i = 0; i < 3; i++) expect((await call(t, 'GET', '/whoami', 'Bearer wrong-guess')).status).toBe(401);
      const limited = await fetch(`${t.app.url}/admin/whoami`, { headers: { Authorization: good } });
      expect(limited.status).toBe(429);
      expect(limited.headers.get('retry-after')).toBe('60');
      expect(limited.headers.get('cache-control')).toBe('no-store');
      expect((await call(t, 'GET', '/operations/alerts', good)).status).toBe(429);
      now += 45_000;
      expect((await fetch(`${t.app.url}/admin/whoami`, { headers: { Authorization: good } })).headers.get('retry-after')).toBe('15');
      now += 15_000;
      expect((await call(t, 'GET', '/whoami', good)).status).toBe(200);
    } finally {
      await t.close();
    }
  });

  it('/metrics throttles wrong tokens the same way', async () => {
    let now = 0;
    const throttle = createAuthThrottle({ maxFailures: 2, windowSeconds: 30, maxAddresses: 100, exemptLoopback: false, clock: () => new Date(now) });
    const app = express().get('/metrics', metricsRoute({ registry: new Registry(), tokens: ['m'.repeat(40)], throttle }));
    const server = app.listen(0, '127.0.0.1');
    await new Promise((r) => server.once('listening', r));
    const url = `http://127.0.0.1:${(server.address() as { port: number }).port}/metrics`;
    try {
      const scrape = (token: string) => fetch(url, { headers: { Authorization: `Bearer ${token}` } });
      expect((await scrape('nope')).status).toBe(401);
      expect((await scrape('nope')).status).toBe(401);
      const limited = await scrape('m'.repeat(40));
      expect(limited.status).toBe(429);
      expect(limited.headers.get('retry-after')).toBe('30');
      now += 30_000;
      const ok = await scrape('m'.repeat(40));
      expect(ok.status).toBe(200);
      expect(ok.headers.get('cache-control')).toBe('no-store');
    } finally {
      server.close();
    }
  });

  it('the throttle table stays bounded under a flood of addresses, and forgets expired entries first', () => {
    let now = 0;
    const throttle = createAuthThrottle({ maxFailures: 3, windowSeconds: 60, maxAddresses: 100, exemptLoopback: true, clock: () => new Date(now) });
    for (let i = 0; i < 5000; i++) throttle.failed(`10.0.${i >> 8}.${i & 255}`);
    expect(throttle.size()).toBe(100);
    for (let i = 0; i < 3; i++) throttle.failed('203.0.113.7');
    expect(throttle.retryAfter('203.0.113.7')).toBe(60);
    now += 61_000;
    throttle.failed('198.51.100.1');
    expect(throttle.size()).toBe(1);
    // Loopback is exempt when configured so (a local reverse proxy would share it).
    for (let i = 0; i < 10; i++) throttle.failed('127.0.0.1');
    expect(throttle.retryAfter('127.0.0.1')).toBe(0);
    expect(throttle.size()).toBe(1);
  });
});

describe('E. admin answers are never cached', () => {
  it('every /admin answer (success, errors, exports, the description) and /metrics carry Cache-Control: no-store', async () => {
    const viewer = (await call(sb, 'POST', '/keys', boot(), { name: 'cache-test', role: 'viewer' })).body as { key: string };
    const cases: [string, Record<string, string>, number][] = [
      ['/admin/runs?limit=1', { Authorization: boot() }, 200],
      ['/admin/openapi.json', {}, 200],
      ['/admin/audit/export?format=csv&limit=2', { Authorization: boot() }, 200],
      ['/admin/audit/export?format=json&limit=2', { Authorization: boot() }, 200],
      ['/admin/runs', {}, 401],
      ['/admin/keys', { Authorization: bearer(viewer.key) }, 403],
      ['/admin/no-such-route', { Authorization: boot() }, 404],
      ['/admin/audit?from=yesterday', { Authorization: boot() }, 400],
      ['/admin/operations/alerts', { Authorization: boot() }, 200],
      ['/admin/operations/alerts', {}, 401],
      ['/metrics', { Authorization: boot() }, 200],
      ['/metrics', {}, 401],
    ];
    for (const [path, headers, status] of cases) {
      const res = await fetch(`${sb.app.url}${path}`, { headers });
      expect(res.status, path).toBe(status);
      expect(res.headers.get('cache-control'), `${path} ${status}`).toBe('no-store');
    }
    const badJson = await fetch(`${sb.app.url}/admin/kill-switch`, { method: 'POST', headers: { Authorization: boot(), 'Content-Type': 'application/json' }, body: '{' });
    expect(badJson.status).toBe(400);
    expect(badJson.headers.get('cache-control')).toBe('no-store');
  });
});
