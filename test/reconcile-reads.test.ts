import { afterEach, describe, expect, it } from 'vitest';
import type { Sandbox } from '../src/sandbox/start-sandbox.js';
import { reconcileReadsOf } from '../support/cluster/checks.js';
import { testSandbox } from './support/sandbox-kit.js';

/**
 * The outage and crash-storm suites prove the reconcile stayed off by counting its reads
 * (reconcileReadsOf == 0). That count must see a reconcile when one runs, and must not mistake
 * the hourly self-check (which makes the same kind of read) for one.
 */
let sb: Sandbox | undefined;
afterEach(async () => {
  await sb?.close();
  sb = undefined;
});

describe('counting the missed-webhook reconcile', () => {
  it('counts a reconcile pass, and not the self-check', async () => {
    sb = await testSandbox({ history: false });
    sb.app.scheduler.stop();
    expect(reconcileReadsOf(sb.connectwise)).toBe(0);
    const selfCheck = sb.app.scheduler.jobs.find((j) => j.name === 'self-check')!;
    const changedTicketReads = () => sb!.connectwise.calls.filter((c) => c.method === 'GET' && c.path === '/service/tickets' && c.query.includes('lastUpdated')).length;
    await selfCheck.run(new Date());
    // The self-check did make its read of changed tickets; it is not counted as a reconcile.
    expect(changedTicketReads()).toBe(1);
    expect(reconcileReadsOf(sb.connectwise)).toBe(0);
    await sb.app.reconcile();
    expect(reconcileReadsOf(sb.connectwise)).toBe(1);
  });
});
