// Child process for test/process-handlers.test.ts: a long-running command with the process
// handlers installed meets a promise nobody awaited that rejects, and must keep serving.
import { createLogger } from '../../../src/log.js';
import { installProcessHandlers } from '../../../src/runtime/process-handlers.js';

if (process.argv.includes('--with-handlers')) installProcessHandlers(createLogger({ level: 'info' }));
void Promise.reject(new Error('boom from a forgotten promise'));
setTimeout(() => {
  process.stdout.write('still serving\n');
  process.exit(0);
}, 300);
