import { Command } from 'commander';
import { registerOperatorCommands } from './commands-operator.js';
import { registerRunCommands } from './commands-runs.js';
import { registerServeCommand } from './commands-serve.js';
import { registerSandboxCommand } from './commands-sandbox.js';
import { registerDryRunCommand } from './commands-dry-run.js';
import { registerInstallCommands } from './commands-install.js';
import { registerTriageCommand } from './commands-triage.js';
import { registerKeyCommands } from './commands-keys.js';
import { registerBacktestCommand } from './commands-backtest.js';

const program = new Command();
program.name('ticketfix').description('Tickets that fix themselves: PSA/RMM remediation with every safe-execution guard').showHelpAfterError();
registerServeCommand(program);
registerSandboxCommand(program);
registerDryRunCommand(program);
registerTriageCommand(program);
registerInstallCommands(program);
registerOperatorCommands(program);
registerRunCommands(program);
registerKeyCommands(program);
registerBacktestCommand(program);

program.parseAsync(process.argv).catch((err: unknown) => {
  console.error(`error: ${err instanceof Error ? err.message : String(err)}`);
  process.exit(1);
});
