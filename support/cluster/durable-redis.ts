import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { redisServerInstalled } from '../redis-server.js';
import { freePort, ping } from '../redis-server.js';

/**
 * A private redis-server that keeps its data across a restart on the same port: AOF with
 * `appendfsync always`, in its own temp dir. `crash()` SIGKILLs it (what a host failure does),
 * `start()` brings it back on the same port with the same AOF.
 */
export interface DurableRedis {
  url: string;
  port: number;
  running(): boolean;
  /** SIGKILL: no shutdown save, so only what the AOF already holds survives. */
  crash(): Promise<void>;
  start(): Promise<void>;
  stop(): Promise<void>;
}

const BINARY = process.env.REDIS_SERVER_BIN ?? 'redis-server';
const underCi = (): boolean => ['true', '1'].includes((process.env.CI ?? '').toLowerCase());

/**
 * Null when redis-server is missing on a developer machine (the suite skips with a message);
 * under CI=true a missing redis-server is an error, as in `startRedis()`: a Redis suite that
 * silently skips in CI proves nothing.
 */
export async function startDurableRedis(): Promise<DurableRedis | null> {
  if (!redisServerInstalled()) {
    const message = `${BINARY} is not installed (Debian/Ubuntu: apt-get install -y redis-server)`;
    if (underCi()) throw new Error(`${message}; the scale-out tests cannot run under CI without it`);
    return null;
  }
  const dir = await mkdtemp(join(tmpdir(), 'tfx-cluster-redis-'));
  let lastError: unknown;
  for (let attempt = 0; attempt < 5; attempt++) {
    const port = await freePort();
    const redis = durableRedis(port, dir);
    try {
      await redis.start();
      return redis;
    } catch (err) {
      lastError = err;
    }
  }
  await rm(dir, { recursive: true, force: true });
  throw lastError;
}

function durableRedis(port: number, dir: string): DurableRedis {
  let child: ChildProcess | null = null;
  const killOnExit = () => child?.kill('SIGKILL');
  process.once('exit', killOnExit);

  const kill = async (signal: NodeJS.Signals): Promise<void> => {
    const c = child;
    child = null;
    if (!c || c.exitCode !== null || c.signalCode !== null) return;
    await new Promise<void>((resolve) => {
      c.once('exit', () => resolve());
      c.kill(signal);
    });
  };

  return {
    url: `redis://127.0.0.1:${port}`,
    port,
    running: () => child !== null && child.exitCode === null,
    async start() {
      if (child) return;
      const args = ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'yes', '--appendfsync', 'always', '--dir', dir, '--daemonize', 'no', '--loglevel', 'warning', '--maxmemory-policy', 'noeviction'];
      const c = spawn(BINARY, args, { stdio: ['ignore', 'ignore', 'pipe'] });
      const stderr: string[] = [];
      c.stderr?.on('data', (chunk: Buffer) => stderr.push(chunk.toString()));
      child = c;
      const deadline = Date.now() + 10_000;
      while (Date.now() < deadline) {
        if (c.exitCode !== null) break;
        if (await ping(port)) return;
        await new Promise((r) => setTimeout(r, 30));
      }
      await kill('SIGKILL');
      throw new Error(`redis-server did not start on port ${port}: ${stderr.join('')}`);
    },
    crash: () => kill('SIGKILL'),
    async stop() {
      process.off('exit', killOnExit);
      await kill('SIGKILL');
      await rm(dir, { recursive: true, force: true });
    },
  };
}
