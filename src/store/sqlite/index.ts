export { SqliteStore, type SqliteStoreOptions } from './sqlite-store.js';
export { hashAuditEvent, GENESIS_HASH } from '../audit-hash.js';
export { canonicalJson } from '../../util/canonical-json.js';
