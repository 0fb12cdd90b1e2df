import { RedisStore, type RedisStoreOptions } from './redis-store.js';

export { CLIENT_NAME, RedisStore, type RedisStoreOptions } from './redis-store.js';
export { DEFAULT_PREFIX, redisKeys, type RedisKeys } from './keys.js';

/** Connects and returns the shared-Redis Store (rejects if Redis cannot be reached). */
export function openRedisStore(options: RedisStoreOptions): Promise<RedisStore> {
  return RedisStore.open(options);
}
