import type { RedisKeys } from './keys.js';
import type { RedisClient } from './lua.js';

/** What each table module needs: the connection and the key layout. */
export interface RedisContext {
  client: RedisClient;
  keys: RedisKeys;
}
