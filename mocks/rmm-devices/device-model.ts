import type { DemoRmmDevice, DemoRmmSoftware, DemoRmmWorld } from '../demo-data.js';

/**
 * The endpoints every simulated RMM manages: Windows services with a service check each,
 * software inventory, and what Chocolatey does when asked. Each RMM simulator keeps its own
 * copy (its own ids and API shapes) and reacts to check changes by firing its alert webhook.
 */
export type SimServiceStatus = 'running' | 'stopped';

export interface SimService {
  name: string;
  displayName: string;
  status: SimServiceStatus;
  startType: string;
  /** A broken service stops again as soon as it is started (fault injection). */
  broken: boolean;
}

export interface SimCheck {
  id: number;
  /** The service this check watches. */
  serviceName: string;
  status: 'passing' | 'failing';
}

export interface SimDevice {
  hostname: string;
  /** Servers are the demo's *-SRV* hosts; everything else is a workstation. */
  deviceClass: 'workstation' | 'server';
  clientId: string | null;
  demo: DemoRmmDevice;
  online: boolean;
  services: SimService[];
  software: DemoRmmSoftware[];
  checks: SimCheck[];
}

export type CheckChange = (device: SimDevice, check: SimCheck) => void;

/** Chocolatey's success exit codes: 1641 and 3010 mean a reboot is pending (choco never reboots itself). */
export const CHOCO_SUCCESS_CODES: readonly number[] = [0, 1641, 3010];

export interface ChocoOutcome {
  exitCode: number;
  output: string;
}

export interface DeviceFleet {
  readonly devices: SimDevice[];
  byHostname(hostname: string): SimDevice | undefined;
  service(device: SimDevice, name: string): SimService | undefined;
  /** What the RMM's native service verb (or a service script) does. Throws AgentUnreachable when offline. */
  serviceAction(device: SimDevice, name: string, action: 'start' | 'stop' | 'restart'): { ok: boolean; message: string };
  /** The service dies on its own (what makes a check fail in real life). */
  crashService(hostname: string, name: string): void;
  /** Starting this service fails until `breakService(.., false)`. */
  breakService(hostname: string, name: string, broken?: boolean): void;
  setOnline(hostname: string, online: boolean): void;
  /** The next choco install/uninstall of `pkg` on the device exits with `exitCode` (once). */
  injectChocoExitCode(hostname: string, pkg: string, exitCode: number): void;
  chocoInstall(device: SimDevice, pkg: string): ChocoOutcome;
  chocoUninstall(device: SimDevice, pkg: string): ChocoOutcome;
}

export class AgentUnreachable extends Error {
  constructor(hostname: string) {
    super(`Unable to contact the agent on ${hostname}`);
  }
}

