import { describe, expect, it } from 'vitest';
import { connectWiseTestSetup } from './support/connectwise/test-kit.js';
import { AppConfig, type AppConfigInput } from '../src/config/schema.js';
import { GENERIC_ID, RMM_ID, rmmLoopConfig } from './support/rmm-loop-world.js';

// The trusted RMM mapping is checked when the config loads, with a message naming the problem.
const base = (): AppConfigInput => rmmLoopConfig({}, connectWiseTestSetup().installation);
const problems = (cfg: AppConfigInput) => {
  const r = AppConfig.safeParse(cfg);
  return r.success ? [] : r.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
};

describe('RMM mappings in config', () => {
  it('accepts the mapping (one or several RMM installations per client) and keeps it as a list', () => {
    const cfg = AppConfig.parse(base());
    expect(cfg.clients.find((c) => c.id === 'contoso')?.rmm?.map((m) => m.installationId)).toEqual([RMM_ID, GENERIC_ID]);
    expect(cfg.clients.find((c) => c.id === 'fabrikam')?.rmm).toEqual([{ installationId: RMM_ID, organisationIds: ['org-fabrikam'] }]);
  });

  it('refuses a mapping to an RMM installation that does not exist', () => {
    const cfg = base();
    cfg.clients[1] = { ...cfg.clients[1]!, rmm: { installationId: 'nope', organisationIds: ['org-fabrikam'] } };
    expect(problems(cfg)).toEqual(["clients.1.rmm.0.installationId: no RMM installation 'nope'"]);
  });

  it('refuses one RMM organisation mapped to two clients', () => {
    const cfg = base();
    cfg.clients[1] = { ...cfg.clients[1]!, rmm: { installationId: RMM_ID, organisationIds: ['org-contoso'] } };
    expect(problems(cfg)).toEqual(["clients.1.rmm.0.organisationIds: RMM organisation org-contoso is already mapped to client 'contoso'"]);
  });

  it('refuses an alert PSA installation the client has no company on, and an unknown unmapped-device destination', () => {
    const cfg = base();
    cfg.clients[1] = { ...cfg.clients[1]!, rmm: { installationId: RMM_ID, organisationIds: ['org-fabrikam'], psaInstallationId: 'other' } };
    cfg.unmappedRmmDevices = { [RMM_ID]: { psaInstallationId: 'missing', companyId: '1' }, ghost: { psaInstallationId: 'acme', companyId: '1' } };
    expect(problems(cfg)).toEqual([
      "clients.1.rmm.0.psaInstallationId: no installation 'other'",
      "clients.1.rmm.0.psaInstallationId: client 'fabrikam' has no company on installation 'other'",
      "unmappedRmmDevices.rmm-1.psaInstallationId: no installation 'missing'",
      "unmappedRmmDevices.ghost: no RMM installation 'ghost'",
    ]);
  });
});
