import { z } from 'zod';
import { Role } from '../auth/roles.js';

/**
 * An admin API key as stored: never the secret, only its sha256. The key a person holds is
 * `tfx_<id>_<secret>` (src/auth/api-keys.ts); the id finds the record, the hash checks the secret.
 */
export const ApiKeyRecord = z.object({
  id: z.string().regex(/^[A-Za-z0-9]{6,64}$/),
  name: z.string().min(1).max(100),
  role: Role,
  /** sha256 of the secret part, hex. */
  secretHash: z.string().regex(/^[0-9a-f]{64}$/),
  createdAt: z.string(),
  lastUsedAt: z.string().nullable(),
  revokedAt: z.string().nullable(),
});
export type ApiKeyRecord = z.infer<typeof ApiKeyRecord>;

/** The part of the Store that holds API keys and single-use markers (approval links). */
export interface ApiKeyStore {
  /** Inserts a new key; rejects when the id exists. */
  createApiKey(key: ApiKeyRecord): Promise<void>;
  getApiKey(id: string): Promise<ApiKeyRecord | null>;
  /** Every key, revoked ones included, oldest first. */
  listApiKeys(): Promise<ApiKeyRecord[]>;
  /** Marks the key revoked, only if it exists and is not revoked yet; returns the updated record or null. */
  revokeApiKey(id: string, at: string): Promise<ApiKeyRecord | null>;
  /** Records the last time the key was used (best effort, not a guard). */
  touchApiKey(id: string, at: string): Promise<void>;
  /**
   * Atomically marks `token` used; true only for the first caller across every process.
   * The marker is kept until `keepUntil` (ISO; after that the token has expired anyway).
   */
  useOnce(token: string, keepUntil: string): Promise<boolean>;
}
