// Linted as integrations/generic-rmm/layering-fixture.ts: a production folder next to its simulator still may not import it.
import { demoWorld } from '../../mocks/demo-data.js';
export const use = demoWorld;