export function createDeviceFleet(world: DemoRmmWorld, onCheckChange: CheckChange): DeviceFleet {
  let nextCheckId = 1;
  const devices: SimDevice[] = world.devices.map((d) => ({
    hostname: d.hostname,
    deviceClass: /-SRV\d/i.test(d.hostname) ? 'server' : 'workstation',
    clientId: d.clientId,
    demo: d,
    online: true,
    services: d.services.map((s) => ({ ...s, broken: false })),
    software: d.software.map((s) => ({ ...s })),
    checks: d.services.map((s) => ({ id: nextCheckId++, serviceName: s.name, status: s.status === 'running' ? 'passing' : 'failing' })),
  }));
  const injected = new Map<string, number>();
  const injectKey = (hostname: string, pkg: string) => `${hostname.toLowerCase()}|${pkg.toLowerCase()}`;

  const mustDevice = (hostname: string): SimDevice => {
    const d = devices.find((x) => x.hostname.toLowerCase() === hostname.toLowerCase());
    if (!d) throw new Error(`no simulated device '${hostname}'`);
    return d;
  };
  const mustService = (d: SimDevice, name: string): SimService => {
    const s = d.services.find((x) => x.name.toLowerCase() === name.toLowerCase());
    if (!s) throw new Error(`no service '${name}' on ${d.hostname}`);
    return s;
  };
  // The RMM runs its checks after every change it sees; a flip is what raises or resolves an alert.
  const runChecks = (d: SimDevice) => {
    for (const check of d.checks) {
      const s = d.services.find((x) => x.name === check.serviceName);
      const status = s?.status === 'running' ? 'passing' : 'failing';
      if (status !== check.status) {
        check.status = status;
        onCheckChange(d, check);
      }
    }
  };
  const takeExitCode = (d: SimDevice, pkg: string): number | undefined => {
    const key = injectKey(d.hostname, pkg);
    const code = injected.get(key);
    injected.delete(key);
    return code;
  };

  return {
    devices,
    byHostname: (hostname) => devices.find((x) => x.hostname.toLowerCase() === hostname.toLowerCase()),
    service: (d, name) => d.services.find((x) => x.name.toLowerCase() === name.toLowerCase()),
    serviceAction(d, name, action) {
      if (!d.online) throw new AgentUnreachable(d.hostname);
      const s = mustService(d, name);
      if (action === 'stop') s.status = 'stopped';
      else s.status = s.broken ? 'stopped' : 'running';
      runChecks(d);
      if (action !== 'stop' && s.broken) return { ok: false, message: `The ${s.displayName} service failed to start` };
      const verb = action === 'restart' ? 'restarted' : action === 'start' ? 'started' : 'stopped';
      return { ok: true, message: `The service was ${verb} successfully` };
    },
    crashService(hostname, name) {
      const d = mustDevice(hostname);
      mustService(d, name).status = 'stopped';
      runChecks(d);
    },
    breakService(hostname, name, broken = true) {
      mustService(mustDevice(hostname), name).broken = broken;
    },
    setOnline(hostname, online) {
      mustDevice(hostname).online = online;
    },
    injectChocoExitCode(hostname, pkg, exitCode) {
      injected.set(injectKey(mustDevice(hostname).hostname, pkg), exitCode);
    },
    chocoInstall(d, pkg) {
      if (!d.online) throw new AgentUnreachable(d.hostname);
      const entry = world.chocoCatalogue.find((c) => c.id === pkg.toLowerCase());
      const exitCode = takeExitCode(d, pkg) ?? (entry ? 0 : 1);
      if (!entry && exitCode === 1) return { exitCode, output: `Installing the following packages:\n${pkg}\n${pkg} not installed. The package was not found with the source(s) listed.\nChocolatey installed 0/1 packages. 1 packages failed.` };
      if (!CHOCO_SUCCESS_CODES.includes(exitCode)) return { exitCode, output: `Installing the following packages:\n${pkg}\nERROR: Running installer failed with exit code ${exitCode}.\nChocolatey installed 0/1 packages. 1 packages failed.` };
      if (entry && !d.software.some((s) => s.chocoId === entry.id)) d.software.push({ name: entry.name, version: entry.version, chocoId: entry.id });
      const reboot = exitCode === 0 ? '' : `\nPackages needing reboot:\n - ${pkg} (exit code ${exitCode})`;
      return { exitCode, output: `Installing the following packages:\n${pkg}\nThe install of ${pkg} was successful.\nChocolatey installed 1/1 packages.${reboot}` };
    },
    chocoUninstall(d, pkg) {
      if (!d.online) throw new AgentUnreachable(d.hostname);
      const installed = d.software.find((s) => s.chocoId === pkg.toLowerCase());
      const exitCode = takeExitCode(d, pkg) ?? (installed ? 0 : 1);
      if (!CHOCO_SUCCESS_CODES.includes(exitCode)) return { exitCode, output: `Uninstalling the following packages:\n${pkg}\n${installed ? `ERROR: uninstaller failed with exit code ${exitCode}` : `${pkg} is not installed. Cannot uninstall a non-existent package.`}\nChocolatey uninstalled 0/1 packages. 1 packages failed.` };
      d.software = d.software.filter((s) => s !== installed);
      return { exitCode, output: `Uninstalling the following packages:\n${pkg}\n${pkg} has been successfully uninstalled.\nChocolatey uninstalled 1/1 packages.` };
    },
  };
}
