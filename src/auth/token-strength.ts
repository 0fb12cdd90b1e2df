/** The shortest admin or metrics token accepted: 32 characters, e.g. `openssl rand -hex 32` gives 64. */
export const MIN_TOKEN_LENGTH = 32;

/**
 * Refuses, at start, a configured bearer token too short to resist guessing. `tokens` maps the
 * environment variable (or option) a token came from to its value; unset ones are skipped. The
 * error names the variable and the length needed, never the value.
 */
export function assertStrongTokens(tokens: Record<string, string | undefined>): void {
  const weak = Object.entries(tokens)
    .filter(([, v]) => v !== undefined && v !== '' && v.length < MIN_TOKEN_LENGTH)
    .map(([name, v]) => `${name} is ${v!.length} characters`);
  if (weak.length === 0) return;
  throw new Error(`refusing to start: ${weak.join('; ')}; a bearer token must be at least ${MIN_TOKEN_LENGTH} characters (e.g. openssl rand -hex 32)`);
}

/**
 * The start-time check for the tokens an operator configures: the admin token from the
 * environment (when no token is passed in by the embedding code, e.g. the sandbox's random one)
 * and the metrics-only token, from the option or the environment.
 */
export function assertStartTokens(env: Record<string, string | undefined>, adminTokenEnv: string, o: { adminToken?: string; metricsToken?: string }): void {
  assertStrongTokens({
    [adminTokenEnv]: o.adminToken === undefined ? env[adminTokenEnv] : undefined,
    [o.metricsToken === undefined ? 'TICKETFIX_METRICS_TOKEN' : 'the metricsToken option']: o.metricsToken ?? env.TICKETFIX_METRICS_TOKEN,
  });
}
