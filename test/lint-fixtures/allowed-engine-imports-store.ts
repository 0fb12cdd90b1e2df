// Linted as src/engine/layering-fixture.ts: the engine may use the store.
import { openStore } from '../store/open-store.js';
export const use = openStore;
