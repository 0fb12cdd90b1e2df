import pino, { type Logger } from 'pino';

let sink: ReturnType<typeof pino.destination> | undefined;

/**
 * The app logs at info as in production (one line per accepted callback), serialised by pino
 * as usual, but written to /dev/null so a terminal does not become the bottleneck.
 */
export function benchLogger(): Logger {
  sink ??= pino.destination({ dest: '/dev/null', sync: false });
  return pino({ name: 'ticketfix', level: 'info' }, sink);
}
