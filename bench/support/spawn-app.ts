import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { DemoWorld } from '../../mocks/demo-data.js';
import type { AppConfigInput } from '../../src/config/schema.js';
import { ALLOW_HTTP_LOOPBACK_ENV } from '../../src/http/outside-url-policy.js';
import { SANDBOX_SECRETS, sandboxConfig, sandboxUrls } from '../../src/sandbox/sandbox-config.js';
import { SIM_M365_APP } from '../../mocks/m365/index.js';
import { freePort } from '../../support/redis-server.js';

/** The sandbox config reduced to its ConnectWise installation, every client mapped to it. */
export function connectwiseOnlyConfig(origin: string, world: DemoWorld): AppConfigInput {
  const config = sandboxConfig(0, sandboxUrls(origin), world, SIM_M365_APP.clientId);
  const big = { max: 10_000_000, windowSeconds: 3600 };
  return {
    ...config,
    installations: config.installations.filter((i) => i.id === 'sandbox-cw'),
    rmms: [],
    unmappedRmmDevices: undefined,
    globalRateLimit: big,
    remediations: { ...config.remediations, 'mailbox-quota': { ...config.remediations?.['mailbox-quota'], rateLimit: big } },
    clients: config.clients.map((client) => {
      const company = world.companies.find((c) => c.clientId === client.id);
      if (!company) throw new Error(`no demo company for client ${client.id}`);
      return { ...client, rmm: undefined, psa: { installationId: 'sandbox-cw', companyIds: [String(company.psaId)] } };
    }),
  };
}

export interface AppProcess {
  url: string;
  pid: number;
  child: ChildProcess;
  stderr(): string;
  stdout(): string;
  stop(): Promise<void>;
}

/** utime + stime of a process in ms (Linux /proc), or null elsewhere. */
export function cpuMsOf(pid: number): number | null {
  try {
    const fields = statFields(pid);
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100;
  } catch {
    return null;
  }
}

/** utime and stime of a process apart, ms (Linux /proc), or null elsewhere. */
export function cpuSplitMsOf(pid: number): { user: number; system: number } | null {
  try {
    const fields = statFields(pid);
    return { user: Number(fields[11]) * 10, system: Number(fields[12]) * 10 };
  } catch {
    return null;
  }
}

/** Resident set size of a process in bytes (Linux /proc), or null elsewhere. */
export function rssOf(pid: number): number | null {
  try {
    const fields = statFields(pid);
    return Number(fields[21]) * 4096;
  } catch {
    return null;
  }
}

function statFields(pid: number): string[] {
  return readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
}

/**
 * The app alone in its own process (`node --import tsx src/main.ts serve`), plain-http loopback
 * allowed on purpose (TICKETFIX_ALLOW_HTTP_LOOPBACK=1), so its CPU and RSS are its own.
 */
export async function spawnApp(o: { dataDir: string; config: AppConfigInput; install: boolean; nodeArgs?: string[]; logLevel?: string }): Promise<AppProcess> {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const file = join(o.dataDir, 'config.json');
  writeFileSync(file, JSON.stringify({ ...o.config, port, publicUrl: url, dataDir: o.dataDir }));
  const env: NodeJS.ProcessEnv = { ...process.env, ...SANDBOX_SECRETS, DATA_DIR: o.dataDir, LOG_LEVEL: o.logLevel ?? 'silent', VITEST: '', TICKETFIX_ADMIN_TOKEN: 'bench-admin-token-at-least-32-characters-long' };
  env[ALLOW_HTTP_LOOPBACK_ENV] = '1';
  delete env.REDIS_URL;
  delete env.REDIS_PREFIX;
  const args = [...(o.nodeArgs ?? []), '--import', 'tsx', 'src/main.ts', 'serve', '--config', file];
  if (!o.install) args.push('--no-install');
  const child = spawn(process.execPath, args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
  let err = '';
  let out = '';
  child.stderr?.on('data', (c: Buffer) => void (err = (err + c.toString()).slice(-16_384)));
  child.stdout?.on('data', (c: Buffer) => void (out = (out + c.toString()).slice(-65_536)));
  const stop = () =>
    new Promise<void>((resolve) => {
      if (child.exitCode !== null || child.signalCode !== null) return resolve();
      child.once('exit', () => resolve());
      // SIGTERM: a graceful stop, so --cpu-prof writes its profile.
      child.kill('SIGTERM');
      setTimeout(() => child.kill('SIGKILL'), 15_000).unref();
    });
  const deadline = Date.now() + 90_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null || child.signalCode !== null) throw new Error(`the app exited during start (${child.exitCode ?? child.signalCode}): ${err}`);
    if (await fetch(`${url}/readyz`).then((r) => r.ok).catch(() => false)) return { url, pid: child.pid!, child, stderr: () => err, stdout: () => out, stop };
    await new Promise((r) => setTimeout(r, 50));
  }
  await stop();
  throw new Error(`the app did not start within 90 s: ${err}`);
}
