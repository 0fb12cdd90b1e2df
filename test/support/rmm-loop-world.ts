import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pino } from 'pino';
import { ConnectWisePsaAdapter } from '../../integrations/connectwise/connectwise-psa-adapter.js';
import { connectWiseTestSetup } from './connectwise/test-kit.js';
import { remediations } from '../../remediations/index.js';
import { AppConfig, type AppConfigInput } from '../../src/config/schema.js';
import type { EngineDeps } from '../../src/engine/deps.js';
import { createEngine, type Engine } from '../../src/engine/engine.js';
import type { RmmAlert } from '../../src/model/rmm.js';
import type { Run } from '../../src/model/run.js';
import type { Signal } from '../../src/model/signal.js';
import { openStore } from '../../src/store/open-store.js';
import type { OutboxItem, Store } from '../../src/store/store.js';
import { FakeRmm } from './fake-rmm.js';
import { RmmCannotActError } from '../../integrations/rmm-integration.js';
import type { RmmAdapter } from '../../src/model/rmm.js';

export const RMM_ID = 'rmm-1';
/** A generic signed-callback installation for Contoso: no API, so nothing can be done through it. */
export const GENERIC_ID = 'gen-1';
/** The MSP's own company in the simulated ConnectWise: where alerts of unmapped devices are ticketed. */
export const MSP_COMPANY = 19300;

export interface RmmLoopWorld {
  cw: ReturnType<typeof connectWiseTestSetup>;
  rmm: FakeRmm;
  store: Store;
  engine: Engine;
  deps: EngineDeps;
  config: AppConfig;
  /** The test clock (ms); advance it to pass settle and recurring windows. */
  clock: { now: number };
  /** Delivers an alert as the RMM webhook would (stored first, then handled). */
  alert(a: Partial<RmmAlert> & { alertId: string }, o?: { deliveryKey?: string; installationId?: string }): Promise<Run | null>;
  runs(): Promise<Run[]>;
  outbox(runId: string): Promise<OutboxItem[]>;
  close(): Promise<void>;
}

/** Contoso (org-contoso) and Fabrikam (org-fabrikam) on one ConnectWise and one (fake) RMM. */
export function rmmLoopConfig(over: { serviceRestart?: Record<string, unknown>; softwareInstall?: Record<string, unknown>; contoso?: Record<string, unknown> } = {}, installation: unknown): AppConfigInput {
  return {
    installations: [installation as AppConfigInput['installations'][number]],
    rmms: [
      { id: RMM_ID, rmm: 'tactical', tactical: { apiUrl: 'https://rmm.example.test', apiKeyEnv: 'RMM_KEY', webhookSecretEnv: 'RMM_SECRET' } },
      { id: GENERIC_ID, rmm: 'generic', generic: { secretEnv: 'GEN_SECRET', organisationId: 'gen-org-contoso' } },
    ],
    unmappedRmmDevices: { [RMM_ID]: { psaInstallationId: 'acme', companyId: String(MSP_COMPANY) } },
    clients: [
      {
        id: 'contoso',
        name: 'Contoso Ltd',
        psa: [{ installationId: 'acme', companyIds: ['250'] }],
        rmm: [
          { installationId: RMM_ID, organisationIds: ['org-contoso'] },
          { installationId: GENERIC_ID, organisationIds: ['gen-org-contoso'] },
        ],
        remediations: {
          'service-restart': { cooldownSeconds: 0, maxTargets: 5, settings: { allowList: { 'Head Office': ['Spooler'], '*': ['W32Time'] }, settleSeconds: 0, recurring: { maxRestarts: 3, windowMinutes: 60 }, ...over.serviceRestart } },
          'software-install': { settings: { catalogue: { Zoom: { manager: 'choco', id: 'zoom' }, '7-Zip': { manager: 'winget', id: '7zip.7zip' } }, outOfCatalogue: 'escalate', ...over.softwareInstall } },
        },
        ...over.contoso,
      },
      { id: 'fabrikam', name: 'Fabrikam Inc', psa: [{ installationId: 'acme', companyIds: ['251'] }], rmm: { installationId: RMM_ID, organisationIds: ['org-fabrikam'] } },
    ],
  };
}

