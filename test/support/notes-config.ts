import { parse } from 'yaml';
import { remediations } from '../../remediations/index.js';
import { parseConfig } from '../../src/config/load-config.js';
import type { AppConfig } from '../../src/config/schema.js';

/** A minimal valid config; `notes` is the YAML of the notes section (indented two spaces per level), if any. */
export function notesTestConfig(notes = ''): AppConfig {
  const yaml = `
publicUrl: https://ticketfix.msp.example
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
clients:
  - id: contoso
    name: Contoso Ltd
    psa: { installationId: cw-main, companyIds: ["250"] }
    m365: { tenantId: 6f2c1b9e-3a53-4c0e-9d6e-0b6a3d4c1a01, domains: [contoso.example] }
  - id: fabrikam
    name: Fabrikam GmbH
    psa: { installationId: cw-main, companyIds: ["251"] }
${notes}`;
  return parseConfig(parse(yaml), remediations, 'test config');
}
