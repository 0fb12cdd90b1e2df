import { execFile } from 'node:child_process';
import { describe, expect, it } from 'vitest';

const CHILD = 'test/support/process/forgotten-rejection.ts';

function run(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const env: NodeJS.ProcessEnv = { ...process.env, LOG_LEVEL: 'info' };
    delete env.VITEST;
    execFile(process.execPath, ['--import', 'tsx', CHILD, ...args], { env, timeout: 60_000 }, (err, stdout, stderr) =>
      resolve({ code: err ? ((err as { code?: number }).code ?? 1) : 0, stdout, stderr }),
    );
  });
}

describe('process-level handlers of serve and sandbox', () => {
  it('an unhandled rejection is logged with its message and the process keeps serving', async () => {
    const out = await run(['--with-handlers']);
    expect(out.code).toBe(0);
    const logged = out.stdout.split('\n').filter((l) => l.includes('unhandled promise rejection')).map((l) => JSON.parse(l) as { level: number; msg: string; err: string });
    expect(logged.map((l) => [l.level, l.msg, l.err])).toEqual([[50, 'unhandled promise rejection (kept running)', 'boom from a forgotten promise']]);
    expect(out.stdout).toContain('still serving');
  });

  it('without them (what serve had before) the same rejection kills the process without a line in its log', async () => {
    const out = await run([]);
    expect(out.code).toBe(1);
    expect(out.stdout).not.toContain('still serving');
    expect(out.stdout).not.toContain('unhandled promise rejection');
  });
});
