/**
 * Loads one config file `times` times in a fresh process and prints one verdict per load
 * (`ok`, `ConfigError`, or `crash ...`). The hostile-input test runs it as a child so a loader
 * that takes the whole process down (a fatal V8 error cannot be caught) shows as a failure
 * instead of killing the test worker.
 */
import { remediations } from '../../../remediations/index.js';
import { ConfigError, loadConfigFile } from '../../../src/config/load-config.js';

const [file = '', times = '1'] = process.argv.slice(2);
for (let i = 0; i < Number(times); i++) {
  try {
    loadConfigFile(file, remediations);
    process.stdout.write('ok\n');
  } catch (err) {
    process.stdout.write(err instanceof ConfigError ? 'ConfigError\n' : `crash ${String(err)}\n`);
  }
}
