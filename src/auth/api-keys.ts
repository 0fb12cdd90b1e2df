import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { ApiKeyRecord } from '../store/api-keys.js';
import type { Store } from '../store/store.js';
import type { Principal, Role } from './roles.js';

/**
 * Admin API keys: `tfx_<id>_<secret>`. The id (public, finds the record) and the secret
 * (shown once at creation) are random hex; only sha256(secret) is stored.
 */
const KEY_FORMAT = /^tfx_([0-9a-f]{12})_([0-9a-f]{48})$/;

export const hashSecret = (secret: string): string => createHash('sha256').update(secret).digest('hex');

export interface NewApiKey {
  /** The full key: give it to its holder once, never store or log it. */
  key: string;
  record: ApiKeyRecord;
}

/** Makes a key and its record (not stored yet). */
export function generateApiKey(name: string, role: Role, now: Date): NewApiKey {
  const id = randomBytes(6).toString('hex');
  const secret = randomBytes(24).toString('hex');
  return {
    key: `tfx_${id}_${secret}`,
    record: { id, name, role, secretHash: hashSecret(secret), createdAt: now.toISOString(), lastUsedAt: null, revokedAt: null },
  };
}

/** Creates and stores a key, and audits who made it; returns the key to show once. */
export async function createApiKey(store: Store, name: string, role: Role, actor: string, now: Date): Promise<NewApiKey> {
  const made = generateApiKey(name, role, now);
  await store.createApiKey(made.record);
  await store.appendAudit({ type: 'api_key.created', runId: null, ticketId: null, clientId: null, remediationId: null, outcome: null, actor, data: { keyId: made.record.id, name, role } });
  return made;
}

/** Revokes a key (audited); null when there is no such key or it was already revoked. */
export async function revokeApiKey(store: Store, id: string, actor: string, now: Date): Promise<ApiKeyRecord | null> {
  const revoked = await store.revokeApiKey(id, now.toISOString());
  if (revoked) await store.appendAudit({ type: 'api_key.revoked', runId: null, ticketId: null, clientId: null, remediationId: null, outcome: null, actor, data: { keyId: id, name: revoked.name } });
  return revoked;
}

export function parseApiKey(key: string): { id: string; secret: string } | null {
  const m = KEY_FORMAT.exec(key);
  return m ? { id: m[1]!, secret: m[2]! } : null;
}

/** The key's record stripped of its hash: what the API and CLI show. */
export const publicKeyView = (k: ApiKeyRecord) => ({ id: k.id, name: k.name, role: k.role, createdAt: k.createdAt, lastUsedAt: k.lastUsedAt, revokedAt: k.revokedAt });

/**
 * Resolves a presented key to its holder, or null (unknown id, wrong secret, revoked).
 * The hash comparison is constant-time; the last use is recorded (to the minute).
 */
export async function verifyApiKey(store: Store, presented: string, now: Date): Promise<Principal | null> {
  const parsed = parseApiKey(presented);
  if (!parsed) return null;
  const record = await store.getApiKey(parsed.id);
  if (!record || record.revokedAt !== null) return null;
  const want = Buffer.from(record.secretHash, 'hex');
  const got = createHash('sha256').update(parsed.secret).digest();
  if (want.length !== got.length || !timingSafeEqual(want, got)) return null;
  // At most one write a minute per key: every request would otherwise be a synced write.
  if (record.lastUsedAt === null || now.getTime() - Date.parse(record.lastUsedAt) >= 60_000) await store.touchApiKey(record.id, now.toISOString());
  return { keyId: record.id, name: record.name, role: record.role };
}
