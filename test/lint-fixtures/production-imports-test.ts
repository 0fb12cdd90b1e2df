// Linted as src/cli/layering-fixture.ts: production code never imports tests.
import { CORPUS } from '../../test/triage-corpus.js';
export const use = CORPUS;
