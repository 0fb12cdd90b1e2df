import type { DemoWorld } from '../demo-data.js';
import { DISPATCHER_AGENT_ID } from './seed-state.js';
import { createHaloSimulator, type HaloSimulator } from './simulator.js';

/** Where the sandbox serves the simulated Halo instance (resource server and auth server). */
export function sandboxHaloUrls(origin: string): { halopsa: string; halopsaAuth: string } {
  return { halopsa: `${origin}/sim/halopsa/api`, halopsaAuth: `${origin}/sim/halopsa/auth` };
}

/** Fixed, non-secret identifiers of the sandbox's Halo instance (secrets are passed in). */
export const SANDBOX_HALO = {
  tenant: 'sandboxmsp',
  clientId: '5d1c9a5e-0b7f-4c55-9d3e-7a4e2f1b6c01',
  agentId: 35,
  dispatcherClientId: 'sandbox-dispatcher',
} as const;

/**
 * The sandbox's simulated HaloPSA: our API application (logging in as agent 35, whose own
 * changes fire no webhooks) and a dispatcher application (agent 2) for the person driving the
 * sandbox, whose tickets and updates do fire them.
 */
export function createSandboxHaloSimulator(o: { origin: string; world: DemoWorld; clientSecret: string; dispatcherSecret: string }): HaloSimulator {
  return createHaloSimulator({
    baseUrl: sandboxHaloUrls(o.origin).halopsa,
    tenant: SANDBOX_HALO.tenant,
    world: o.world,
    app: { clientId: SANDBOX_HALO.clientId, clientSecret: o.clientSecret, scopes: ['all'] },
    agentId: SANDBOX_HALO.agentId,
    otherApps: [{ clientId: SANDBOX_HALO.dispatcherClientId, clientSecret: o.dispatcherSecret, scopes: ['all'], agentId: DISPATCHER_AGENT_ID }],
  });
}
