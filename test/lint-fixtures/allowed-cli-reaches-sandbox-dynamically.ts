// Linted as src/cli/layering-fixture.ts: a type import and a dynamic import of the sandbox load nothing at start.
import type { Sandbox } from '../sandbox/start-sandbox.js';
import { SANDBOX_DATA_DIR } from '../sandbox/sandbox-data-dir.js';
export async function start(): Promise<Sandbox> {
  const { startSandbox } = await import('../sandbox/start-sandbox.js');
  return startSandbox({ port: 0, dataDir: SANDBOX_DATA_DIR } as never);
}
