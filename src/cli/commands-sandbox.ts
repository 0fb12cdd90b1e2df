import type { Command } from 'commander';
import { createLogger } from '../log.js';
import { installProcessHandlers } from '../runtime/process-handlers.js';
import { SANDBOX_DATA_DIR } from '../sandbox/sandbox-data-dir.js';
import type { Sandbox } from '../sandbox/start-sandbox.js';
import { stopOnSignals } from './graceful-stop.js';

/** `sandbox` (what `npm start` runs): the app on simulated PSAs, RMMs and Microsoft 365, on loopback only. */
export function registerSandboxCommand(program: Command): void {
  program
    .command('sandbox')
    .description('run the sandbox: the app plus simulated ConnectWise, Autotask, HaloPSA, RMMs and Microsoft 365 on 127.0.0.1')
    .option('--port <port>', 'port (default $PORT, else 3000)')
    .option('--data-dir <dir>', `the sandbox's own data folder, emptied at each start (default ${SANDBOX_DATA_DIR}; a real install's data is refused)`)
    .action(async (o) => {
      const log = createLogger();
      installProcessHandlers(log);
      const port = o.port ?? process.env.PORT;
      // The one door from production code to the simulators: loaded only when the sandbox runs.
      const { startSandbox } = await import('../sandbox/start-sandbox.js');
      const sandbox = await startSandbox({ port: port ? Number(port) : 3000, log, dataDir: o.dataDir });
      stopOnSignals(sandbox.close, log);
      // Printed only now: startSandbox returns once the app is ready (webhooks registered).
      console.log(banner(sandbox, o.dataDir ?? SANDBOX_DATA_DIR));
    });
}

function banner(sandbox: Sandbox, dataDir: string): string {
  const origin = sandbox.urls.origin;
  return [
    '',
    `ticketfix sandbox is ready on ${origin}`,
    `  GET  ${origin}/sandbox            how to drive it (simulator URLs, headers, demo data)`,
    `  ConnectWise (simulated)           ${sandbox.urls.connectwise}`,
    `  Exchange admin (simulated)        ${sandbox.urls.exchange}`,
    `  Graph (simulated)                 ${sandbox.urls.graph}`,
    `  Admin API                         ${origin}/admin  (Authorization: Bearer ${sandbox.app.adminToken})`,
    `  Data (fresh at each start)        ${dataDir}`,
    '',
    'Try it: create a ticket from a demo user whose mailbox is full:',
    `  curl -s ${origin}/sandbox | jq .connectwise`,
    `  curl -s -X POST ${sandbox.urls.connectwise}/service/tickets \\`,
    ...Object.entries(sandbox.connectwise.authHeadersAs('dispatch')).map(([k, v]) => `    -H '${k}: ${v}' \\`),
    `    -H 'Content-Type: application/json' \\`,
    `    -d '{"summary":"My mailbox is full","company":{"id":250},"board":{"id":1},"contactEmailAddress":"megan.bowen@contoso.example"}'`,
    '',
  ].join('\n');
}
