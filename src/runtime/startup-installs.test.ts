import type { Request, RequestHandler, Response } from 'express';
import pino from 'pino';
import { describe, expect, it } from 'vitest';
import { startStartupInstalls } from './startup-installs.js';

/** Calls a readiness handler and returns what it answered. */
function probe(handler: RequestHandler): { status: number; body: unknown } {
  const seen = { status: 200, body: undefined as unknown };
  const res = {
    status(code: number) {
      seen.status = code;
      return this;
    },
    json(body: unknown) {
      seen.body = body;
      return this;
    },
  } as unknown as Response;
  void handler({} as Request, res, () => undefined);
  return seen;
}

const storeReady: RequestHandler = (_req, res) => void res.status(200).json({ ok: true });

describe('start-up webhook registration holds readiness', () => {
  it('is 503 while registering and after a failure (which is retried), 200 once registered', async () => {
    const answers: ('fail' | 'ok')[] = ['fail', 'ok'];
    const calls: string[] = [];
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const installs = startStartupInstalls({
      log: pino({ level: 'silent' }),
      enabled: true,
      retryMs: 1,
      installAll: async () => {
        const next = answers.shift()!;
        calls.push(next);
        if (next === 'fail') throw new Error('PSA unreachable');
        await gate;
        return ['cw: registered'];
      },
    });
    expect(probe(installs.gate(storeReady))).toEqual({ status: 503, body: { ok: false, reason: 'registering PSA webhooks' } });
    while (calls.length < 2) await new Promise((r) => setTimeout(r, 1));
    expect(probe(installs.gate(storeReady))).toEqual({ status: 503, body: { ok: false, reason: 'PSA webhook registration failed; retrying' } });
    release();
    await installs.done;
    expect(probe(installs.gate(storeReady))).toEqual({ status: 200, body: { ok: true } });
    expect(calls).toEqual(['fail', 'ok']);
    installs.stop();
  });

  it('without start-up registration the store and queue alone decide', async () => {
    const installs = startStartupInstalls({ log: pino({ level: 'silent' }), enabled: false, installAll: async () => [] });
    await installs.done;
    expect(probe(installs.gate(storeReady))).toEqual({ status: 200, body: { ok: true } });
  });
});
