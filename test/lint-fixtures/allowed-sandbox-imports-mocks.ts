// Linted as src/sandbox/layering-fixture.ts: the sandbox entry may load the simulators.
import { demoWorld } from '../../mocks/demo-data.js';
export const use = demoWorld;
