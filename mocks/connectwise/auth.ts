import { timingSafeEqual } from 'node:crypto';
import { cwError } from './cw-errors.js';
import type { CwMember } from './types.js';

/** The API member's keys as ConnectWise issues them, plus the vendor's clientId. */
export interface ConnectWiseCredentials {
  companyId: string;
  publicKey: string;
  privateKey: string;
  clientId: string;
}

/** API keys of another member (a technician's own keys, an email connector). */
export interface MemberKeys {
  identifier?: string;
  publicKey: string;
  privateKey: string;
}

export function basicAuthorization(c: Pick<ConnectWiseCredentials, 'companyId' | 'publicKey' | 'privateKey'>): string {
  return `Basic ${Buffer.from(`${c.companyId}+${c.publicKey}:${c.privateKey}`).toString('base64')}`;
}

/** Headers a correct client sends; handy for tests and the sandbox. */
export function authHeaders(c: ConnectWiseCredentials): Record<string, string> {
  return { Authorization: basicAuthorization(c), clientId: c.clientId };
}

function same(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

/**
 * Checks `Authorization: Basic base64("{companyId}+{publicKey}:{privateKey}")` and the
 * `clientId` header. Returns the API member the keys belong to, or a CW-style 401.
 */
export function authenticate(request: Request, credentials: ConnectWiseCredentials, apiMember: CwMember, others: { keys: MemberKeys; member: CwMember }[] = []): CwMember | Response {
  const header = request.headers.get('authorization') ?? '';
  const match = /^Basic\s+([A-Za-z0-9+/=]+)$/i.exec(header.trim());
  if (!match?.[1]) return cwError(401, 'Unauthorized', 'Authorization header is missing or is not Basic authentication.');
  const decoded = Buffer.from(match[1], 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  const user = colon < 0 ? decoded : decoded.slice(0, colon);
  const privateKey = colon < 0 ? '' : decoded.slice(colon + 1);
  const plus = user.indexOf('+');
  const companyId = plus < 0 ? '' : user.slice(0, plus);
  const publicKey = plus < 0 ? '' : user.slice(plus + 1);
  const matches = (k: MemberKeys) => same(publicKey, k.publicKey) && same(privateKey, k.privateKey);
  const companyOk = companyId.toLowerCase() === credentials.companyId.toLowerCase();
  // Keys identify the member: the integration's API member, or another member with its own keys.
  const member = !companyOk ? undefined : matches(credentials) ? apiMember : others.find((o) => matches(o.keys))?.member;
  if (!member) return cwError(401, 'Unauthorized', 'The API keys or company id are not valid.');
  const clientId = request.headers.get('clientid');
  if (!clientId || clientId !== credentials.clientId) return cwError(401, 'Unauthorized', 'The clientId header is missing or not recognised.');
  return member;
}
