// Linted as bench/benchmarks/layering-fixture.ts: the bench shares support/ with the tests and may use the simulators.
import { startRedis } from '../../support/redis-server.js';
import { demoWorld } from '../../mocks/demo-data.js';
export const use = [startRedis, demoWorld];
