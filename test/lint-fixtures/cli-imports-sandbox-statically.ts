// Linted as src/cli/layering-fixture.ts: a static import of the sandbox would load every simulator.
import { startSandbox } from '../sandbox/start-sandbox.js';
export const use = startSandbox;
