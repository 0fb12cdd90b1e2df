import type { M365Config } from '../../src/config/schema.js';

/**
 * Reads the app's client secret from the environment variable config names. Errors name the
 * variable, never its value.
 */
export function readClientSecret(config: Pick<M365Config, 'clientSecretEnv'>, env: Readonly<Record<string, string | undefined>>): string {
  const secret = env[config.clientSecretEnv];
  if (!secret) throw new Error(`Microsoft 365 client secret: environment variable ${config.clientSecretEnv} is not set`);
  return secret;
}

/** Removes the secret from a message, should any upstream error ever echo it. */
export function withoutSecret(message: string, secret: string): string {
  return secret.length >= 4 ? message.split(secret).join('[redacted]') : message;
}
