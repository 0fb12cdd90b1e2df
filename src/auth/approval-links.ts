import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Approval } from '../store/store.js';

/**
 * Signed approval links for the note that announces a pending approval. The token names the
 * approval and carries its own expiry; the HMAC covers both plus the approval's plan hash, so a
 * link issued for one plan can never approve another. Single use is enforced in the store
 * (useOnce on the link id) when a decision is made with it, not when it is opened: PSA and mail
 * previewers fetch links on their own.
 */
export interface LinkClaims {
  linkId: string;
  approvalId: string;
  expiresAt: string;
}

export type LinkCheck = { ok: true; claims: LinkClaims } | { ok: false; status: 400 | 410; message: string };

/** The path an approver opens; the page there signs in with an API key. */
export const APPROVAL_LINK_PATH = '/approve';

const b64 = (buf: Buffer): string => buf.toString('base64url');
const ID = /^[A-Za-z0-9_-]{1,100}$/;

function mac(secret: string, linkId: string, approvalId: string, expiresMs: number, planHash: string): Buffer {
  return createHmac('sha256', secret).update(`ticketfix-approval-link\n${linkId}\n${approvalId}\n${expiresMs}\n${planHash}`).digest();
}

export interface ApprovalLinkSigner {
  /** The token for a new link to this approval (valid until the approval expires). */
  sign(approval: Pick<Approval, 'id' | 'planHash' | 'expiresAt'>): string;
  /** The full URL of the page for a token. */
  url(token: string): string;
  /** Checks the token's shape and expiry, then its signature against the approval it names. */
  verify(token: string, approval: (id: string) => Promise<Pick<Approval, 'planHash'> | null>, now: Date): Promise<LinkCheck>;
}

/** Reads a token's claims without trusting them (the signature is checked by `verify`). */
export function parseLinkToken(token: string): (LinkClaims & { expiresMs: number; sig: string }) | null {
  const parts = token.split('.');
  if (parts.length !== 4) return null;
  const [linkId, approvalId, expires, sig] = parts as [string, string, string, string];
  if (!ID.test(linkId) || !ID.test(approvalId) || !/^\d{1,15}$/.test(expires) || !/^[A-Za-z0-9_-]{43}$/.test(sig)) return null;
  const expiresMs = Number(expires);
  return { linkId, approvalId, expiresAt: new Date(expiresMs).toISOString(), expiresMs, sig };
}

export function createApprovalLinkSigner(secret: string, publicUrl: string): ApprovalLinkSigner {
  if (secret.length < 32) throw new Error('the approval link secret must be at least 32 characters');
  const base = publicUrl.replace(/\/$/, '');
  return {
    sign(approval) {
      const linkId = b64(randomBytes(12));
      const expiresMs = Date.parse(approval.expiresAt);
      return `${linkId}.${approval.id}.${expiresMs}.${b64(mac(secret, linkId, approval.id, expiresMs, approval.planHash))}`;
    },
    url: (token) => `${base}${APPROVAL_LINK_PATH}/${encodeURIComponent(token)}`,
    async verify(token, approvalOf, now) {
      const t = parseLinkToken(token);
      if (!t) return { ok: false, status: 400, message: 'this is not an approval link' };
      const approval = await approvalOf(t.approvalId);
      // Compared as canonical text, not decoded bytes: the last base64url character carries two
      // spare bits, so several spellings decode to the same signature and only ours is valid.
      const want = Buffer.from(b64(mac(secret, t.linkId, t.approvalId, t.expiresMs, approval?.planHash ?? '')));
      const got = Buffer.from(t.sig);
      // The same answer for a forged link and a link to an approval that does not exist.
      if (!approval || got.length !== want.length || !timingSafeEqual(got, want)) return { ok: false, status: 400, message: 'this approval link is not valid' };
      if (now.getTime() >= t.expiresMs) return { ok: false, status: 410, message: `this approval link expired at ${t.expiresAt}` };
      return { ok: true, claims: { linkId: t.linkId, approvalId: t.approvalId, expiresAt: t.expiresAt } };
    },
  };
}

/**
 * The signer for this app, from the env var the config names (`approvalLinkSecretEnv`). Unset:
 * no links (notes keep the CLI/API instructions). Every instance must share the same secret.
 */
export function approvalLinkSignerFromEnv(env: Record<string, string | undefined>, config: { approvalLinkSecretEnv: string; publicUrl: string }, log: { info: (o: object, msg: string) => void }): ApprovalLinkSigner | undefined {
  const secret = env[config.approvalLinkSecretEnv];
  if (!secret) {
    log.info({ env: config.approvalLinkSecretEnv }, 'approval notes carry no sign-in link: the link signing secret is not set');
    return undefined;
  }
  if (secret.length < 32) throw new Error(`${config.approvalLinkSecretEnv} must be at least 32 characters (it signs the approval links in ticket notes)`);
  return createApprovalLinkSigner(secret, config.publicUrl);
}
