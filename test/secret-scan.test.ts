import { randomBytes } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { remediations } from '../remediations/index.js';
import { ConfigError, loadConfigFile, parseConfig } from '../src/config/load-config.js';
import type { AppConfigInput } from '../src/config/schema.js';
import { SANDBOX_SECRETS } from '../src/sandbox/sandbox-config.js';
import type { Sandbox } from '../src/sandbox/start-sandbox.js';
import { envelope, hookUrl, postRaw, sign } from './support/hostile/callbacks.js';
import { captureAppOutput, captureSummary, filesUnder } from './support/hostile/capture-app-output.js';
import { EXAMPLE_YAML, SECRET_NAME_FIELDS, withValue } from './support/hostile/config-mutations.js';
import { memoryLog } from './support/hostile/memory-log.js';
import { recordIssuedTokens, sandboxSecrets } from './support/hostile/sandbox-secrets.js';
import { describeLeaks, scanForSecrets, type Artefact, type Secret } from './support/hostile/scan-for-secrets.js';
import { admin, createTicket, runsFor, settle, testSandbox } from './support/sandbox-kit.js';
import { faultsServed } from './support/fault-count.js';

const MEGAN = 'megan.bowen@contoso.example';
const ALEX = 'alex.wilber@contoso.example';
const LEE = 'lee.gu@contoso.example';
const DIEGO = 'diego.siciliani@fabrikam.example';
const ISAIAH = 'isaiah.langer@fabrikam.example';
const FULL = 'My mailbox is full, I cannot send email';

/** The error message a config problem produces (what an operator sees on the console). */
function configError(load: () => unknown): string {
  try {
    load();
  } catch (err) {
    expect(err).toBeInstanceOf(ConfigError);
    return (err as Error).message;
  }
  throw new Error('the config was accepted');
}

describe('the secret scanner itself', () => {
  const secret: Secret = { name: 'key', value: 'Zq8v-3kLm0pW7xYt', minFragment: 10 };
  it('finds a secret raw, base64-, URL- or JSON-encoded, cut short, and credential-shaped text', () => {
    const found = (text: string) => scanForSecrets([{ source: 's', text }], [secret]).map((l) => l.form);
    expect(found(`x ${secret.value} y`)).toContain('raw');
    expect(found(Buffer.from(secret.value).toString('base64'))).toContain('base64');
    expect(found(encodeURIComponent(`a/${secret.value}`))).not.toEqual([]);
    expect(found(`"…${secret.value.slice(0, 11)}…"`)).toEqual(['fragment (11 of 16 chars)']);
    expect(found('Authorization: Bearer abcdefghijklmnop')).toEqual(['bearer-header']);
    expect(found('eyJhbGciOiJub25lIn0.eyJzdWIiOiIxMjM0NSJ9.c2lnbmF0dXJlLXBhcnQ')).toEqual(['jwt']);
    expect(found('all clear: run 5f0c, audit ok')).toEqual([]);
  });
});

