import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'node:crypto';

/**
 * Seals a secret with a key derived from the link token itself (HKDF-SHA256, AES-256-GCM).
 * The store keeps the ciphertext and a hash of the token, never the token: a copy of the store
 * (SQLite file, Redis dump) cannot open a link, and every instance sharing the store can serve
 * it without a shared server key.
 */
export interface SealedSecret {
  salt: string;
  iv: string;
  tag: string;
  ciphertext: string;
}

const key = (token: string, salt: Buffer) => Buffer.from(hkdfSync('sha256', Buffer.from(token, 'utf8'), salt, 'ticketfix one-time secret link v1', 32));

export function seal(token: string, secret: string): SealedSecret {
  const salt = randomBytes(16);
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', key(token, salt), iv);
  const ciphertext = Buffer.concat([cipher.update(secret, 'utf8'), cipher.final()]);
  return { salt: salt.toString('base64'), iv: iv.toString('base64'), tag: cipher.getAuthTag().toString('base64'), ciphertext: ciphertext.toString('base64') };
}

/** null when the token does not open this box (tampered data or another token). */
export function open(token: string, box: SealedSecret): string | null {
  try {
    const decipher = createDecipheriv('aes-256-gcm', key(token, Buffer.from(box.salt, 'base64')), Buffer.from(box.iv, 'base64'));
    decipher.setAuthTag(Buffer.from(box.tag, 'base64'));
    return Buffer.concat([decipher.update(Buffer.from(box.ciphertext, 'base64')), decipher.final()]).toString('utf8');
  } catch {
    return null;
  }
}
