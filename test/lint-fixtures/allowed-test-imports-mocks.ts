// Linted as test/layering-fixture.test.ts: tests may import simulators, test kits and shared support.
import { demoWorld } from '../mocks/demo-data.js';
import { startRedis } from '../support/redis-server.js';
export const use = [demoWorld, startRedis];
