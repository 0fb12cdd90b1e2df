import { ApiKeyRecord } from '../api-keys.js';
import type { Db } from './db.js';
import { immediate } from './transaction.js';

interface KeyRow {
  id: string;
  name: string;
  role: string;
  secret_hash: string;
  created_at: string;
  last_used_at: string | null;
  revoked_at: string | null;
}

// Created here with IF NOT EXISTS rather than as a numbered migration: the tables are
// self-contained, and files already past the last migration get them on the next open.
const SCHEMA = `
  CREATE TABLE IF NOT EXISTS api_keys (
    id TEXT PRIMARY KEY,
    name TEXT NOT NULL,
    role TEXT NOT NULL,
    secret_hash TEXT NOT NULL,
    created_at TEXT NOT NULL,
    last_used_at TEXT,
    revoked_at TEXT
  );
  CREATE TABLE IF NOT EXISTS used_tokens (
    token TEXT PRIMARY KEY,
    keep_until_ms INTEGER NOT NULL
  );
`;

const fromRow = (r: KeyRow): ApiKeyRecord =>
  ApiKeyRecord.parse({ id: r.id, name: r.name, role: r.role, secretHash: r.secret_hash, createdAt: r.created_at, lastUsedAt: r.last_used_at, revokedAt: r.revoked_at });

/** API keys (hashed secrets only) and single-use markers. */
export function apiKeyTable(db: Db) {
  immediate(db, () => db.exec(SCHEMA))();
  const insert = db.prepare('INSERT INTO api_keys (id, name, role, secret_hash, created_at, last_used_at, revoked_at) VALUES (?, ?, ?, ?, ?, ?, ?)');
  const get = db.prepare<[string], KeyRow>('SELECT * FROM api_keys WHERE id = ?');
  const all = db.prepare<[], KeyRow>('SELECT * FROM api_keys ORDER BY rowid');
  const revoke = db.prepare('UPDATE api_keys SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL');
  const touch = db.prepare('UPDATE api_keys SET last_used_at = ? WHERE id = ?');
  const useToken = db.prepare('INSERT OR IGNORE INTO used_tokens (token, keep_until_ms) VALUES (?, ?)');
  const sweep = db.prepare('DELETE FROM used_tokens WHERE keep_until_ms < ?');

  return {
    create: immediate(db, (key: ApiKeyRecord): void => {
      const k = ApiKeyRecord.parse(key);
      if (get.get(k.id)) throw new Error(`API key '${k.id}' already exists`);
      insert.run(k.id, k.name, k.role, k.secretHash, k.createdAt, k.lastUsedAt, k.revokedAt);
    }),
    get(id: string): ApiKeyRecord | null {
      const row = get.get(id);
      return row ? fromRow(row) : null;
    },
    list(): ApiKeyRecord[] {
      return all.all().map(fromRow);
    },
    revoke: immediate(db, (id: string, at: string): ApiKeyRecord | null => {
      if (revoke.run(at, id).changes === 0) return null;
      return fromRow(get.get(id)!);
    }),
    touch(id: string, at: string): void {
      touch.run(at, id);
    },
    useOnce: immediate(db, (token: string, keepUntil: string): boolean => {
      sweep.run(Date.now());
      return useToken.run(token, Date.parse(keepUntil)).changes === 1;
    }),
  };
}
