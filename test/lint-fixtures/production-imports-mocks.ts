// Linted as src/cli/layering-fixture.ts: production code never imports the simulators.
import { demoWorld } from '../../mocks/demo-data.js';
export const use = demoWorld;
