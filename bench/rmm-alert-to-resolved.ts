/**
 * Alert-to-resolved time in the sandbox, per RMM: a known-issue service is stopped through the
 * simulated RMM's own API; the clock runs until the PSA ticket reads back Resolved (restart done,
 * validated, note, status and time entry delivered). Standalone: `npx tsx bench/rmm-alert-to-resolved.ts [iterations]`.
 * Measured twice: with the sandbox's settle window (storms are recognised before any restart)
 * and with the settle window at 0, which shows what the window costs.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pino } from 'pino';
import type { AppConfig } from '../src/config/schema.js';
import { SANDBOX_NINJA_CLIENT_ID, SANDBOX_RMM_SECRETS } from '../src/sandbox/sandbox-rmm.js';
import { startSandbox, type Sandbox } from '../src/sandbox/start-sandbox.js';

const ITERATIONS = Number(process.argv[2] ?? 5);

interface Rmm {
  name: string;
  installationId: string;
  stop(sb: Sandbox): Promise<void>;
}

const tactical: Rmm = {
  name: 'tactical',
  installationId: 'sandbox-tactical',
  async stop(sb) {
    const agent = sb.rmm.tactical.agentFor('CONTOSO-WS01');
    const res = await fetch(`${sb.urls.rmm.tactical}/services/${agent.agentId}/Spooler/`, { method: 'POST', headers: { ...sb.rmm.tactical.authHeaders(), 'Content-Type': 'application/json' }, body: JSON.stringify({ sv_action: 'stop' }) });
    if (res.status !== 200) throw new Error(`tactical stop: ${res.status}`);
  },
};

let ninjaToken: string | undefined;
const ninjaone: Rmm = {
  name: 'ninjaone',
  installationId: 'sandbox-ninja',
  async stop(sb) {
    if (!ninjaToken) {
      const form = { grant_type: 'client_credentials', client_id: SANDBOX_NINJA_CLIENT_ID, client_secret: SANDBOX_RMM_SECRETS.SANDBOX_NINJA_CLIENT_SECRET, scope: 'monitoring management control' };
      const t = await fetch(`${sb.urls.rmm.ninjaone}/ws/oauth/token`, { method: 'POST', headers: { 'Content-Type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams(form) });
      ninjaToken = ((await t.json()) as { access_token: string }).access_token;
    }
    const device = sb.rmm.ninjaone.devices.find((d) => d.device.hostname === 'CONTOSO-WS01')!;
    const res = await fetch(`${sb.urls.rmm.ninjaone}/v2/device/${device.id}/windows-service/Spooler/control`, { method: 'POST', headers: { Authorization: `Bearer ${ninjaToken}`, 'Content-Type': 'application/json' }, body: JSON.stringify({ action: 'STOP' }) });
    if (res.status !== 204) throw new Error(`ninjaone stop: ${res.status}`);
  },
};

let dattoToken: string | undefined;
interface DattoDescription {
  baseUrl: string;
  token: { url: string; basicAuth: string; form: Record<string, string> };
  components: { uid: string; name: string }[];
  devices: { uid: string; hostname: string }[];
}
const datto: Rmm = {
  name: 'datto',
  installationId: 'sandbox-datto',
  async stop(sb) {
    const d = ((await (await fetch(`${sb.app.url}/sandbox`)).json()) as { rmm: { datto: DattoDescription } }).rmm.datto;
    if (!dattoToken) {
      const t = await fetch(d.token.url, { method: 'POST', headers: { Authorization: `Basic ${Buffer.from(d.token.basicAuth).toString('base64')}`, 'Content-Type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams(d.token.form) });
      dattoToken = ((await t.json()) as { access_token: string }).access_token;
    }
    const device = d.devices.find((x) => x.hostname === 'CONTOSO-WS01')!;
    const component = d.components.find((c) => c.name.includes('Stop service'))!;
    const res = await fetch(`${d.baseUrl}/device/${device.uid}/quickjob`, { method: 'PUT', headers: { Authorization: `Bearer ${dattoToken}`, 'Content-Type': 'application/json' }, body: JSON.stringify({ jobName: 'stop Spooler', jobComponent: { componentUid: component.uid, variables: [{ name: 'serviceName', value: 'Spooler' }] } }) });
    if (res.status !== 200) throw new Error(`datto stop: ${res.status}`);
  },
};

/** The recurring guard and the rate limit would stop a benchmark that restarts the same service on purpose. */
function benchConfig(settleSeconds: number | null) {
  return (c: AppConfig): AppConfig => ({
    ...c,
    clients: c.clients.map((cl) => {
      const sr = cl.remediations['service-restart'];
      if (!sr) return cl;
      const settings = { ...sr.settings, recurring: { maxRestarts: 100, windowMinutes: 1 }, ...(settleSeconds === null ? {} : { settleSeconds }) };
      return { ...cl, remediations: { ...cl.remediations, 'service-restart': { ...sr, settings, rateLimit: { max: 1000, windowSeconds: 3600 } } } };
    }),
  });
}

async function ticketStatus(sb: Sandbox, ticketId: string): Promise<string | undefined> {
  const res = await fetch(`${sb.urls.connectwise}/service/tickets/${ticketId}`, { headers: sb.connectwise.authHeaders() });
  return ((await res.json()) as { status?: { name: string } }).status?.name;
}

async function oneAlert(sb: Sandbox, rmm: Rmm, known: Set<string>): Promise<number> {
  const started = performance.now();
  await rmm.stop(sb);
  for (;;) {
    const run = (await sb.app.store.listRuns({ clientId: 'contoso', remediationId: 'service-restart' })).find((r) => !known.has(r.id) && r.classification?.params.rmmInstallationId === rmm.installationId);
    if (run && ['escalated', 'rolled_back', 'duplicate', 'awaiting_approval'].includes(run.state)) throw new Error(`${rmm.name}: run ${run.id} ended ${run.state}: ${run.detail}`);
    if (run?.state === 'resolved' && (await ticketStatus(sb, run.ticketId)) === 'Resolved') {
      known.add(run.id);
      return performance.now() - started;
    }
    if (performance.now() - started > 60_000) throw new Error(`${rmm.name}: no resolution within 60 s`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

const pct = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((p / 100) * xs.length))]!;

async function measure(label: string, settleSeconds: number | null) {
  const sb = await startSandbox({ port: 0, dataDir: mkdtempSync(join(tmpdir(), 'tfx-bench-rmm-')), log: pino({ level: 'silent' }), configure: benchConfig(settleSeconds), history: false });
  ninjaToken = undefined;
  dattoToken = undefined;
  const settle = sb.config.clients.find((c) => c.id === 'contoso')?.remediations['service-restart']?.settings?.settleSeconds;
  try {
    for (const rmm of [tactical, ninjaone, datto]) {
      const known = new Set<string>();
      const ms: number[] = [];
      for (let i = 0; i < ITERATIONS; i++) ms.push(await oneAlert(sb, rmm, known));
      console.log(`${label.padEnd(22)} settle=${String(settle)}s  ${rmm.name.padEnd(9)} n=${ms.length}  median ${pct(ms, 50).toFixed(0)} ms  p90 ${pct(ms, 90).toFixed(0)} ms  min ${Math.min(...ms).toFixed(0)} ms  max ${Math.max(...ms).toFixed(0)} ms`);
    }
  } finally {
    await sb.close();
  }
}

await measure('sandbox defaults', null);
await measure('no settle window', 0);
