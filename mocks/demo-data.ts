/**
 * The sandbox's seeded world, shared by every simulator so the PSA companies, M365 tenants and
 * users agree. Tests build their own copies with `demoWorld()` so no state leaks between them.
 */
export interface DemoCompany {
  clientId: string;
  psaId: number;
  identifier: string;
  name: string;
  tenantId: string;
  domain: string;
}

export interface DemoUser {
  email: string;
  displayName: string;
  clientId: string;
  /** ProhibitSendReceiveQuota in GB. */
  quotaGB: number;
  usedGB: number;
  /** The licence's mailbox-plan maximum in GB (E3 100, Business Standard 50). */
  licenceMaxGB: number;
  licence: string;
}

export interface DemoWorld {
  companies: DemoCompany[];
  users: DemoUser[];
  policy: { mailboxQuota: { thresholdPercent: number; incrementGB: number; ceilingGB: number } };
}

export function demoWorld(): DemoWorld {
  return {
    companies: [
      { clientId: 'contoso', psaId: 250, identifier: 'ContosoLtd', name: 'Contoso Ltd', tenantId: '6f2c1b9e-3a53-4c0e-9d6e-0b6a3d4c1a01', domain: 'contoso.example' },
      { clientId: 'fabrikam', psaId: 251, identifier: 'FabrikamInc', name: 'Fabrikam Inc', tenantId: '0c4e8f7a-6b2d-4e1f-8a9c-5d3b2e1f0a02', domain: 'fabrikam.example' },
    ],
    users: [
      { email: 'megan.bowen@contoso.example', displayName: 'Megan Bowen', clientId: 'contoso', quotaGB: 50, usedGB: 47.5, licenceMaxGB: 100, licence: 'Microsoft 365 E3' },
      { email: 'alex.wilber@contoso.example', displayName: 'Alex Wilber', clientId: 'contoso', quotaGB: 80, usedGB: 78, licenceMaxGB: 100, licence: 'Microsoft 365 E3' },
      { email: 'lee.gu@contoso.example', displayName: 'Lee Gu', clientId: 'contoso', quotaGB: 50, usedGB: 11.2, licenceMaxGB: 100, licence: 'Microsoft 365 E3' },
      { email: 'diego.siciliani@fabrikam.example', displayName: 'Diego Siciliani', clientId: 'fabrikam', quotaGB: 50, usedGB: 46.1, licenceMaxGB: 100, licence: 'Microsoft 365 E3' },
      { email: 'isaiah.langer@fabrikam.example', displayName: 'Isaiah Langer', clientId: 'fabrikam', quotaGB: 50, usedGB: 49.6, licenceMaxGB: 50, licence: 'Microsoft 365 Business Standard' },
    ],
    policy: { mailboxQuota: { thresholdPercent: 90, incrementGB: 10, ceilingGB: 80 } },
  };
}
