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
  /** Synced from on-premises AD (password resets go through SSPR writeback). */
  onPremisesSyncEnabled?: boolean;
  /** Entra directory roles held (an admin: never reset automatically). */
  directoryRoles?: string[];
}

/** A security group (Graph) or a distribution list (Exchange) of one client's tenant. */
export interface DemoGroup {
  clientId: string;
  kind: 'security' | 'distribution';
  displayName: string;
  /** Distribution lists: the primary SMTP address. */
  mail?: string;
  /** Owners (security) / ManagedBy (distribution), by e-mail. */
  owners: string[];
  members: string[];
  /** Nested groups (display names of the same tenant's groups) that are members of this one. */
  memberGroups?: string[];
  /** A role-assignable security group (Entra can grant it directory roles). */
  isAssignableToRole?: boolean;
  /** Directory roles granted to the group, held by every (nested) member. */
  directoryRoles?: string[];
}

export interface DemoWorld {
  companies: DemoCompany[];
  users: DemoUser[];
  /** Security groups and distribution lists (absent: none). */
  groups?: DemoGroup[];
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
      { email: 'adele.vance@contoso.example', displayName: 'Adele Vance', clientId: 'contoso', quotaGB: 100, usedGB: 20, licenceMaxGB: 100, licence: 'Microsoft 365 E3', directoryRoles: ['Global Administrator'] },
      { email: 'johanna.lorenz@contoso.example', displayName: 'Johanna Lorenz', clientId: 'contoso', quotaGB: 50, usedGB: 12, licenceMaxGB: 100, licence: 'Microsoft 365 E3', onPremisesSyncEnabled: true },
      { email: 'patti.fernandez@fabrikam.example', displayName: 'Patti Fernandez', clientId: 'fabrikam', quotaGB: 50, usedGB: 8, licenceMaxGB: 50, licence: 'Microsoft 365 Business Standard', directoryRoles: ['User Administrator'] },
    ],
    groups: [
      { clientId: 'contoso', kind: 'security', displayName: 'SG-Projects', owners: ['alex.wilber@contoso.example'], members: ['megan.bowen@contoso.example'] },
      { clientId: 'contoso', kind: 'security', displayName: 'SG-Finance-Share', owners: ['adele.vance@contoso.example'], members: [] },
      { clientId: 'contoso', kind: 'distribution', displayName: 'Sales Team', mail: 'sales@contoso.example', owners: ['alex.wilber@contoso.example'], members: ['alex.wilber@contoso.example', 'megan.bowen@contoso.example'] },
      { clientId: 'contoso', kind: 'distribution', displayName: 'All Staff', mail: 'allstaff@contoso.example', owners: ['adele.vance@contoso.example'], members: ['adele.vance@contoso.example', 'alex.wilber@contoso.example', 'megan.bowen@contoso.example', 'lee.gu@contoso.example'] },
      { clientId: 'fabrikam', kind: 'security', displayName: 'SG-Engineering', owners: ['patti.fernandez@fabrikam.example'], members: ['isaiah.langer@fabrikam.example'] },
      { clientId: 'fabrikam', kind: 'distribution', displayName: 'Marketing', mail: 'marketing@fabrikam.example', owners: ['diego.siciliani@fabrikam.example'], members: ['diego.siciliani@fabrikam.example'] },
    ],
    policy: { mailboxQuota: { thresholdPercent: 90, incrementGB: 10, ceilingGB: 80 } },
  };
}

// ---- RMM ------------------------------------------------------------------------------------
// Devices the simulated RMMs (Tactical, NinjaOne, Datto) manage. Each RMM names the same
// organisation and device in its own id format; `clientId: null` is an organisation the MSP
// never mapped to a client (its alerts must not choose one).

export interface DemoRmmService {
  /** Windows service name (what service checks and APIs address). */
  name: string;
  displayName: string;
  status: 'running' | 'stopped';
  startType: 'automatic' | 'manual' | 'disabled';
}

export interface DemoRmmSoftware {
  name: string;
  version: string;
  /** The Chocolatey package that installs it, when there is one. */
  chocoId?: string;
}

export interface DemoRmmOrganisation {
  clientId: string | null;
  name: string;
  tactical: { clientId: number; siteId: number; siteName: string };
  ninjaone: { organizationId: number; locationId: number };
  datto: { siteUid: string; siteId: number };
}

export interface DemoRmmDevice {
  hostname: string;
  clientId: string | null;
  tacticalAgentId: string;
  ninjaDeviceId: number;
  dattoDeviceUid: string;
  dattoDeviceId: number;
  services: DemoRmmService[];
  software: DemoRmmSoftware[];
}

export interface DemoRmmWorld {
  organisations: DemoRmmOrganisation[];
  devices: DemoRmmDevice[];
  /** Chocolatey packages the simulated agents can install, with the name the inventory then shows. */
  chocoCatalogue: { id: string; name: string; version: string }[];
}

const svc = (name: string, displayName: string, status: 'running' | 'stopped' = 'running', startType: DemoRmmService['startType'] = 'automatic'): DemoRmmService => ({ name, displayName, status, startType });
const baseServices = () => [svc('Spooler', 'Print Spooler'), svc('W32Time', 'Windows Time')];
const baseSoftware = (): DemoRmmSoftware[] => [
  { name: 'Google Chrome', version: '131.0.6778.86', chocoId: 'googlechrome' },
  { name: '7-Zip 24.08 (x64)', version: '24.08', chocoId: '7zip' },
];

