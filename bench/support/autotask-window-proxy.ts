import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface AutotaskWindowProxy {
  /** Same path layout as the sandbox, on the proxy's origin. */
  origin: string;
  /** Where requests go (the sandbox's origin; set once it is known). */
  target: string;
  close(): Promise<void>;
}

/**
 * The Autotask simulator can shrink its rolling hour, but its ThresholdInformation still says
 * 60 minutes, and the app's budget guard spreads what is left over the timeframe Autotask
 * reports. This loopback proxy sits between the app and the simulator and reports the scaled
 * timeframe (whole minutes, as Autotask does), so the guard and the simulator agree on the
 * window; it also points ZoneInformation at itself. Everything else passes through unchanged.
 */
export async function startAutotaskWindowProxy(o: { timeframeMinutes: number }): Promise<AutotaskWindowProxy> {
  const server = createServer((req, res) => void forward(req, res));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  async function forward(req: IncomingMessage, res: ServerResponse): Promise<void> {
    try {
      const chunks: Buffer[] = [];
      for await (const c of req) chunks.push(c as Buffer);
      const headers: Record<string, string> = {};
      for (const [k, v] of Object.entries(req.headers)) if (typeof v === 'string' && k !== 'host' && k !== 'content-length' && k !== 'connection') headers[k] = v;
      const upstream = await fetch(`${proxy.target}${req.url}`, { method: req.method, headers, body: chunks.length ? Buffer.concat(chunks) : undefined });
      let body = Buffer.from(await upstream.arrayBuffer());
      const path = (req.url ?? '').split('?')[0]!;
      if (upstream.ok && /\/(ThresholdInformation|ZoneInformation)$/i.test(path)) {
        const json = JSON.parse(body.toString()) as Record<string, unknown>;
        if ('requestThresholdTimeframe' in json) json.requestThresholdTimeframe = o.timeframeMinutes;
        if (typeof json.url === 'string') json.url = json.url.replace(proxy.target, origin);
        body = Buffer.from(JSON.stringify(json));
      }
      const out: Record<string, string> = {};
      upstream.headers.forEach((v, k) => {
        if (k !== 'content-length' && k !== 'content-encoding' && k !== 'transfer-encoding' && k !== 'connection') out[k] = v;
      });
      res.writeHead(upstream.status, { ...out, 'content-length': String(body.length) });
      res.end(body);
    } catch (err) {
      res.writeHead(502, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ errors: [`bench proxy: ${err instanceof Error ? err.message : String(err)}`] }));
    }
  }

  const proxy: AutotaskWindowProxy = {
    origin,
    target: '',
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
  return proxy;
}
