/**
 * Dev tool (not a benchmark): runs the app in its own process against the real simulators and
 * prints every outside exchange of one resolved ticket (method, path, request and answer
 * bodies), the source of the stub server's canned answers. `npx tsx bench/stub/capture-shapes.ts`
 */
import { createServer } from 'node:http';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { RequestHandler } from 'msw';
import { createConnectWiseSimulator } from '../../mocks/connectwise/index.js';
import { createM365Simulator, SIM_M365_APP } from '../../mocks/m365/index.js';
import { handle } from '../../mocks/serve-handlers.js';
import { SANDBOX_CW, SANDBOX_DISPATCHER, SANDBOX_SECRETS, sandboxUrls } from '../../src/sandbox/sandbox-config.js';
import { crowdedWorld, fullMailbox } from '../../support/cluster/crowded-world.js';
import { connectwiseOnlyConfig, spawnApp } from '../support/spawn-app.js';

const log: { method: string; path: string; req: string; status: number; res: string }[] = [];
let handlers: RequestHandler[] = [];
const server = createServer((req, res) => {
  const chunks: Buffer[] = [];
  const write = res.write.bind(res) as (...a: unknown[]) => boolean;
  const end = res.end.bind(res) as (...a: unknown[]) => typeof res;
  res.write = ((c: unknown, ...rest: unknown[]) => {
    if (c) chunks.push(Buffer.from(c as string));
    return write(c, ...rest);
  }) as typeof res.write;
  res.end = ((c: unknown, ...rest: unknown[]) => {
    if (c && typeof c !== 'function') chunks.push(Buffer.from(c as string));
    log.push({ method: req.method ?? '', path: req.url ?? '', req: (req as unknown as { _body?: string })._body ?? '', status: res.statusCode, res: Buffer.concat(chunks).toString() });
    return end(c, ...rest);
  }) as typeof res.end;
  void handle(req, res, handlers);
});
await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
const origin = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
const urls = sandboxUrls(origin);
const world = crowdedWorld(3);
const cw = createConnectWiseSimulator({
  baseUrl: urls.connectwise,
  world,
  credentials: { companyId: SANDBOX_CW.companyId, publicKey: SANDBOX_SECRETS.SANDBOX_CW_PUBLIC_KEY, privateKey: SANDBOX_SECRETS.SANDBOX_CW_PRIVATE_KEY, clientId: SANDBOX_CW.clientId },
  memberIdentifier: SANDBOX_CW.memberIdentifier,
  memberKeys: [SANDBOX_DISPATCHER],
});
const m365 = createM365Simulator({ world, urls, app: { clientId: SIM_M365_APP.clientId, clientSecret: SANDBOX_SECRETS.SANDBOX_M365_CLIENT_SECRET } });
handlers = [...cw.handlers, ...m365.handlers];
const dataDir = mkdtempSync(join(tmpdir(), 'tfx-capture-'));
const app = await spawnApp({ dataDir, config: connectwiseOnlyConfig(origin, world), install: true });
try {
  for (const n of [1, 2]) {
    log.push({ method: 'MARK', path: `ticket ${n}`, req: '', status: 0, res: '' });
    const res = await fetch(`${urls.connectwise}/service/tickets`, {
      method: 'POST',
      headers: { ...cw.authHeadersAs('dispatch'), 'Content-Type': 'application/json' },
      body: JSON.stringify({ summary: 'My mailbox is full', company: { id: 250 }, board: { id: 1 }, contactEmailAddress: fullMailbox(n) }),
    });
    await res.arrayBuffer();
    for (let i = 0; i < 200; i++) {
      await cw.flushCallbacks();
      if (log.filter((l) => l.method === 'POST' && l.path.includes('/time/entries')).length >= n) break;
      await new Promise((r) => setTimeout(r, 100));
    }
    await new Promise((r) => setTimeout(r, 1500));
    log.push({ method: 'DELIVERY', path: '', req: JSON.stringify(cw.deliveries.at(-1)), status: 0, res: '' });
  }
} finally {
  await app.stop();
  server.close();
  rmSync(dataDir, { recursive: true, force: true });
}
console.log(JSON.stringify(log, null, 1));
