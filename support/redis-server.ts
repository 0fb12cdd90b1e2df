import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { createConnection, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface RedisServer {
  url: string;
  stop(): Promise<void>;
}

const BINARY = process.env.REDIS_SERVER_BIN ?? 'redis-server';
const START_TIMEOUT_MS = 10_000;

/** CI=true (GitHub Actions, GitLab...) or CI=1; CI=false/0/unset is a developer machine. */
const underCi = (): boolean => ['true', '1'].includes((process.env.CI ?? '').toLowerCase());

/** True when `redis-server` can be run on this machine. */
export function redisServerInstalled(): boolean {
  const probe = spawnSync(BINARY, ['--version'], { stdio: 'ignore' });
  return probe.error === undefined && probe.status === 0;
}

/**
 * Starts a private, throwaway redis-server (no persistence, its own temp dir) on a free port and
 * waits until it answers PING. Returns null when redis-server is not installed, so a test file
 * can skip with a message; under CI=true that is an error instead, because a Redis suite that
 * silently skips in CI proves nothing.
 */
export async function startRedis(): Promise<RedisServer | null> {
  if (!redisServerInstalled()) {
    const message = `${BINARY} is not installed (Debian/Ubuntu: apt-get install -y redis-server)`;
    if (underCi()) throw new Error(`${message}; the Redis store tests cannot run under CI without it`);
    return null;
  }
  // The port can be taken between probing it and the server binding it: try a few.
  let lastError: unknown;
  for (let attempt = 0; attempt < 5; attempt++) {
    try {
      return await startOn(await freePort());
    } catch (err) {
      lastError = err;
    }
  }
  throw lastError;
}

async function startOn(port: number): Promise<RedisServer> {
  const dir = await mkdtemp(join(tmpdir(), 'ticketfix-redis-'));
  const child = spawn(
    BINARY,
    ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--dir', dir, '--daemonize', 'no', '--loglevel', 'warning'],
    { stdio: ['ignore', 'ignore', 'pipe'] },
  );
  const stderr: string[] = [];
  child.stderr?.on('data', (chunk: Buffer) => stderr.push(chunk.toString()));
  // If the test process exits without calling stop (a crash, a killed worker), take the server with it.
  const killOnExit = () => child.kill('SIGKILL');
  process.once('exit', killOnExit);
  const stop = async (): Promise<void> => {
    process.off('exit', killOnExit);
    await kill(child);
    await rm(dir, { recursive: true, force: true });
  };
  try {
    await waitForPing(port, child);
  } catch (err) {
    await stop();
    throw new Error(`redis-server did not start on port ${port}: ${String(err)} ${stderr.join('')}`);
  }
  return { url: `redis://127.0.0.1:${port}`, stop };
}

/** A port nothing listens on right now (shared by the test helpers that start servers). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

/** One PING over a raw socket: no client library, so this also works before any import of one. */
export function ping(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = createConnection({ port, host: '127.0.0.1' });
    let reply = '';
    const done = (ok: boolean) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(500, () => done(false));
    socket.once('error', () => done(false));
    socket.once('connect', () => socket.write('PING\r\n'));
    socket.on('data', (chunk: Buffer) => {
      reply += chunk.toString();
      // While loading its AOF Redis answers -LOADING; only +PONG means it serves.
      if (reply.includes('\r\n')) done(reply.startsWith('+PONG'));
    });
  });
}

async function waitForPing(port: number, child: ChildProcess): Promise<void> {
  const deadline = Date.now() + START_TIMEOUT_MS;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`exited with code ${child.exitCode}`);
    if (await ping(port)) return;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`no PONG within ${START_TIMEOUT_MS} ms`);
}

function kill(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const force = setTimeout(() => child.kill('SIGKILL'), 5000);
    child.once('exit', () => {
      clearTimeout(force);
      resolve();
    });
    child.kill('SIGTERM');
  });
}
