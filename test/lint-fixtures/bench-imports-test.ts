// Linted as bench/benchmarks/layering-fixture.ts: the bench shares helpers with the tests through support/, not test/.
import { suiteGuard } from '../../test/support/temp-password-setup.js';
export const use = suiteGuard;
