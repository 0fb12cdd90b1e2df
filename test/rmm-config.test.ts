import { describe, expect, it } from 'vitest';
import { AppConfig, type AppConfigInput } from '../src/config/schema.js';

const base: AppConfigInput = {
  installations: [{ id: 'cw', psa: 'connectwise', connectwise: { baseUrl: 'https://api-na.myconnectwise.net/v4_6_release/apis/3.0', companyId: 'msp', clientId: 'cid', publicKeyEnv: 'CW_PUB', privateKeyEnv: 'CW_PRIV', memberIdentifier: 'tf' } }],
  clients: [{ id: 'acme', name: 'Acme', psa: { installationId: 'cw', companyIds: ['1'] } }],
};
const tactical = { id: 'trmm', rmm: 'tactical', tactical: { apiUrl: 'https://api.rmm.example.com', apiKeyEnv: 'TRMM_KEY', webhookSecretEnv: 'TRMM_HOOK' } };
const generic = { id: 'scripts', rmm: 'generic', generic: { secretEnv: 'CB_SECRET', organisationId: 'acme' } };
const issues = (cfg: unknown) => {
  const r = AppConfig.safeParse(cfg);
  return r.success ? [] : r.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
};

describe('rmms in the app config', () => {
  it('defaults to none and parses each RMM with its defaults', () => {
    expect(AppConfig.parse(base).rmms).toEqual([]);
    const cfg = AppConfig.parse({ ...base, rmms: [tactical, generic, { id: 'datto', rmm: 'datto', datto: { apiUrl: 'https://merlot-api.centrastage.net', apiKeyEnv: 'DK', apiSecretEnv: 'DS', webhookSecretEnv: 'DH' } }, { id: 'ninja', rmm: 'ninjaone', ninjaone: { baseUrl: 'https://eu.ninjarmm.com', clientId: 'x', clientSecretEnv: 'NS', webhookSecretEnv: 'NH' } }] });
    expect(cfg.rmms.map((r) => r.rmm)).toEqual(['tactical', 'generic', 'datto', 'ninjaone']);
    expect(cfg.rmms[1]).toMatchObject({ generic: { toleranceSeconds: 300 } });
    expect(cfg.rmms[2]).toMatchObject({ datto: { requestsPerMinute: 300 } });
    expect(cfg.rmms[3]).toMatchObject({ ninjaone: { scope: 'monitoring management control', webhookHeaderName: 'X-Ticketfix-Secret', conditions: [] } });
  });

  it('refuses a secret written into the file instead of an env var name', () => {
    expect(issues({ ...base, rmms: [{ ...tactical, tactical: { ...tactical.tactical, apiKeyEnv: 'sk-live-1234abcd' } }] }).join('\n')).toMatch(/rmms\.0\.tactical\.apiKeyEnv: an environment variable name/);
  });

  it('refuses an unknown RMM, a duplicate id, and Datto over its account limit', () => {
    expect(issues({ ...base, rmms: [{ id: 'x', rmm: 'kaseya' }] }).join('\n')).toMatch(/rmms\.0\.rmm/);
    expect(issues({ ...base, rmms: [tactical, { ...generic, id: 'trmm' }] }).join('\n')).toMatch(/rmms\.1\.id: duplicate RMM installation id 'trmm'/);
    expect(issues({ ...base, rmms: [{ id: 'd', rmm: 'datto', datto: { apiUrl: 'https://merlot-api.centrastage.net', apiKeyEnv: 'DK', apiSecretEnv: 'DS', webhookSecretEnv: 'DH', requestsPerMinute: 601 } }] }).join('\n')).toMatch(/requestsPerMinute/);
  });
});
