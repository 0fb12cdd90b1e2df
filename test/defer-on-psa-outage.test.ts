import { afterEach, describe, expect, it } from 'vitest';
import { DEFER_LIMIT_MS, shouldDefer } from '../src/engine/defer.js';
import type { EngineDeps } from '../src/engine/deps.js';
import { OutsideApiError } from '../src/http/outside-api-error.js';
import type { Run } from '../src/model/run.js';
import type { Sandbox } from '../src/sandbox/start-sandbox.js';
import { faultsServed } from './support/fault-count.js';
import { createTicket, notesOf, runsFor, settle, testSandbox } from './support/sandbox-kit.js';

let sb: Sandbox | undefined;
afterEach(async () => {
  await sb?.close();
  sb = undefined;
});

const TICKET_READ = { path: /^\/service\/tickets\/\d+$/, method: 'GET' };

describe('a PSA that cannot be read for now', () => {
  it('defers the run instead of escalating, and the run resolves once the PSA answers again', async () => {
    sb = await testSandbox();
    // More 503s than the HTTP seam retries: the engine itself sees the failure.
    sb.connectwise.faults.failNext(1000, { ...TICKET_READ, status: 503 });
    const id = await createTicket(sb, { summary: 'My mailbox is full', contactEmail: 'megan.bowen@contoso.example' });
    await settle(sb);
    const [run] = await runsFor(sb, id);
    expect(run!.state).toBe('received');
    // The outage was really met: the seam's first try and its three retries all got the injected 503.
    expect(faultsServed(sb.connectwise.calls, 'failNext 503', TICKET_READ).length).toBeGreaterThanOrEqual(4);
    const events = await sb.app.store.queryAudit({ runId: run!.id });
    expect(events.map((e) => e.type)).toContain('deferred');
    expect(events.some((e) => e.type === 'escalated')).toBe(false);
    expect(await notesOf(sb, id)).toEqual([]);

    sb.connectwise.faults.reset();
    const resumed = await sb.app.engine.resumeRun(run!.id);
    await settle(sb);
    expect(resumed?.state).toBe('resolved');
  });

  it('a ticket that is gone (404) still escalates at once', async () => {
    const deps = { clock: () => new Date('2026-11-26T10:00:00Z') } as unknown as EngineDeps;
    const run = { createdAt: '2026-11-26T09:59:00Z' } as Run;
    expect(shouldDefer(deps, run, new OutsideApiError('connectwise', 'getTicket', 404, 'not found', false))).toBe(false);
    expect(shouldDefer(deps, run, new Error('a bug'))).toBe(false);
    expect(shouldDefer(deps, run, new OutsideApiError('connectwise', 'getTicket', 429, 'slow down', true))).toBe(true);
  });

  it('stops waiting after the defer limit: the run then escalates as before', () => {
    const created = Date.parse('2026-11-26T10:00:00Z');
    const run = { createdAt: new Date(created).toISOString() } as Run;
    const at = (ms: number) => ({ clock: () => new Date(created + ms) }) as unknown as EngineDeps;
    const err = new OutsideApiError('autotask', 'budget', 429, 'budget spent', true);
    expect(shouldDefer(at(DEFER_LIMIT_MS - 1000), run, err)).toBe(true);
    expect(shouldDefer(at(DEFER_LIMIT_MS + 1000), run, err)).toBe(false);
  });
});
