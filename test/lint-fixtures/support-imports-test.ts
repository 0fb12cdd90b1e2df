// Linted as support/cluster/layering-fixture.ts: support/ serves the bench too, so it may not pull in tests.
import { CORPUS } from '../../test/triage-corpus.js';
export const use = CORPUS;
