import type { Logger } from 'pino';

/**
 * Graceful: stop taking work, let running steps finish, within a bounded time. Whatever is left
 * is durable (signals, runs, outbox) and resumes on the next start or instance.
 */
export function stopOnSignals(close: () => Promise<void>, log: Logger): void {
  const stop = async (signal: string) => {
    log.info({ signal }, 'shutting down');
    const limitMs = Number(process.env.SHUTDOWN_TIMEOUT_MS ?? 15_000);
    const timedOut = await Promise.race([close().then(() => false), new Promise<boolean>((r) => setTimeout(() => r(true), limitMs).unref())]);
    if (timedOut) log.warn({ limitMs }, 'shutdown took too long; exiting with work in flight (it resumes on restart)');
    process.exit(0);
  };
  process.once('SIGINT', () => void stop('SIGINT'));
  process.once('SIGTERM', () => void stop('SIGTERM'));
}
