import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { crowdedWorld } from '../../support/cluster/crowded-world.js';
import { connectwiseOnlyConfig, cpuMsOf, cpuSplitMsOf, rssOf, spawnApp } from './spawn-app.js';
import { spawnStub } from './spawn-stub.js';
import { stubCallback } from './stub-callback.js';

export interface AppCpuRun {
  tickets: number;
  resolved: number;
  seconds: number;
  /** utime + stime of the app process over the measured tickets, ms (10 ms resolution). */
  appCpuMs: number | null;
  appCpuMsPerTicket: number | null;
  /** The same split into user and kernel time (fsync, sockets), ms per ticket. */
  appUserMsPerTicket: number | null;
  appSystemMsPerTicket: number | null;
  stubCpuMs: number | null;
  /** RSS of the app process after the run and its peak during it (sampled), bytes. */
  appRssEnd: number | null;
  appRssPeak: number | null;
  /** Callback POSTs the app did not answer 2xx. */
  rejectedCallbacks: number;
  stubNotFound: number;
  stubLastNotFound: string;
  /** Set-Mailbox calls the stub served in the measured part (one per ticket really remediated). */
  quotaChanges: number;
  /** CLOCK_MONOTONIC µs of the measured part (the clock V8 CPU profiles stamp samples with). */
  windowUs: [number, number];
}

const WEBHOOK = '/webhooks/connectwise/sandbox-cw';

async function postCallback(appUrl: string, stubOrigin: string, ticketId: number): Promise<boolean> {
  const cb = stubCallback(stubOrigin, ticketId);
  const res = await fetch(`${appUrl}${WEBHOOK}`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-content-signature': cb.signature }, body: cb.body });
  await res.arrayBuffer();
  return res.ok;
}

/**
 * The app alone in its own process against the stub server (its own process): one warm-up
 * ticket (tokens, signing key, statuses, mailbox plan cached), then `tickets` callbacks sent
 * `concurrency` at a time; the app's CPU between the two is divided by the tickets resolved.
 */
export async function runAppCpu(o: { scratchDir: string; tickets: number; concurrency?: number; nodeArgs?: string[]; timeoutSec?: number; log?: (m: string) => void }): Promise<AppCpuRun> {
  const dataDir = join(o.scratchDir, 'app-cpu');
  mkdirSync(dataDir, { recursive: true });
  const stub = await spawnStub();
  const world = crowdedWorld(0);
  let app: Awaited<ReturnType<typeof spawnApp>> | null = null;
  try {
    app = await spawnApp({ dataDir, config: connectwiseOnlyConfig(stub.origin, world), install: true, nodeArgs: o.nodeArgs });
    const waitFor = async (count: number, timeoutSec: number) => {
      const deadline = performance.now() + timeoutSec * 1000;
      let s = await stub.stats();
      while (s.statusChanges < count && performance.now() < deadline) {
        await new Promise((r) => setTimeout(r, 50));
        s = await stub.stats();
      }
      return s.statusChanges;
    };
    // Ticket ids: 1000 is the warm-up (full.user000), 1001.. the measured ones (distinct mailboxes up to 999).
    if (!(await postCallback(app.url, stub.origin, 1000))) throw new Error(`the warm-up callback was refused: ${app.stderr()}`);
    if ((await waitFor(1, 60)) < 1) throw new Error(`the warm-up ticket was not resolved within 60 s (stub: ${JSON.stringify(await stub.stats())}): ${app.stderr()} ${app.stdout().slice(-2000)}`);
    const pid = app.pid;
    let peak = rssOf(pid);
    const sampler = setInterval(() => {
      const r = rssOf(pid);
      if (r !== null && (peak === null || r > peak)) peak = r;
    }, 100);
    const changes0 = (await stub.stats()).setMailbox;
    const us0 = Number(process.hrtime.bigint() / 1000n);
    const split0 = cpuSplitMsOf(pid);
    const cpu0 = cpuMsOf(pid);
    const stubCpu0 = cpuMsOf(stub.pid);
    const started = performance.now();
    let rejected = 0;
    let next = 0;
    const ids = Array.from({ length: o.tickets }, (_, i) => 1001 + i);
    await Promise.all(
      Array.from({ length: o.concurrency ?? 8 }, async () => {
        while (next < ids.length) {
          const id = ids[next++]!;
          if (!(await postCallback(app!.url, stub.origin, id))) rejected++;
        }
      }),
    );
    const resolved = (await waitFor(1 + o.tickets, o.timeoutSec ?? 300)) - 1;
    const seconds = (performance.now() - started) / 1000;
    const cpu1 = cpuMsOf(pid);
    const split1 = cpuSplitMsOf(pid);
    const us1 = Number(process.hrtime.bigint() / 1000n);
    const stubCpu1 = cpuMsOf(stub.pid);
    clearInterval(sampler);
    const appCpuMs = cpu0 === null || cpu1 === null ? null : cpu1 - cpu0;
    const s = await stub.stats();
    return {
      tickets: o.tickets,
      resolved,
      seconds,
      appCpuMs,
      appCpuMsPerTicket: appCpuMs === null || resolved <= 0 ? null : appCpuMs / resolved,
      appUserMsPerTicket: split0 && split1 && resolved > 0 ? (split1.user - split0.user) / resolved : null,
      appSystemMsPerTicket: split0 && split1 && resolved > 0 ? (split1.system - split0.system) / resolved : null,
      stubCpuMs: stubCpu0 === null || stubCpu1 === null ? null : stubCpu1 - stubCpu0,
      appRssEnd: rssOf(pid),
      appRssPeak: peak,
      rejectedCallbacks: rejected,
      stubNotFound: s.notFound,
      stubLastNotFound: s.lastNotFound,
      quotaChanges: s.setMailbox - changes0,
      windowUs: [us0, us1],
    };
  } finally {
    await app?.stop();
    await stub.stop();
  }
}
