// Linted as remediations/password-reset/layering-fixture.ts: remediations never import the store.
import { openStore } from '../../src/store/open-store.js';
export const use = openStore;
