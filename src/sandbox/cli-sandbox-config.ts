import { demoWorld } from '../../mocks/demo-data.js';
import { SIM_M365_APP } from '../../mocks/m365/index.js';
import { remediations } from '../../remediations/index.js';
import type { Env } from '../../integrations/psa-integration.js';
import { parseConfig } from '../config/load-config.js';
import type { AppConfig } from '../config/schema.js';
import { SANDBOX_SECRETS, sandboxConfig, sandboxUrls } from './sandbox-config.js';

/**
 * The config of the sandbox running at `origin` (its simulated credentials are fixed). Part of the
 * sandbox entry: the CLI loads it with a dynamic import, so a real install never loads the simulators.
 */
export function sandboxCliConfig(origin: string, port: number): { config: AppConfig; env: Env } {
  const config = parseConfig(sandboxConfig(port, sandboxUrls(origin), demoWorld(), SIM_M365_APP.clientId), remediations, 'sandbox config', { allowHttpLoopback: true });
  return { config, env: { ...process.env, ...SANDBOX_SECRETS } };
}
