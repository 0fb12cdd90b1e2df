import { z } from 'zod';

/** RMMs the app takes alerts from and acts through. One folder per value under integrations/. */
export const RmmSystem = z.enum(['tactical', 'ninjaone', 'datto', 'generic']);
export type RmmSystem = z.infer<typeof RmmSystem>;

/**
 * What a verified RMM alert says, normalised. Like a PSA signal it is a hint: the device (and so
 * its organisation, hence the client) is re-read from the RMM's API before anything is decided.
 * `generic` callbacks have no API to re-read from; their organisation comes from the signed
 * callback's installation, never from the body.
 */
export const RmmAlert = z.object({
  rmm: RmmSystem,
  /** The RMM's own alert id (or the generic callback's event id). */
  alertId: z.string().min(1).max(128),
  /** failing = the check fired; resolved = the RMM says the check passes again (validation evidence). */
  status: z.enum(['failing', 'resolved']),
  /** What kind of problem, mapped by the integration from the alert's structured type, never from free text. */
  category: z.enum(['service_stopped', 'software_request', 'other']),
  deviceId: z.string().min(1).max(128),
  deviceName: z.string().max(255).optional(),
  /** The RMM organisation / client / site id as the webhook reported it; re-read before it is trusted. */
  organisationHint: z.string().max(128).optional(),
  /** For service_stopped: the Windows service name (not the display name). */
  serviceName: z.string().max(256).optional(),
  /** For software_request: the requested application as the RMM named it (looked up in the client's catalogue). */
  application: z.string().max(256).optional(),
  checkId: z.string().max(128).optional(),
  /** A PSA ticket the RMM already opened for this alert, when the RMM says so. */
  psaTicketId: z.string().max(64).optional(),
  message: z.string().max(2000).default(''),
  raisedAt: z.string().datetime().optional(),
});
export type RmmAlert = z.infer<typeof RmmAlert>;

/** A device as read back from the RMM API. */
export interface RmmDevice {
  id: string;
  name: string;
  /** The RMM's organisation (Tactical client, Ninja organisation, Datto site): chooses the client through config. */
  organisationId: string;
  /** Device group / site / policy name, for per-group allow-lists. */
  group?: string;
  online: boolean;
  os?: string;
  /** What kind of machine the RMM says it is (installs are limited by class); absent when the RMM does not say. */
  deviceClass?: 'workstation' | 'server';
}

export interface RmmService {
  name: string;
  displayName: string;
  status: 'running' | 'stopped' | 'start_pending' | 'stop_pending' | 'paused' | 'unknown';
  startType?: string;
}

export interface RmmSoftware {
  name: string;
  version?: string;
  /** Package-manager id when the inventory knows it (winget / Chocolatey). */
  packageId?: string;
}

export interface SoftwarePackage {
  manager: 'winget' | 'choco';
  id: string;
  version?: string;
}

/** The outcome of a job the RMM ran on a device (script, component, native action). */
export interface RmmJobResult {
  jobId: string;
  status: 'completed' | 'failed' | 'timeout';
  exitCode: number | null;
  /** Truncated by the adapter; never contains secrets (scripts are ours). */
  stdout: string;
  stderr: string;
}

/**
 * What remediations need from an RMM. One implementation per integrations/<rmm>/ folder, each
 * through its own single HTTP seam. Every method throws OutsideApiError on API failure.
 */
export interface RmmAdapter {
  readonly rmm: RmmSystem;
  readonly installationId: string;
  getDevice(deviceId: string): Promise<RmmDevice | null>;
  getService(deviceId: string, serviceName: string): Promise<RmmService | null>;
  /** Starts (or restarts) the service and waits for the RMM's answer. */
  restartService(deviceId: string, serviceName: string): Promise<RmmJobResult>;
  listSoftware(deviceId: string): Promise<RmmSoftware[]>;
  installSoftware(deviceId: string, pkg: SoftwarePackage): Promise<RmmJobResult>;
  uninstallSoftware(deviceId: string, pkg: SoftwarePackage): Promise<RmmJobResult>;
  /**
   * The exact request `restartService` / `installSoftware` / `uninstallSoftware` would send, for
   * dry-run and plans (no secrets: headers are left out). Optional: without it plans record the
   * adapter operation and its arguments.
   */
  describe?(operation: 'restartService' | 'installSoftware' | 'uninstallSoftware', deviceId: string, target: string | SoftwarePackage): { method: string; url: string; body?: unknown };
  /** Whether the RMM's own check for this alert passes now (null when the RMM cannot say). */
  checkPasses?(deviceId: string, checkId: string): Promise<boolean | null>;
  /**
   * The software request as the RMM itself recorded it (the request check's own output), never the
   * alert body's copy: null when the RMM holds no request for this check on this device.
   */
  readSoftwareRequest?(deviceId: string, checkId: string): Promise<string | null>;
}
