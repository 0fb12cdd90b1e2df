import { spawn, type ChildProcess } from 'node:child_process';

export interface StubProcess {
  origin: string;
  pid: number;
  stats(): Promise<{ statusChanges: number; setMailbox: number; notFound: number; lastNotFound: string; ticketsHeld: number; mailboxesHeld: number }>;
  stop(): Promise<void>;
}

/** Starts bench/stub/outside-api-stub.ts in its own process and waits for its URL. */
export async function spawnStub(): Promise<StubProcess> {
  const child: ChildProcess = spawn(process.execPath, ['--import', 'tsx', 'bench/stub/outside-api-stub.ts'], { stdio: ['ignore', 'pipe', 'pipe'] });
  let err = '';
  child.stderr?.on('data', (c: Buffer) => void (err = (err + c.toString()).slice(-8192)));
  const origin = await new Promise<string>((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => reject(new Error(`the stub server did not start within 60 s: ${err}`)), 60_000);
    child.stdout?.on('data', (c: Buffer) => {
      out += c.toString();
      const m = out.match(/STUB_URL (\S+)/);
      if (m) {
        clearTimeout(timer);
        resolve(m[1]!);
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`the stub server exited (${code}): ${err}`));
    });
  });
  return {
    origin,
    pid: child.pid!,
    stats: async () => (await (await fetch(`${origin}/stub/stats`)).json()) as Awaited<ReturnType<StubProcess['stats']>>,
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null || child.signalCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
        setTimeout(() => child.kill('SIGKILL'), 5000).unref();
      }),
  };
}