/** The service every Contoso kiosk runs; on Contoso's known-issue allow-list in the sandbox. */
export const DEMO_KIOSK_SERVICE = 'KioskShell';
export const DEMO_KIOSK_COUNT = 20;
export const demoKioskHostname = (n: number): string => `CONTOSO-KIOSK${String(n).padStart(2, '0')}`;

function contosoKiosks(): DemoRmmDevice[] {
  return Array.from({ length: DEMO_KIOSK_COUNT }, (_, i) => {
    const n = String(i + 1).padStart(2, '0');
    return {
      hostname: demoKioskHostname(i + 1),
      clientId: 'contoso',
      tacticalAgentId: `CtsoKiosk${n}${'k'.repeat(29)}`,
      ninjaDeviceId: 5200 + i + 1,
      dattoDeviceUid: `3f0a1c2e-5b6d-4e7f-8a9b-0c1d2e3f52${n}`,
      dattoDeviceId: 15200 + i + 1,
      services: [...baseServices(), svc(DEMO_KIOSK_SERVICE, 'Contoso Kiosk Shell Host')],
      software: [],
    };
  });
}

export function demoRmmWorld(): DemoRmmWorld {
  return {
    organisations: [
      { clientId: 'contoso', name: 'Contoso Ltd', tactical: { clientId: 1, siteId: 11, siteName: 'Head Office' }, ninjaone: { organizationId: 101, locationId: 1011 }, datto: { siteUid: '7d1c0b4e-1f2a-4c3b-9e8d-000000000250', siteId: 250 } },
      { clientId: 'fabrikam', name: 'Fabrikam Inc', tactical: { clientId: 2, siteId: 21, siteName: 'Main' }, ninjaone: { organizationId: 102, locationId: 1021 }, datto: { siteUid: '7d1c0b4e-1f2a-4c3b-9e8d-000000000251', siteId: 251 } },
      { clientId: null, name: 'Unassigned Lab', tactical: { clientId: 3, siteId: 31, siteName: 'Lab' }, ninjaone: { organizationId: 103, locationId: 1031 }, datto: { siteUid: '7d1c0b4e-1f2a-4c3b-9e8d-000000000999', siteId: 999 } },
    ],
    devices: [
      {
        hostname: 'CONTOSO-WS01',
        clientId: 'contoso',
        tacticalAgentId: 'HkXyZqWbLmNoPqRsTuVwXyZ0123456789abcdEF',
        ninjaDeviceId: 5001,
        dattoDeviceUid: '3f0a1c2e-5b6d-4e7f-8a9b-0c1d2e3f5001',
        dattoDeviceId: 15001,
        services: [...baseServices(), svc('ContosoLOB', 'Contoso Line-of-Business Agent')],
        software: baseSoftware(),
      },
      {
        hostname: 'CONTOSO-SRV01',
        clientId: 'contoso',
        tacticalAgentId: 'JkAbCdEfGhIjKlMnOpQrStUvWxYz9876543210ab',
        ninjaDeviceId: 5002,
        dattoDeviceUid: '3f0a1c2e-5b6d-4e7f-8a9b-0c1d2e3f5002',
        dattoDeviceId: 15002,
        services: [...baseServices(), svc('ContosoLOB', 'Contoso Line-of-Business Agent')],
        software: [{ name: '7-Zip 24.08 (x64)', version: '24.08', chocoId: '7zip' }],
      },
      {
        hostname: 'FABRIKAM-WS01',
        clientId: 'fabrikam',
        tacticalAgentId: 'LmFaBrIkAmWs01aaaaaaaaaaaaaaaaaaaaaaaaaa',
        ninjaDeviceId: 5101,
        dattoDeviceUid: '3f0a1c2e-5b6d-4e7f-8a9b-0c1d2e3f5101',
        dattoDeviceId: 15101,
        services: [...baseServices(), svc('FabrikamSync', 'Fabrikam Sync Service')],
        software: baseSoftware(),
      },
      // Twenty kiosk PCs at Contoso (appended, so the other devices keep their ids): a storm of
      // the same known-issue service stopping on all of them is one approval request.
      ...contosoKiosks(),
      {
        hostname: 'LAB-PC01',
        clientId: null,
        tacticalAgentId: 'NpLaBpC01bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb',
        ninjaDeviceId: 5901,
        dattoDeviceUid: '3f0a1c2e-5b6d-4e7f-8a9b-0c1d2e3f5901',
        dattoDeviceId: 15901,
        services: baseServices(),
        software: [],
      },
    ],
    chocoCatalogue: [
      { id: 'googlechrome', name: 'Google Chrome', version: '131.0.6778.86' },
      { id: '7zip', name: '7-Zip 24.08 (x64)', version: '24.08' },
      { id: 'adobereader', name: 'Adobe Acrobat Reader (64-bit)', version: '24.005.20320' },
      { id: 'notepadplusplus', name: 'Notepad++ (64-bit x64)', version: '8.7.1' },
      { id: 'vlc', name: 'VLC media player', version: '3.0.21' },
    ],
  };
}
