import { remediations } from '../../remediations/index.js';
import type { Env } from '../../integrations/psa-integration.js';
import { ConfigError, loadConfigFile } from '../config/load-config.js';
import { ALLOW_HTTP_LOOPBACK_ENV, isLoopbackHost } from '../http/outside-url-policy.js';
import type { AppConfig } from '../config/schema.js';

/**
 * The config a one-off CLI command works with: --config / $TICKETFIX_CONFIG for a real install,
 * else the sandbox running at --sandbox-url (its simulated credentials are fixed).
 */
export async function cliConfig(o: { config?: string; sandboxUrl?: string }): Promise<{ config: AppConfig; env: Env }> {
  const file = o.config ?? process.env.TICKETFIX_CONFIG;
  if (file) return { config: loadConfigFile(file, remediations), env: process.env };
  const origin = (o.sandboxUrl ?? 'http://127.0.0.1:3000').replace(/\/$/, '');
  const port = Number(new URL(origin).port || 80);
  // The running sandbox is reached over loopback http: only there, and only for this process.
  if (!isLoopbackHost(new URL(origin).hostname)) throw new ConfigError(`--sandbox-url ${origin}: the sandbox listens on a loopback address only`);
  process.env[ALLOW_HTTP_LOOPBACK_ENV] = '1';
  // Dynamic: the sandbox's demo data and simulators load only when the sandbox is what we talk to.
  const { sandboxCliConfig } = await import('../sandbox/cli-sandbox-config.js');
  return sandboxCliConfig(origin, port);
}
