import { Writable } from 'node:stream';
import pino from 'pino';
import { createLogger, type Logger } from '../../../src/log.js';

export interface MemoryLog {
  /** The app's own logger (same options and redaction as production) at level trace. */
  log: Logger;
  /** Every line written so far. */
  lines(): string[];
}

/**
 * A `createLogger` logger whose output goes to memory instead of stdout: everything the app
 * logs (including redaction exactly as configured in src/log.ts) can then be inspected.
 */
export function memoryLog(): MemoryLog {
  const chunks: string[] = [];
  const sink = new Writable({
    write(chunk: Buffer | string, _enc, done) {
      chunks.push(chunk.toString());
      done();
    },
  });
  const log = createLogger({ level: 'trace' });
  // pino writes through this symbol; children created later inherit it through the prototype.
  (log as unknown as Record<symbol, unknown>)[pino.symbols.streamSym] = sink;
  return { log, lines: () => chunks.join('').split('\n').filter((l) => l.length > 0) };
}
