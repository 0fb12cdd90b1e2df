import { z } from 'zod';

export const CatalogueEntry = z.object({
  manager: z.enum(['winget', 'choco']),
  /** The package id (winget id such as Zoom.Zoom, or the Chocolatey id such as zoom). */
  id: z.string().regex(/^[A-Za-z0-9][A-Za-z0-9.+_-]{0,127}$/, 'a winget / Chocolatey package id'),
  /** Pin a version; validation then requires it. */
  version: z.string().max(64).optional(),
  /** Device classes this package may go to (overrides the catalogue's `deviceClasses`). */
  deviceClasses: z.array(z.enum(['workstation', 'server'])).min(1).optional(),
});
export type CatalogueEntry = z.infer<typeof CatalogueEntry>;

/** Per-client settings (config: clients[].remediations.software-install.settings). */
export const SoftwareInstallSettings = z.object({
  /** The client's approved catalogue: application name (as the RMM / requester names it) -> package. */
  catalogue: z.record(z.string().min(1), CatalogueEntry).default({}),
  /** An application outside the catalogue: ask a person to approve the exact package, or escalate. */
  outOfCatalogue: z.enum(['approval', 'escalate']).default('escalate'),
  /**
   * Device classes (as the RMM reports them) a request may install on. Workstations only unless
   * the client's catalogue names servers too: a request is never a reason to install on a server.
   */
  deviceClasses: z.array(z.enum(['workstation', 'server'])).min(1).default(['workstation']),
  /** The package manager assumed for an approved out-of-catalogue request. */
  outOfCatalogueManager: z.enum(['winget', 'choco']).default('winget'),
});
export type SoftwareInstallSettings = z.infer<typeof SoftwareInstallSettings>;

export const SoftwareInstallInput = z.object({
  deviceId: z.string().min(1),
  deviceName: z.string(),
  application: z.string().min(1),
  package: CatalogueEntry,
  inCatalogue: z.boolean(),
});
export type SoftwareInstallInput = z.infer<typeof SoftwareInstallInput>;

/** Looks the application up by catalogue name or package id, case-insensitively. */
export function lookUp(settings: SoftwareInstallSettings, application: string): { name: string; entry: CatalogueEntry } | null {
  const want = application.trim().toLowerCase();
  for (const [name, entry] of Object.entries(settings.catalogue)) {
    if (name.toLowerCase() === want || entry.id.toLowerCase() === want) return { name, entry };
  }
  return null;
}
