import type { Command } from 'commander';
import { remediations } from '../../remediations/index.js';
import { ConfigError, loadConfigFile } from '../config/load-config.js';
import { createLogger } from '../log.js';
import { installProcessHandlers } from '../runtime/process-handlers.js';
import { startApp } from '../runtime/start-app.js';
import { stopOnSignals } from './graceful-stop.js';

/** `serve`: a real install, from --config or $TICKETFIX_CONFIG. The sandbox is its own command. */
export function registerServeCommand(program: Command): void {
  program
    .command('serve')
    .description('run the app for a real install (needs --config or $TICKETFIX_CONFIG; to try it on simulators, run `ticketfix sandbox`)')
    .option('--config <file>', 'config file (YAML or JSON); default: $TICKETFIX_CONFIG')
    .option('--port <port>', 'port (default $PORT, else the config\'s)')
    .option('--no-install', 'do not register webhooks/callbacks at start')
    .action(async (o) => {
      const configFile: string | undefined = o.config ?? process.env.TICKETFIX_CONFIG;
      if (!configFile) {
        throw new ConfigError('serve needs a config file (--config <file> or $TICKETFIX_CONFIG); to try ticketfix on simulated systems, run `ticketfix sandbox` (npm start)');
      }
      const log = createLogger();
      installProcessHandlers(log);
      const port = o.port ?? process.env.PORT;
      const config = loadConfigFile(configFile, remediations);
      if (port) config.port = Number(port);
      // Webhooks are registered once listening; /readyz answers 503 until they are.
      const app = await startApp(config, { log, installOnStart: o.install !== false });
      stopOnSignals(app.close, log);
      log.info({ url: app.url }, 'ticketfix is listening; /readyz turns 200 once the PSA webhooks are registered');
      await app.ready;
      log.info({ url: app.url }, 'ticketfix is ready');
    });
}
