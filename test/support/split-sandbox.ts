import { spawn, type ChildProcess } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createConnectWiseSimulator, type ConnectWiseSimulator } from '../../mocks/connectwise/index.js';
import { demoWorld } from '../../mocks/demo-data.js';
import { createM365Simulator, SIM_M365_APP, type M365Simulator } from '../../mocks/m365/index.js';
import { serveHandlers } from '../../mocks/serve-handlers.js';
import type { RequestHandler } from 'msw';
import { SANDBOX_CW, SANDBOX_DISPATCHER, SANDBOX_SECRETS, sandboxConfig, sandboxUrls } from '../../src/sandbox/sandbox-config.js';
import { freePort } from '../../support/redis-server.js';
import { ALLOW_HTTP_LOOPBACK_ENV } from '../../src/http/outside-url-policy.js';

/**
 * The simulators in this (test) process and the app in a child process, on a data folder
 * that outlives it: so a test can SIGKILL the app at any point and start it again.
 */
export interface SplitSandbox {
  appUrl: string;
  connectwise: ConnectWiseSimulator;
  m365: M365Simulator;
  cwBase: string;
  startApp(): Promise<void>;
  killApp(): void;
  /** Sends SIGTERM and resolves with the exit code and how long the app took to exit. */
  stopApp(): Promise<{ code: number | null; ms: number }>;
  close(): Promise<void>;
}


export async function startSplitSandbox(dataDir: string): Promise<SplitSandbox> {
  let handlers: RequestHandler[] = [];
  const sims = await serveHandlers(() => handlers);
  const urls = sandboxUrls(sims.url);
  const world = demoWorld();
  const connectwise = createConnectWiseSimulator({
    baseUrl: urls.connectwise,
    world,
    credentials: { companyId: SANDBOX_CW.companyId, publicKey: SANDBOX_SECRETS.SANDBOX_CW_PUBLIC_KEY, privateKey: SANDBOX_SECRETS.SANDBOX_CW_PRIVATE_KEY, clientId: SANDBOX_CW.clientId },
    memberIdentifier: SANDBOX_CW.memberIdentifier,
    memberKeys: [SANDBOX_DISPATCHER],
  });
  const m365 = createM365Simulator({ world, urls, app: { clientId: SIM_M365_APP.clientId, clientSecret: SANDBOX_SECRETS.SANDBOX_M365_CLIENT_SECRET } });
  handlers = [...connectwise.handlers, ...m365.handlers];

  const port = await freePort();
  const appUrl = `http://127.0.0.1:${port}`;
  const configFile = join(dataDir, 'config.json');
  writeFileSync(configFile, JSON.stringify({ ...sandboxConfig(port, urls, world, SIM_M365_APP.clientId, ['connectwise']), publicUrl: appUrl, dataDir }));

  let child: ChildProcess | null = null;
  return {
    appUrl,
    connectwise,
    m365,
    cwBase: urls.connectwise,
    async startApp() {
      child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts', 'serve', '--config', configFile], {
        env: { ...process.env, ...SANDBOX_SECRETS, [ALLOW_HTTP_LOOPBACK_ENV]: '1', DATA_DIR: dataDir, LOG_LEVEL: process.env.CHILD_LOG_LEVEL ?? 'silent', VITEST: '' },
        stdio: ['ignore', process.env.CHILD_LOG_LEVEL ? 'inherit' : 'ignore', 'inherit'],
      });
      const deadline = Date.now() + 30_000;
      while (Date.now() < deadline) {
        if (child.exitCode !== null) throw new Error(`app exited with ${child.exitCode}`);
        // Ready, not just live: the PSA webhook is registered once /readyz answers 200.
        const up = await fetch(`${appUrl}/readyz`).then((r) => r.ok).catch(() => false);
        if (up) return;
        await new Promise((r) => setTimeout(r, 100));
      }
      throw new Error('app did not start');
    },
    killApp() {
      child?.kill('SIGKILL');
      child = null;
    },
    async stopApp() {
      const c = child;
      child = null;
      if (!c || c.exitCode !== null) return { code: c?.exitCode ?? null, ms: 0 };
      const started = Date.now();
      const code = await new Promise<number | null>((resolve) => {
        c.once('exit', (exitCode) => resolve(exitCode));
        c.kill('SIGTERM');
      });
      return { code, ms: Date.now() - started };
    },
    async close() {
      child?.kill('SIGKILL');
      m365.faults.releaseHangs();
      connectwise.faults.reset();
      await sims.close();
    },
  };
}
