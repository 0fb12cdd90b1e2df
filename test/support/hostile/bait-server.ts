import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface Bait {
  /** http://127.0.0.1:<port> */
  origin: string;
  port: number;
  /** Every request the bait saw (method, url, host header). */
  hits: { method: string; url: string; host: string }[];
  close(): Promise<void>;
}

/**
 * A tiny local HTTP server posing as a signing-key host. It answers every request with
 * `{"signing_key": key}`, so if the app ever fetched a key from it, a callback signed with
 * `key` would verify: a request recorded here proves the SSRF guard let a URL through.
 */
export async function startBait(key: string): Promise<Bait> {
  const hits: Bait['hits'] = [];
  const server = createServer((req: IncomingMessage, res) => {
    hits.push({ method: req.method ?? '', url: req.url ?? '', host: req.headers.host ?? '' });
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ signing_key: key }));
  });
  // Dual-stack where the host allows it, so 127.0.0.1, ::1 and localhost all reach the bait.
  await new Promise<void>((resolve) => {
    server.once('error', () => server.listen(0, '127.0.0.1', resolve));
    server.listen(0, '::', resolve);
  });
  const port = (server.address() as AddressInfo).port;
  return {
    origin: `http://127.0.0.1:${port}`,
    port,
    hits,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
