import { createServer, request as httpRequest, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * The one public URL of the deployment: a round-robin HTTP proxy in front of the app instances,
 * as a load balancer would be. The PSA's callback is registered on it, so callbacks spread over
 * the instances. A backend that refuses the connection (killed, restarting) is skipped, as a
 * health-checked balancer would; a backend that dies mid-request yields a 502 (the PSA sees a
 * failed delivery, the request may or may not have been stored).
 */
export interface FrontDoor {
  url: string;
  /** Answers forwarded per backend index (2xx only). */
  served: number[];
  /** While paused every request answers 503 and reaches no instance (a deployment-wide outage). */
  pause(on: boolean): void;
  close(): Promise<void>;
}

export async function startFrontDoor(backends: () => Array<{ url: string; up: boolean }>): Promise<FrontDoor> {
  let next = 0;
  const served: number[] = [];
  let paused = false;

  const forward = (target: string, req: IncomingMessage, body: Buffer) =>
    new Promise<{ status: number; headers: Record<string, string>; body: Buffer }>((resolve, reject) => {
      const headers = { ...req.headers };
      delete headers.host;
      const out = httpRequest(`${target}${req.url ?? '/'}`, { method: req.method, headers: { ...headers, 'content-length': String(body.length) } }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode ?? 502, headers: { 'content-type': String(res.headers['content-type'] ?? 'application/json') }, body: Buffer.concat(chunks) }));
        res.on('error', reject);
      });
      out.on('error', reject);
      out.end(body);
    });

  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      void (async () => {
        if (paused) return void res.writeHead(503, { 'content-type': 'application/json' }).end(JSON.stringify({ error: 'paused' }));
        const body = Buffer.concat(chunks);
        const list = backends();
        for (let tried = 0; tried < list.length; tried++) {
          const index = next++ % list.length;
          const backend = list[index];
          if (!backend?.up) continue;
          try {
            const answer = await forward(backend.url, req, body);
            if (answer.status < 300) served[index] = (served[index] ?? 0) + 1;
            res.writeHead(answer.status, answer.headers).end(answer.body);
            return;
          } catch (err) {
            // Refused: nothing reached the backend, try the next one. Anything else: it may have.
            if ((err as { code?: string }).code === 'ECONNREFUSED') continue;
            res.writeHead(502, { 'content-type': 'application/json' }).end(JSON.stringify({ error: 'bad_gateway', message: String(err) }));
            return;
          }
        }
        res.writeHead(503, { 'content-type': 'application/json' }).end(JSON.stringify({ error: 'no_backend' }));
      })();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}`,
    served,
    pause(on) {
      paused = on;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
