import { createServer, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { RequestHandler } from 'msw';
import { handle } from '../../mocks/serve-handlers.js';

/**
 * Calls whose answer is held back after the simulator has carried them out: the write is in the
 * PSA, the caller is still waiting. A process killed in that moment never learns it landed
 * (the simulators' own `loseResponseNext` answers a 504 instead, which the caller does see).
 */
export interface AnswerHolds {
  /** The next `count` calls with this method and a path matching `path` are held once served. */
  hold(method: string, path: RegExp, count?: number): void;
  /** Answers currently held. */
  held(): number;
  /** Sends every held answer (to a dead socket if its caller is gone). */
  release(): void;
}

/** Like `serveHandlers` (mocks/serve-handlers.ts), plus answer holds. */
export async function serveSimulators(handlers: () => RequestHandler[]): Promise<{ url: string; holds: AnswerHolds; close: () => Promise<void> }> {
  const rules: { method: string; path: RegExp; remaining: number }[] = [];
  let waiting: (() => void)[] = [];

  const holdAnswer = (res: ServerResponse) => {
    const end = res.end.bind(res) as (...args: unknown[]) => ServerResponse;
    const gate = new Promise<void>((resolve) => waiting.push(resolve));
    res.end = ((...args: unknown[]) => {
      void gate.then(() => end(...args));
      return res;
    }) as ServerResponse['end'];
  };

  const server = createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://sim').pathname;
    const rule = rules.find((r) => r.remaining > 0 && r.method === req.method && r.path.test(path));
    if (rule) {
      rule.remaining--;
      holdAnswer(res);
    }
    void handle(req, res, handlers()).catch((err: unknown) => {
      res.statusCode = 500;
      res.setHeader('content-type', 'application/json');
      res.end(JSON.stringify({ code: 'SimulatorError', message: err instanceof Error ? err.message : String(err) }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  const release = () => {
    const w = waiting;
    waiting = [];
    w.forEach((f) => f());
  };
  return {
    url: `http://127.0.0.1:${port}`,
    holds: {
      hold(method, path, count = 1) {
        rules.push({ method: method.toUpperCase(), path, remaining: count });
      },
      held: () => waiting.length,
      release,
    },
    close: () =>
      new Promise<void>((resolve) => {
        rules.length = 0;
        release();
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
