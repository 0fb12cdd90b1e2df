import { vi, type MockInstance } from 'vitest';
import { basicAuthorization } from '../../../mocks/connectwise/auth.js';
import { SimTokenIssuer } from '../../../mocks/m365/sim-tokens.js';
import { SANDBOX_CW, SANDBOX_DISPATCHER, SANDBOX_SECRETS } from '../../../src/sandbox/sandbox-config.js';
import { SANDBOX_RMM_SECRETS } from '../../../src/sandbox/sandbox-rmm.js';
import type { Sandbox } from '../../../src/sandbox/start-sandbox.js';
import type { Secret } from './scan-for-secrets.js';

/**
 * Records every access token the Microsoft 365 simulator issues (a spy on the issuer, so
 * nothing in mocks/ changes). Start it before the sandbox; `tokens()` lists what was issued.
 */
export function recordIssuedTokens(): { tokens(): string[]; restore(): void } {
  const spy: MockInstance<SimTokenIssuer['issue']> = vi.spyOn(SimTokenIssuer.prototype, 'issue');
  return {
    tokens: () => spy.mock.results.flatMap((r) => (r.type === 'return' ? [r.value.token] : [])),
    restore: () => spy.mockRestore(),
  };
}

/** Every secret a sandbox holds: API keys and their Basic headers, signing keys, the M365 secret, tokens, the admin token. */
export function sandboxSecrets(sb: Sandbox, issuedTokens: readonly string[] = []): Secret[] {
  type Keys = { companyId: string; publicKey: string; privateKey: string };
  const app: Keys = { companyId: SANDBOX_CW.companyId, publicKey: SANDBOX_SECRETS.SANDBOX_CW_PUBLIC_KEY, privateKey: SANDBOX_SECRETS.SANDBOX_CW_PRIVATE_KEY };
  const dispatcher: Keys = { companyId: SANDBOX_CW.companyId, publicKey: SANDBOX_DISPATCHER.publicKey, privateKey: SANDBOX_DISPATCHER.privateKey };
  const basic = (c: Keys) => basicAuthorization(c).slice('Basic '.length);
  return [
    { name: 'ConnectWise public key', value: app.publicKey },
    { name: 'ConnectWise private key', value: app.privateKey },
    { name: 'ConnectWise Basic credentials', value: basic(app) },
    { name: 'dispatcher public key', value: dispatcher.publicKey },
    { name: 'dispatcher private key', value: dispatcher.privateKey },
    { name: 'dispatcher Basic credentials', value: basic(dispatcher) },
    ...[...sb.connectwise.state.signingKeys.values()].map((value, i) => ({ name: `callback signing key #${i}`, value, minFragment: 12 })),
    // The app's configured secret (a test may rotate the simulator's copy to provoke failures).
    { name: 'M365 client secret', value: SANDBOX_SECRETS.SANDBOX_M365_CLIENT_SECRET },
    ...issuedTokens.map((value, i) => ({ name: `M365 access token #${i}`, value, minFragment: 24 })),
    { name: 'admin token', value: sb.app.adminToken, minFragment: 12 },
    // The RMM simulators' API keys, client secrets and webhook secrets (sandbox-rmm.ts).
    ...Object.entries(SANDBOX_RMM_SECRETS).map(([name, value]) => ({ name: `RMM ${name}`, value })),
  ];
}
