import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { DemoWorld } from '../../mocks/demo-data.js';
import type { AppConfig } from '../../src/config/schema.js';
import { startSandbox, type Sandbox } from '../../src/sandbox/start-sandbox.js';
import { createAttemptRecorder, type AttemptRecorder } from './attempt-recorder.js';
import { benchLogger } from './bench-logger.js';
import { openTimedStore, type TimedStore } from './timed-store.js';

export interface BenchSandbox {
  sb: Sandbox;
  timed: TimedStore;
  recorder: AttemptRecorder;
  dataDir: string;
  close(): Promise<void>;
}

/** Rate limits out of the way: the benchmarks measure speed, not the limiter (which stays on). */
export function unlimited(config: AppConfig): AppConfig {
  const big = { max: 10_000_000, windowSeconds: 3600 };
  const remediations = Object.fromEntries(Object.entries(config.remediations).map(([id, p]) => [id, { ...p, rateLimit: big }]));
  return { ...config, globalRateLimit: big, remediations: { ...remediations, 'mailbox-quota': { ...config.remediations['mailbox-quota'], rateLimit: big } } };
}

/**
 * The sandbox (app + ConnectWise and Microsoft 365 simulators over real HTTP on loopback) with
 * its own data folder, the timed embedded store, the attempt recorder and a /dev/null logger.
 */
export async function startBenchSandbox(o: { scratchDir: string; name: string; world?: DemoWorld; configure?: (config: AppConfig) => AppConfig; redis?: { url: string; prefix: string } }): Promise<BenchSandbox> {
  const dataDir = join(o.scratchDir, o.name);
  mkdirSync(dataDir, { recursive: true });
  const timed = await openTimedStore(dataDir, ['putSignal'], o.redis);
  const recorder = createAttemptRecorder();
  // With Redis the app's queue is BullMQ on the same Redis (REDIS_URL), as in a scaled-out install.
  const env = o.redis ? { REDIS_URL: o.redis.url, REDIS_PREFIX: o.redis.prefix } : undefined;
  const sb = await startSandbox({ port: 0, dataDir, store: timed.store, world: o.world, log: benchLogger(), onAttempt: recorder.onAttempt, configure: o.configure ?? unlimited, env });
  return {
    sb,
    timed,
    recorder,
    dataDir,
    async close() {
      await sb.close();
      await timed.store.close();
    },
  };
}

/** The sandbox's ConnectWise installation (the sandbox may carry other PSAs' installations too). */
export function connectwiseInstallation(sb: Sandbox): AppConfig['installations'][number] {
  const install = sb.config.installations.find((i) => i.psa === 'connectwise');
  if (!install) throw new Error('the sandbox has no ConnectWise installation');
  return install;
}

/** Lets callbacks land, the queue empty and the outbox deliver (as the e2e tests do). */
export async function settle(sb: Sandbox): Promise<void> {
  for (let i = 0; i < 5; i++) {
    await sb.connectwise.flushCallbacks();
    await sb.app.settle();
  }
}

/** Creates a ticket through the simulated ConnectWise REST API as the human dispatcher (so its callback fires). */
export async function createTicketViaApi(sb: Sandbox, body: { summary: string; psaCompanyId: number; contactEmail: string }): Promise<number> {
  const res = await fetch(`${sb.urls.connectwise}/service/tickets`, {
    method: 'POST',
    headers: { ...sb.connectwise.authHeadersAs('dispatch'), 'Content-Type': 'application/json' },
    body: JSON.stringify({ summary: body.summary, company: { id: body.psaCompanyId }, board: { id: 1 }, contactEmailAddress: body.contactEmail }),
  });
  if (res.status !== 201 && res.status !== 200) throw new Error(`ticket create failed: ${res.status} ${await res.text()}`);
  return ((await res.json()) as { id: number }).id;
}

/** Drops the simulators' own call logs (they grow with every call and would count as app memory). */
export function trimSimulatorLogs(sb: Sandbox): void {
  sb.connectwise.calls.splice(0);
  sb.connectwise.state.suppressed.splice(0);
  sb.m365.clearCalls();
}
