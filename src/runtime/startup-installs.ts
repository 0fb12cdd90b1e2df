import type { RequestHandler } from 'express';
import type { Logger } from 'pino';

/**
 * Registers the PSA webhooks once the server listens (the PSA's registration call may check the
 * URL) and holds readiness until that is done: a ticket made before the webhook exists would
 * wait for the reconcile. A failed pass is logged and tried again; the instance stays unready.
 */
export interface StartupInstalls {
  /** Resolves once every installation's webhooks are registered. */
  done: Promise<void>;
  /** null when done; else why the instance is not ready yet. */
  pending(): string | null;
  /** Wraps a readiness route: 503 until the installs are done. */
  gate(readyz: RequestHandler): RequestHandler;
  stop(): void;
}

export function startStartupInstalls(o: { installAll: () => Promise<string[]>; log: Logger; retryMs?: number; enabled: boolean }): StartupInstalls {
  let state: string | null = o.enabled ? 'registering PSA webhooks' : null;
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  let resolveDone!: () => void;
  const done = new Promise<void>((resolve) => (resolveDone = resolve));
  const attempt = async (): Promise<void> => {
    if (stopped) return;
    try {
      for (const line of await o.installAll()) o.log.info(line);
      state = null;
      resolveDone();
    } catch (err) {
      state = 'PSA webhook registration failed; retrying';
      o.log.error({ err: err instanceof Error ? err.message : String(err) }, 'could not register PSA webhooks; not ready, retrying');
      timer = setTimeout(() => void attempt(), o.retryMs ?? 15_000);
      timer.unref();
    }
  };
  if (o.enabled) void attempt();
  else resolveDone();
  return {
    done,
    pending: () => state,
    gate: (readyz) => (req, res, next) => {
      if (state === null) return readyz(req, res, next);
      res.status(503).json({ ok: false, reason: state });
    },
    stop() {
      stopped = true;
      clearTimeout(timer);
    },
  };
}
