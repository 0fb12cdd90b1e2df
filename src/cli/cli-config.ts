import { demoWorld } from '../../mocks/demo-data.js';
import { SIM_M365_APP } from '../../mocks/m365/index.js';
import { remediations } from '../../remediations/index.js';
import type { Env } from '../../integrations/psa-integration.js';
import { loadConfigFile, parseConfig } from '../config/load-config.js';
import type { AppConfig } from '../config/schema.js';
import { SANDBOX_SECRETS, sandboxConfig, sandboxUrls } from '../sandbox/sandbox-config.js';

/**
 * The config a one-off CLI command works with: --config / $TICKETFIX_CONFIG for a real install,
 * else the sandbox running at --sandbox-url (its simulated credentials are fixed).
 */
export function cliConfig(o: { config?: string; sandboxUrl?: string }): { config: AppConfig; env: Env } {
  const file = o.config ?? process.env.TICKETFIX_CONFIG;
  if (file) return { config: loadConfigFile(file, remediations), env: process.env };
  const origin = (o.sandboxUrl ?? 'http://127.0.0.1:3000').replace(/\/$/, '');
  const port = Number(new URL(origin).port || 80);
  const config = parseConfig(sandboxConfig(port, sandboxUrls(origin), demoWorld(), SIM_M365_APP.clientId), remediations, 'sandbox config');
  return { config, env: { ...process.env, ...SANDBOX_SECRETS } };
}
