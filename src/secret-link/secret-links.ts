import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { z } from 'zod';
import type { Store } from '../store/store.js';
import { open, seal } from './secret-box.js';

/** Who the secret belongs to, for the audit trail of its opening (no secret in here). */
export const LinkSubject = z.object({
  runId: z.string().nullable(),
  ticketId: z.string().nullable(),
  clientId: z.string().nullable(),
  remediationId: z.string().nullable(),
  /** e.g. the user whose password it is. */
  about: z.string(),
});
export type LinkSubject = z.infer<typeof LinkSubject>;

const StoredLink = z.object({
  subject: LinkSubject,
  expiresAt: z.string(),
  box: z.object({ salt: z.string(), iv: z.string(), tag: z.string(), ciphertext: z.string() }).nullable(),
});
type StoredLink = z.infer<typeof StoredLink>;

export type OpenResult = { ok: true; secret: string; subject: LinkSubject } | { ok: false; reason: 'unknown' | 'expired' | 'already_opened'; subject: LinkSubject | null };

/** 32 random bytes, base64url: what the URL carries. */
const TOKEN = /^[A-Za-z0-9_-]{43}$/;
export const isLinkToken = (s: string): boolean => TOKEN.test(s);
/** The store key and the id audit events use: a hash, never the token. */
export const linkId = (token: string): string => createHash('sha256').update(token).digest('hex');
const kvKey = (id: string) => `secret-link:${id}`;
/** A link's record outlives its expiry a little, so a late opening is told "expired", not "unknown". */
const KEEP_AFTER_EXPIRY_MS = 7 * 24 * 3600_000;

export interface SecretLinks {
  /** Stores the sealed secret and returns the URL to hand out (once). */
  issue(secret: string, subject: LinkSubject, ttlMs: number): Promise<{ url: string; id: string; expiresAt: string }>;
  /** First opening within the expiry returns the secret and destroys it; later ones are refused. */
  open(token: string): Promise<OpenResult>;
}

export function createSecretLinks(o: { store: Store; publicUrl: string; clock: () => Date }): SecretLinks {
  const { store } = o;
  return {
    async issue(secret, subject, ttlMs) {
      const token = randomBytes(32).toString('base64url');
      const id = linkId(token);
      const expiresAt = new Date(o.clock().getTime() + ttlMs).toISOString();
      const record: StoredLink = { subject: LinkSubject.parse(subject), expiresAt, box: seal(token, secret) };
      await store.setKv(kvKey(id), record, ttlMs + KEEP_AFTER_EXPIRY_MS);
      return { url: `${o.publicUrl.replace(/\/$/, '')}/p/${token}`, id, expiresAt };
    },
    async open(token) {
      if (!isLinkToken(token)) return { ok: false, reason: 'unknown', subject: null };
      const id = linkId(token);
      const parsed = StoredLink.safeParse(await store.getKv(kvKey(id)));
      if (!parsed.success) return { ok: false, reason: 'unknown', subject: null };
      const record = parsed.data;
      const now = o.clock();
      if (now.getTime() >= Date.parse(record.expiresAt)) {
        if (record.box) await store.setKv(kvKey(id), { ...record, box: null }, KEEP_AFTER_EXPIRY_MS);
        return { ok: false, reason: 'expired', subject: record.subject };
      }
      // The claim is atomic across every instance sharing the store: exactly one opening wins.
      const until = new Date(Date.parse(record.expiresAt) + KEEP_AFTER_EXPIRY_MS).toISOString();
      const won = await store.claim(`secret-link-opened:${id}`, `opener-${randomUUID()}`, until, now.toISOString());
      if (!won.ok || !record.box) return { ok: false, reason: 'already_opened', subject: record.subject };
      const secret = open(token, record.box);
      await store.setKv(kvKey(id), { ...record, box: null }, KEEP_AFTER_EXPIRY_MS);
      if (secret === null) return { ok: false, reason: 'unknown', subject: record.subject };
      return { ok: true, secret, subject: record.subject };
    },
  };
}