export async function rmmLoopWorld(o: { config?: (installation: unknown) => AppConfigInput } = {}): Promise<RmmLoopWorld> {
  const cw = connectWiseTestSetup();
  cw.sim.state.companies.push({ ...cw.sim.state.companies[0]!, id: MSP_COMPANY, identifier: 'SandboxMSP', name: 'Sandbox MSP (own company)' });
  const config = AppConfig.parse((o.config ?? ((i) => rmmLoopConfig({}, i)))(cw.installation));
  const rmm = new FakeRmm(RMM_ID)
    .addDevice({ id: 'dev-ws01', name: 'CONTOSO-WS01', organisationId: 'org-contoso', group: 'Head Office', online: true, deviceClass: 'workstation' }, { Spooler: 'stopped', W32Time: 'running', BadSvc: 'stopped' }, [{ name: 'Google Chrome', version: '131', packageId: 'googlechrome' }])
    .addDevice({ id: 'dev-fab01', name: 'FABRIKAM-WS01', organisationId: 'org-fabrikam', group: 'Main', online: true }, { Spooler: 'stopped' })
    .addDevice({ id: 'dev-lab01', name: 'LAB-PC01', organisationId: 'org-lab', group: 'Lab', online: true }, { Spooler: 'stopped' });
  const store = await openStore({ dataDir: mkdtempSync(join(tmpdir(), 'tfx-rmm-loop-')) });
  const clock = { now: Date.now() };
  const psa = new ConnectWisePsaAdapter({ installation: cw.installation as never, clientOptions: cw.clientOptions });
  let seq = 0;
  const deps: EngineDeps = {
    store,
    config,
    remediations,
    psa: (id) => {
      if (id !== 'acme') throw new Error(`unknown installation '${id}'`);
      return psa;
    },
    rmm: (id) => {
      if (id === GENERIC_ID) return cannotAct;
      if (id !== RMM_ID) throw new Error(`unknown RMM installation '${id}'`);
      return rmm;
    },
    clock: () => new Date(clock.now),
    newId: () => `id-${++seq}`,
    instanceId: 'test-instance',
    log: pino({ level: 'silent' }),
  };
  const engine = createEngine(deps);
  let signals = 0;
  const refuse = (op: string) => () => Promise.reject(new RmmCannotActError(GENERIC_ID, op));
  const cannotAct: RmmAdapter = { rmm: 'generic', installationId: GENERIC_ID, getDevice: refuse('reading the device'), getService: refuse('reading the service'), restartService: refuse('restarting a service'), listSoftware: refuse('reading the software inventory'), installSoftware: refuse('installing software'), uninstallSoftware: refuse('uninstalling software') };
  return {
    cw,
    rmm,
    store,
    engine,
    deps,
    config,
    clock,
    async alert(a, opts: { deliveryKey?: string; installationId?: string } = {}) {
      const alert: RmmAlert = { rmm: 'tactical', status: 'failing', category: 'service_stopped', deviceId: 'dev-ws01', serviceName: 'Spooler', message: 'Service Print Spooler stopped', ...a };
      const signal: Signal = {
        id: `sig-${++signals}`,
        installationId: opts.installationId ?? RMM_ID,
        source: opts.installationId === GENERIC_ID ? 'generic' : 'tactical',
        kind: 'alert',
        deliveryKey: opts.deliveryKey ?? `tactical:${alert.alertId}:${alert.status}`,
        action: alert.status,
        alert,
        receivedAt: new Date(clock.now).toISOString(),
      };
      const put = await store.putSignal(signal);
      return engine.handleSignal(put.signal.id);
    },
    runs: () => store.listRuns({}),
    outbox: (runId) => store.listOutbox({ runId }),
    close: () => store.close(),
  };
}

/** The note text queued for a run (what the PSA will receive). */
export const notesQueued = (items: OutboxItem[]): string[] => items.filter((i) => i.kind === 'note').map((i) => String(i.payload.text));
export const statusQueued = (items: OutboxItem[]): string[] => items.filter((i) => i.kind === 'status').map((i) => String(i.payload.statusName));
