// Linted as integrations/layering-fixture.ts: integrations never import the engine.
import { createEngine } from '../src/engine/engine.js';
export const use = createEngine;
