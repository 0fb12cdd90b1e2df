import pino, { type Logger } from 'pino';

/**
 * The app's logger. Secrets are redacted by path as a second line of defence; the first is
 * that no code passes them to a logger at all.
 */
export function createLogger(options: { level?: string; name?: string } = {}): Logger {
  const level = options.level ?? process.env.LOG_LEVEL ?? (process.env.VITEST ? 'silent' : 'info');
  return pino({
    name: options.name ?? 'ticketfix',
    level,
    redact: {
      paths: ['*.authorization', '*.Authorization', '*.password', '*.secret', '*.clientSecret', '*.privateKey', '*.token', '*.access_token', 'headers.*'],
      censor: '[redacted]',
    },
  });
}

export type { Logger };
