import type { Server } from 'node:http';
import express from 'express';
import type { RmmInstallation } from '../src/config/schema.js';
import { createLogger } from '../src/log.js';
import { rmmIntegrationFor } from './rmm-index.js';
import { rmmWebhookPath, type RmmSignal } from './rmm-integration.js';

/**
 * Test harness for RMM webhooks: the real handlers behind `express.raw` on a real port, with an
 * in-memory intake that de-duplicates by delivery key like the store does.
 */
export interface RmmWebhookHarness {
  origin: string;
  stored: RmmSignal[];
  /** Makes intake fail (the store is down). */
  failIntake: boolean;
  urlFor(install: RmmInstallation): string;
  post(install: RmmInstallation, body: string | object, headers?: Record<string, string>): Promise<{ status: number; json: Record<string, unknown> }>;
  close(): Promise<void>;
}

export async function startRmmWebhookHarness(installs: RmmInstallation[], env: Record<string, string>, o: { maxBodyBytes?: number; now?: () => Date } = {}): Promise<RmmWebhookHarness> {
  const log = createLogger({ level: 'silent' });
  const stored: RmmSignal[] = [];
  const h = { failIntake: false };
  const intake = async (signal: RmmSignal) => {
    if (h.failIntake) throw new Error('store unavailable');
    if (stored.some((s) => s.deliveryKey === signal.deliveryKey)) return { inserted: false };
    stored.push(signal);
    return { inserted: true };
  };
  const app = express();
  for (const install of installs) {
    app.post(rmmWebhookPath(install), express.raw({ type: () => true, limit: o.maxBodyBytes ?? 256 * 1024 }), rmmIntegrationFor(install).createWebhookHandler(install, { env, log, intake, now: o.now }));
  }
  app.use((err: { type?: string }, _req: express.Request, res: express.Response, _next: express.NextFunction) => {
    res.status(err.type === 'entity.too.large' ? 413 : 400).json({ error: err.type ?? 'bad_request' });
  });
  const server: Server = await new Promise((resolve) => {
    const s = app.listen(0, '127.0.0.1', () => resolve(s));
  });
  const address = server.address();
  const origin = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
  const urlFor = (install: RmmInstallation) => `${origin}${rmmWebhookPath(install)}`;
  return {
    origin,
    stored,
    get failIntake() {
      return h.failIntake;
    },
    set failIntake(v: boolean) {
      h.failIntake = v;
    },
    urlFor,
    async post(install, body, headers = {}) {
      const res = await fetch(urlFor(install), { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: typeof body === 'string' ? body : JSON.stringify(body) });
      const text = await res.text();
      let json: Record<string, unknown> = {};
      try {
        json = JSON.parse(text) as Record<string, unknown>;
      } catch {
        json = { raw: text };
      }
      return { status: res.status, json };
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
