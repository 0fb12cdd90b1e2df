import type { Command } from 'commander';
import { remediations } from '../../remediations/index.js';
import { loadConfigFile } from '../config/load-config.js';
import { createLogger } from '../log.js';
import { startApp } from '../runtime/start-app.js';
import { startSandbox } from '../sandbox/start-sandbox.js';

/** `serve`: a real install with --config (or TICKETFIX_CONFIG), else the sandbox. */
export function registerServeCommand(program: Command): void {
  program
    .command('serve')
    .description('run the app; without a config file it runs the sandbox (simulated ConnectWise and Microsoft 365)')
    .option('--config <file>', 'config file (YAML or JSON); default: $TICKETFIX_CONFIG, else the sandbox')
    .option('--port <port>', 'port (default $PORT, else 3000)')
    .option('--no-install', 'do not register webhooks/callbacks at start')
    .action(async (o) => {
      const log = createLogger();
      const configFile: string | undefined = o.config ?? process.env.TICKETFIX_CONFIG;
      const port = o.port ?? process.env.PORT;
      let close: () => Promise<void>;
      if (!configFile) {
        const sandbox = await startSandbox({ port: port ? Number(port) : 3000, log });
        close = sandbox.close;
        const origin = sandbox.urls.origin;
        console.log(
          [
            '',
            `ticketfix sandbox is running on ${origin}`,
            `  GET  ${origin}/sandbox            how to drive it (simulator URLs, headers, demo data)`,
            `  ConnectWise (simulated)           ${sandbox.urls.connectwise}`,
            `  Exchange admin (simulated)        ${sandbox.urls.exchange}`,
            `  Graph (simulated)                 ${sandbox.urls.graph}`,
            `  Admin API                         ${origin}/admin  (Authorization: Bearer ${sandbox.app.adminToken})`,
            `  Data                              ${process.env.DATA_DIR ?? './data'}`,
            '',
            'Try it: create a ticket from a demo user whose mailbox is full:',
            `  curl -s ${origin}/sandbox | jq .connectwise`,
            `  curl -s -X POST ${sandbox.urls.connectwise}/service/tickets \\`,
            ...Object.entries(sandbox.connectwise.authHeadersAs('dispatch')).map(([k, v]) => `    -H '${k}: ${v}' \\`),
            `    -H 'Content-Type: application/json' \\`,
            `    -d '{"summary":"My mailbox is full","company":{"id":250},"board":{"id":1},"contactEmailAddress":"megan.bowen@contoso.example"}'`,
            '',
          ].join('\n'),
        );
      } else {
        const config = loadConfigFile(configFile, remediations);
        if (port) config.port = Number(port);
        const app = await startApp(config, { log });
        close = app.close;
        if (o.install) for (const line of await app.installAll()) log.info(line);
        log.info({ url: app.url }, 'ticketfix is running');
      }
      // Graceful: stop taking work, let running steps finish, within a bounded time. Whatever
      // is left is durable (signals, runs, outbox) and resumes on the next start or instance.
      const stop = async (signal: string) => {
        log.info({ signal }, 'shutting down');
        const limitMs = Number(process.env.SHUTDOWN_TIMEOUT_MS ?? 15_000);
        const timedOut = await Promise.race([close().then(() => false), new Promise<boolean>((r) => setTimeout(() => r(true), limitMs).unref())]);
        if (timedOut) log.warn({ limitMs }, 'shutdown took too long; exiting with work in flight (it resumes on restart)');
        process.exit(0);
      };
      process.once('SIGINT', () => void stop('SIGINT'));
      process.once('SIGTERM', () => void stop('SIGTERM'));
    });
}
