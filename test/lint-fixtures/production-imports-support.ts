// Linted as src/queue/layering-fixture.ts: the helpers shared by tests and the bench are not production code.
import { startRedis } from '../../support/redis-server.js';
export const use = startRedis;
