import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'node:crypto';
import { z } from 'zod';

/**
 * Seals what one step hands a later one when it is secret (a one-time link's URL) so it can be
 * kept in the store: AES-256-GCM under a key derived (HKDF-SHA256) from a secret in the app's
 * environment, never from anything stored beside the blob. A copy of the store alone cannot
 * open it; every instance configured with the same secret can. `context` is bound as associated
 * data, so a blob sealed for one run (or outbox item) does not open for another.
 */
export const SealedBlob = z.object({ v: z.literal(1), salt: z.string(), iv: z.string(), tag: z.string(), ciphertext: z.string() });
export type SealedBlob = z.infer<typeof SealedBlob>;

export interface Sealer {
  seal(context: string, values: Record<string, string>): SealedBlob;
  /** null when the blob was sealed under another key or context, or was altered. */
  open(context: string, blob: SealedBlob): Record<string, string> | null;
}

const INFO = 'ticketfix sealed run state v1';
const Values = z.record(z.string(), z.string());

export function createSealer(secret: string): Sealer {
  if (secret.length < 32) throw new Error('the sealing secret must be at least 32 characters');
  const keyFor = (salt: Buffer) => Buffer.from(hkdfSync('sha256', Buffer.from(secret, 'utf8'), salt, INFO, 32));
  return {
    seal(context, values) {
      const salt = randomBytes(16);
      const iv = randomBytes(12);
      const cipher = createCipheriv('aes-256-gcm', keyFor(salt), iv);
      cipher.setAAD(Buffer.from(context, 'utf8'));
      const ciphertext = Buffer.concat([cipher.update(JSON.stringify(Values.parse(values)), 'utf8'), cipher.final()]);
      return { v: 1, salt: salt.toString('base64'), iv: iv.toString('base64'), tag: cipher.getAuthTag().toString('base64'), ciphertext: ciphertext.toString('base64') };
    },
    open(context, blob) {
      try {
        const decipher = createDecipheriv('aes-256-gcm', keyFor(Buffer.from(blob.salt, 'base64')), Buffer.from(blob.iv, 'base64'));
        decipher.setAAD(Buffer.from(context, 'utf8'));
        decipher.setAuthTag(Buffer.from(blob.tag, 'base64'));
        const text = Buffer.concat([decipher.update(Buffer.from(blob.ciphertext, 'base64')), decipher.final()]).toString('utf8');
        return Values.parse(JSON.parse(text));
      } catch {
        return null;
      }
    },
  };
}

/**
 * The sealer of this app, keyed from the env var the config names for link secrets
 * (`approvalLinkSecretEnv`, default TICKETFIX_LINK_SECRET). Unset: nothing secret can be kept
 * between steps, so remediations that need to (password reset) refuse before changing anything.
 */
export function sealerFromEnv(env: Record<string, string | undefined>, config: { approvalLinkSecretEnv: string }): Sealer | undefined {
  const secret = env[config.approvalLinkSecretEnv];
  return secret && secret.length >= 32 ? createSealer(secret) : undefined;
}
