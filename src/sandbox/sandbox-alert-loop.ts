import type { ConnectWiseState } from '../../mocks/connectwise/seed-state.js';
import { DEMO_KIOSK_SERVICE } from '../../mocks/demo-data.js';
import type { RemediationPolicyInput } from '../model/client.js';

/**
 * The sandbox's alert-loop settings: each client's known-issue allow-list and software
 * catalogue, and the MSP's own company where alerts of unmapped devices are ticketed.
 */
export const SANDBOX_MSP_COMPANY = { id: 19300, identifier: 'SandboxMSP', name: 'Sandbox MSP (own company)' } as const;

/** Adds the MSP's own company to the simulated ConnectWise (unmapped devices' alerts are ticketed there). */
export function addSandboxMspCompany(state: ConnectWiseState): void {
  if (state.companies.some((c) => c.id === SANDBOX_MSP_COMPANY.id)) return;
  const now = new Date().toISOString();
  state.companies.push({ ...SANDBOX_MSP_COMPANY, status: { id: 1, name: 'Active' }, deletedFlag: false, _info: { lastUpdated: now, updatedBy: 'seed', dateEntered: now, enteredBy: 'seed' } });
}

/** Every sandbox RMM sends unmapped devices' alerts to the MSP company on the sandbox ConnectWise. */
export function sandboxUnmappedRmmDevices(rmmIds: readonly string[]) {
  return Object.fromEntries(rmmIds.map((id) => [id, { psaInstallationId: 'sandbox-cw', companyId: String(SANDBOX_MSP_COMPANY.id) }]));
}

/**
 * Per client: Spooler and W32Time are known issues everywhere; the line-of-business agents are
 * not (their alerts escalate). A short settle window keeps the demo quick; the storm window is a minute.
 */
export function sandboxAlertRemediations(clientId: string): Record<string, RemediationPolicyInput> {
  // Contoso's kiosks (demo data) run a shell host that is a known issue: restarted when it stops.
  const extra = clientId === 'fabrikam' ? ['FabrikamSync'] : clientId === 'contoso' ? [DEMO_KIOSK_SERVICE] : [];
  return {
    'service-restart': {
      maxTargets: 5,
      cooldownSeconds: 0,
      settings: { allowList: { '*': ['Spooler', 'W32Time', ...extra] }, settleSeconds: 2, stormWindowSeconds: 60, recurring: { maxRestarts: 3, windowMinutes: 60 } },
    },
    'software-install': {
      settings: {
        catalogue: {
          'Google Chrome': { manager: 'choco', id: 'googlechrome' },
          '7-Zip': { manager: 'choco', id: '7zip' },
          'Notepad++': { manager: 'choco', id: 'notepadplusplus' },
          'Adobe Acrobat Reader': { manager: 'choco', id: 'adobereader' },
        },
        outOfCatalogue: 'escalate',
      },
    },
  };
}
