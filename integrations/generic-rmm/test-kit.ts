import { GenericRmmInstallation } from './installation-schema.js';
import { signCallback } from './verify-signature.js';

export const GENERIC_TEST_ENV = { GENERIC_SECRET: 'generic-test-secret-0123456789abcdef' };

export const genericTestInstall = (id = 'gen-a', over: Partial<GenericRmmInstallation['generic']> = {}) =>
  GenericRmmInstallation.parse({ id, rmm: 'generic', generic: { secretEnv: 'GENERIC_SECRET', organisationId: 'org-acme', ...over } });

/** Headers a correct sender sends for `body` at `atMs`. */
export function signedHeaders(body: string, atMs = Date.now(), secret = GENERIC_TEST_ENV.GENERIC_SECRET): Record<string, string> {
  const ts = String(Math.floor(atMs / 1000));
  return { 'X-Ticketfix-Timestamp': ts, 'X-Ticketfix-Signature': signCallback(secret, ts, Buffer.from(body, 'utf8')) };
}
