import type { Logger } from 'pino';

/**
 * Last-resort handlers for a long-running command (serve, sandbox). A promise nobody awaited
 * that rejects is logged and the process keeps serving (Node's default would kill it without
 * a word in our log). An exception nothing caught leaves state unknown: logged, then exit 1.
 */
export function installProcessHandlers(log: Logger): void {
  process.on('unhandledRejection', (reason) => {
    log.error({ err: reason instanceof Error ? reason.message : String(reason), stack: reason instanceof Error ? reason.stack : undefined }, 'unhandled promise rejection (kept running)');
  });
  process.on('uncaughtException', (err) => {
    log.fatal({ err: err.message, stack: err.stack }, 'uncaught exception; exiting');
    log.flush?.();
    process.exitCode = 1;
    setTimeout(() => process.exit(1), 100).unref();
  });
}
