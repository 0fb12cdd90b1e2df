import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { remediations } from '../../remediations/index.js';
import { ConfigError, loadConfigFile, readSecret } from './load-config.js';

const dir = mkdtempSync(join(tmpdir(), 'tfx-config-'));
const write = (name: string, text: string) => {
  const file = join(dir, name);
  writeFileSync(file, text);
  return file;
};

const VALID = `
installations:
  - id: cw-main
    psa: connectwise
    connectwise:
      baseUrl: https://api-na.myconnectwise.net/v4_6_release/apis/3.0
      companyId: mymsp
      clientId: 0f9b7c1e-1111-2222-3333-444455556666
      publicKeyEnv: CW_PUBLIC_KEY
      privateKeyEnv: CW_PRIVATE_KEY
      memberIdentifier: ticketfix
m365:
  appClientId: 11111111-2222-3333-4444-555555555555
  clientSecretEnv: M365_CLIENT_SECRET
remediations:
  mailbox-quota:
    settings: { thresholdPercent: 90, incrementGB: 10, ceilingGB: 100 }
clients:
  - id: contoso
    name: Contoso Ltd
    psa: { installationId: cw-main, companyIds: ["250"] }
    m365: { tenantId: 6f2c1b9e-3a53-4c0e-9d6e-0b6a3d4c1a01, domains: [contoso.example] }
`;

describe('loadConfigFile', () => {
  it('loads a valid YAML file and fills defaults', () => {
    const config = loadConfigFile(write('ok.yaml', VALID), remediations);
    expect(config.port).toBe(3000);
    expect(config.installations[0]!.statuses.resolved).toBe('Resolved');
    expect(config.clients[0]!.m365!.domains).toEqual(['contoso.example']);
  });

  it('names the file, the field and the problem', () => {
    const file = write('bad.yaml', VALID.replace('/apis/3.0', '/apis/2.0'));
    expect(() => loadConfigFile(file, remediations)).toThrowError(ConfigError);
    expect(() => loadConfigFile(file, remediations)).toThrowError(new RegExp(`${file.replace(/[/.]/g, '\\$&')}.*\\n.*installations\\.0\\.connectwise\\.baseUrl: must end in /apis/3\\.0`));
  });

  it('refuses a secret written into the file where an env var name belongs', () => {
    const file = write('secret.yaml', VALID.replace('privateKeyEnv: CW_PRIVATE_KEY', 'privateKeyEnv: "abc123-private"'));
    expect(() => loadConfigFile(file, remediations)).toThrowError(/privateKeyEnv: an environment variable name/);
  });

  it('refuses a company mapped to two clients', () => {
    const file = write('dup.yaml', `${VALID}  - id: other\n    name: Other\n    psa: { installationId: cw-main, companyIds: ["250"] }\n`);
    expect(() => loadConfigFile(file, remediations)).toThrowError(/company 250 is already mapped to client 'contoso'/);
  });

  it('checks remediation settings with the remediation’s own schema', () => {
    const file = write('settings.yaml', VALID.replace('incrementGB: 10', 'incrementGB: -5'));
    expect(() => loadConfigFile(file, remediations)).toThrowError(/remediations\.mailbox-quota\.settings\.incrementGB/);
  });

  it('refuses unknown remediations and unreadable or malformed files', () => {
    expect(() => loadConfigFile(write('unknown.yaml', VALID.replace('  mailbox-quota:\n', '  mailbox-quotas:\n')), remediations)).toThrowError(/unknown remediation 'mailbox-quotas'/);
    expect(() => loadConfigFile(join(dir, 'missing.yaml'), remediations)).toThrowError(/cannot read the config file \(ENOENT\)/);
    expect(() => loadConfigFile(write('broken.json', '{"port": '), remediations)).toThrowError(/not valid JSON/);
  });
});

describe('outside URLs in the config', () => {
  const STRICT = { allowHttpLoopback: false };
  const OPTED_IN = { allowHttpLoopback: true };
  const load = (name: string, text: string, policy = STRICT) => () => loadConfigFile(write(name, text), remediations, policy);

  it('refuses plain http for a PSA URL, naming the field', () => {
    const text = VALID.replace('https://api-na.myconnectwise.net', 'http://api-na.myconnectwise.net');
    expect(load('http-psa.yaml', text)).toThrowError(/installations\.0\.connectwise\.baseUrl: plain http to api-na\.myconnectwise\.net is not allowed \(https only\)/);
    // The opt-in covers loopback addresses only.
    expect(load('http-psa-opted.yaml', text, OPTED_IN)).toThrowError(/installations\.0\.connectwise\.baseUrl: plain http to api-na\.myconnectwise\.net/);
  });

  it('refuses plain http for a Microsoft 365 URL and an RMM URL, naming each field', () => {
    const m365 = VALID.replace('  clientSecretEnv: M365_CLIENT_SECRET\n', '  clientSecretEnv: M365_CLIENT_SECRET\n  authorityHost: http://login.microsoftonline.com\n');
    expect(load('http-m365.yaml', m365)).toThrowError(/m365\.authorityHost: plain http to login\.microsoftonline\.com is not allowed/);
    const rmm = `${VALID}rmms:\n  - id: tactical\n    rmm: tactical\n    tactical: { apiUrl: "http://rmm.example.net/api", apiKeyEnv: TRMM_KEY, webhookSecretEnv: TRMM_HOOK }\n`;
    expect(load('http-rmm.yaml', rmm)).toThrowError(/rmms\.0\.tactical\.apiUrl: plain http to rmm\.example\.net is not allowed/);
  });

  it('accepts loopback http only under the opt-in', () => {
    const text = VALID.replace('https://api-na.myconnectwise.net', 'http://127.0.0.1:4010');
    expect(load('loop.yaml', text)).toThrowError(/installations\.0\.connectwise\.baseUrl: plain http to 127\.0\.0\.1:4010 is not allowed \(https only; TICKETFIX_ALLOW_HTTP_LOOPBACK=1/);
    expect(load('loop-opted.yaml', text, OPTED_IN)().installations[0]!.psa).toBe('connectwise');
  });
});

describe('config.example.yaml', () => {
  it('is a valid configuration', () => {
    const config = loadConfigFile('config.example.yaml', remediations);
    expect(config.clients.map((c) => c.id)).toEqual(['contoso', 'fabrikam']);
    expect(config.host).toBe('0.0.0.0');
  });
});

describe('readSecret', () => {
  it('names the variable but never a value', () => {
    expect(readSecret({ X: 'v' }, 'X', 'test')).toBe('v');
    expect(() => readSecret({}, 'CW_PRIVATE_KEY', 'ConnectWise private key')).toThrowError('environment variable CW_PRIVATE_KEY (ConnectWise private key) is not set');
  });
});
