import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import express from 'express';

/**
 * The floor for webhook intake: an Express 5 route that reads the raw body (as the app's
 * webhook route must) and answers 202 with a small JSON body. No verification, no store.
 */
export async function startBareExpress(): Promise<{ url: string; close(): Promise<void> }> {
  const app = express();
  app.disable('x-powered-by');
  app.post('/noop', express.raw({ type: () => true, limit: 256 * 1024 }), (_req, res) => void res.status(202).json({ accepted: true }));
  const server = createServer(app);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/noop`,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
