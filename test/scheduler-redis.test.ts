import { randomUUID } from 'node:crypto';
import { afterAll, describe, expect, it } from 'vitest';
import { createLogger } from '../src/log.js';
import { createInProcessQueue } from '../src/queue/in-process-queue.js';
import { runScheduledJob, scheduledJobs, type SchedulerContext } from '../src/scheduler/jobs.js';
import { openRedisStore, type RedisStore } from '../src/store/redis/index.js';
import type { EngineDeps } from '../src/engine/deps.js';
import { remediations } from '../remediations/index.js';
import { startRedis } from '../support/redis-server.js';

// Several instances = several store connections to one Redis, as in a scale-out deployment.
const server = await startRedis();
afterAll(async () => server?.stop());

if (!server) {
  describe.skip('scheduler leases on Redis: redis-server is not installed; skipped outside CI', () => {
    it('skipped', () => undefined);
  });
} else {
  const redis = server;
  describe('scheduler leases on Redis (several instances, one store)', () => {
    it('one instance runs each tick and the monthly drill runs once, whichever instance asks', async () => {
      const prefix = `tfx-sched-${randomUUID()}:`;
      const log = createLogger({ level: 'silent' });
      const stores: RedisStore[] = await Promise.all([0, 1, 2].map(() => openRedisStore({ url: redis.url, prefix })));
      const queue = createInProcessQueue(async () => undefined, { log });
      try {
        const deps = { remediations, instanceId: 'x' } as unknown as EngineDeps;
        const ctxs: SchedulerContext[] = stores.map((store, i) => ({ store, queue, log, clock: () => new Date(), instanceId: `instance-${i}`, deps }));
        const job = (c: SchedulerContext, name: string) => scheduledJobs(c).find((j) => j.name === name)!;
        const tick = new Date('2026-11-26T10:00:00.200Z');
        const ticks = await Promise.all(ctxs.map((c) => runScheduledJob(job(c, 'stuck-runs'), c, tick)));
        expect(ticks.filter((r) => r.ran)).toHaveLength(1);

        const month = new Date('2026-11-01T00:10:00.000Z');
        const drills = await Promise.all(ctxs.map((c) => runScheduledJob(job(c, 'kill-switch-drill'), c, month)));
        expect(drills.filter((r) => r.ran)).toHaveLength(1);
        expect(await stores[0]!.queryAudit({ type: 'kill_switch.drill' })).toHaveLength(1);
        expect((await stores[1]!.listKillSwitches()).filter((s) => s.engaged)).toEqual([]);
      } finally {
        await queue.close();
        await Promise.all(stores.map((s) => s.close()));
      }
    });
  });
}