describe('secrets never appear in anything the app writes', () => {
  let sb: Sandbox;
  const capture = memoryLog();
  const tokens = recordIssuedTokens();
  const answers: Artefact[] = [];
  const dataDir = mkdtempSync(join(tmpdir(), 'tfx-secret-scan-'));
  let leaks: ReturnType<typeof scanForSecrets> = [];
  let artefacts: Artefact[] = [];

  /** Keeps every HTTP answer the flows get back (error messages included) for the scan. */
  const keep = (source: string, status: number, body: unknown) => answers.push({ source: `answer: ${source} -> ${status}`, text: typeof body === 'string' ? body : JSON.stringify(body) });

  async function outboxDrained(ms = 10_000) {
    const end = Date.now() + ms;
    while (Date.now() < end) {
      await settle(sb);
      if ((await sb.app.store.listOutbox({ delivered: false })).length === 0) return;
      await new Promise((r) => setTimeout(r, 50));
    }
    throw new Error(`outbox did not drain: ${JSON.stringify(await sb.app.store.listOutbox({ delivered: false }))}`);
  }

  beforeAll(async () => {
    sb = await testSandbox({
      dataDir,
      log: capture.log,
      configure: (c) => ({ ...c, clients: c.clients.map((cl) => (cl.id === 'fabrikam' ? { ...cl, dryRun: true } : cl)) }),
      app: { outboxBackoff: { baseMs: 30, maxMs: 120 }, outboxPollMs: 30 },
    });

    // Validation failure with rollback.
    sb.m365.faults.ignoreSetMailbox({ identity: MEGAN, count: 1 });
    await createTicket(sb, { summary: FULL, contactEmail: MEGAN });
    await settle(sb);
    // Escalation: not full.
    await createTicket(sb, { summary: FULL, contactEmail: LEE });
    await settle(sb);
    // Resolve, through an outbox that has to retry (503s, then a lost answer; fewer than the
    // five straight failures that would open the ConnectWise circuit breaker).
    sb.m365.setMailbox(LEE, { usedGB: 49 });
    sb.connectwise.faults.failNext(2, { path: /\/notes$/, method: 'POST', status: 503 });
    sb.connectwise.faults.failNext(1, { path: '/service/tickets/*', method: 'PATCH', status: 503 });
    sb.connectwise.faults.loseResponseNext(1, { path: '/time/entries', method: 'POST' });
    await createTicket(sb, { summary: FULL, contactEmail: LEE });
    await outboxDrained();
    // The failure paths whose messages are scanned really ran: every injected fault was served.
    expect(faultsServed(sb.connectwise.calls, 'failNext 503')).toHaveLength(3);
    expect(faultsServed(sb.connectwise.calls, 'loseResponseNext')).toHaveLength(1);
    // Approval, decided through the admin API.
    const alex = await createTicket(sb, { summary: FULL, contactEmail: ALEX });
    await settle(sb);
    const [pending] = await runsFor(sb, alex);
    const decided = await admin(sb, 'POST', `/approvals/${pending!.approvalId}/approve`, { by: 'alice', planHash: pending!.plan!.hash });
    keep('approve', decided.status, decided.body);
    await settle(sb);
    // Escalation: another client's user; dry-run: a client in dry-run mode.
    await createTicket(sb, { summary: FULL, contactEmail: DIEGO, companyId: 250 });
    await createTicket(sb, { summary: FULL, contactEmail: DIEGO, companyId: 251 });
    await settle(sb);
    // Outside-API failures whose messages end up in notes: a rotated M365 secret, withdrawn consent.
    sb.m365.app.clientSecret = 'rotated-on-the-tenant-side';
    sb.m365.expireTokens();
    await createTicket(sb, { summary: FULL, contactEmail: MEGAN });
    sb.m365.revokeConsent(sb.world.companies.find((c) => c.clientId === 'fabrikam')!.tenantId);
    await createTicket(sb, { summary: FULL, contactEmail: ISAIAH, companyId: 251 });
    await settle(sb);

    // Forged and malformed callbacks.
    const body = JSON.stringify(envelope(sb));
    const forged: [string, string, Record<string, string>][] = [
      ['unsigned', body, {}],
      ['wrong key', body, { 'x-content-signature': sign(body, 'guess') }],
      ['garbage signature', body, { 'x-content-signature': SANDBOX_SECRETS.SANDBOX_CW_PRIVATE_KEY }],
      ['foreign key_url', JSON.stringify(envelope(sb, 5001, 250, { Metadata: { key_url: 'http://169.254.169.254/' } })), { 'x-content-signature': sign(body, 'x') }],
      ['unknown key', JSON.stringify(envelope(sb, 5001, 250, { Metadata: { key_url: `${sb.connectwise.keyUrl()}x` } })), { 'x-content-signature': sign(body, 'x') }],
      ['bad json', '{"Action":', { 'x-content-signature': sign('{"Action":', sb.connectwise.signingKey()) }],
    ];
    for (const [name, b, h] of forged) {
      const res = await postRaw(hookUrl(sb), b, { 'content-type': 'application/json', ...h });
      keep(`webhook ${name}`, res.status, res.text);
    }
    // The admin API: errors, and what an operator reads back.
    for (const [method, path, body2] of [
      ['POST', '/kill-switch', { scope: 'client', engaged: true }],
      ['POST', '/approvals/nope/approve', { by: 'x' }],
      ['GET', '/runs/nope', undefined],
      ['POST', '/dry-run', { installationId: 'sandbox-cw', ticket: { psa: 'connectwise', id: '1', summary: FULL, companyId: '250', contactEmail: MEGAN } }],
      ['GET', '/runs', undefined],
      ['GET', '/audit', undefined],
      ['GET', '/approvals', undefined],
    ] as const) {
      const res = await admin(sb, method, path, body2);
      keep(`admin ${method} ${path}`, res.status, res.body);
    }
    for (const run of await sb.app.store.listRuns({ limit: 100 })) {
      const res = await admin(sb, 'GET', `/runs/${run.id}`);
      keep(`admin GET /runs/${run.id}`, res.status, res.body);
    }
    const wrong = await fetch(`${sb.app.url}/admin/runs`, { headers: { Authorization: `Bearer ${sb.app.adminToken.slice(0, -1)}` } });
    keep('admin wrong token', wrong.status, await wrong.text());

    // A bad config: secrets pasted where environment variable names belong.
    const secretValues = [SANDBOX_SECRETS.SANDBOX_CW_PUBLIC_KEY, SANDBOX_SECRETS.SANDBOX_CW_PRIVATE_KEY, SANDBOX_SECRETS.SANDBOX_M365_CLIENT_SECRET, sb.app.adminToken];
    SECRET_NAME_FIELDS.forEach((path, i) => keep(`config ${path.join('.')}`, 0, configError(() => parseConfig(withValue(path, secretValues[i]) as AppConfigInput, remediations))));
    const dir = mkdtempSync(join(tmpdir(), 'tfx-secret-config-'));
    writeFileSync(join(dir, 'bad.yaml'), EXAMPLE_YAML.replace('privateKeyEnv: CW_PRIVATE_KEY', `privateKeyEnv: "${SANDBOX_SECRETS.SANDBOX_CW_PRIVATE_KEY}`));
    keep('config bad.yaml', 0, configError(() => loadConfigFile(join(dir, 'bad.yaml'), remediations)));

    artefacts = [...(await captureAppOutput(sb, capture.lines(), answers)), ...filesUnder(dataDir)];
    leaks = scanForSecrets(artefacts, sandboxSecrets(sb, tokens.tokens()));
    // eslint-disable-next-line no-console
    console.log(`[secret-scan] scanned ${artefacts.length} artefacts (${JSON.stringify(captureSummary(artefacts))}), ${tokens.tokens().length} issued tokens; leaks ${leaks.length}`);
  }, 60_000);

  afterAll(async () => {
    tokens.restore();
    await sb?.close();
  });

  it('the flows ran and the capture is not empty (a scan of nothing proves nothing)', async () => {
    const states = new Set((await sb.app.store.listRuns({ limit: 100 })).map((r) => r.state));
    expect([...states].sort()).toEqual(expect.arrayContaining(['dry_run', 'escalated', 'resolved', 'rolled_back']));
    const audit = await sb.app.store.queryAudit({ limit: 10_000 });
    expect(audit.map((e) => e.type)).toEqual(expect.arrayContaining(['approval.approved', 'dry_run']));
    expect((await sb.app.store.listOutbox({})).some((o) => o.attempts > 1)).toBe(true);
    expect(tokens.tokens().length).toBeGreaterThan(0);
    const kinds = captureSummary(artefacts);
    expect(kinds).toMatchObject({ file: expect.any(Number), log: expect.any(Number), audit: expect.any(Number), run: expect.any(Number), outbox: expect.any(Number), 'CW note': expect.any(Number), 'CW time entry': expect.any(Number), answer: expect.any(Number) });
    expect(capture.lines().some((l) => l.includes('ConnectWise callback rejected'))).toBe(true);
    expect(answers.some((a) => a.source.includes('webhook') && a.source.endsWith('401'))).toBe(true);
  });

  it('no log line, audit event, run, outbox item, note, time entry, error message or file in the data folder contains a secret', () => {
    expect(leaks, describeLeaks(leaks)).toEqual([]);
  });
});

describe('secrets in a config file the loader cannot parse', () => {
  it('a JSON config with a pasted (unquoted) secret does not echo any part of it in the error', () => {
    const secret = randomBytes(24).toString('base64url');
    const file = join(mkdtempSync(join(tmpdir(), 'tfx-secret-json-')), 'config.json');
    writeFileSync(file, `{\n  "m365": { "appClientId": "x", "clientSecretEnv": ${secret} }\n}\n`);
    const message = configError(() => loadConfigFile(file, remediations));
    expect(message).toContain(file);
    const leaks = scanForSecrets([{ source: 'ConfigError', text: message }], [{ name: 'pasted secret', value: secret, minFragment: 6 }]);
    expect(leaks, describeLeaks(leaks)).toEqual([]);
  });
});
