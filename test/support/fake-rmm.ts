import type { RmmAdapter, RmmDevice, RmmJobResult, RmmService, RmmSoftware, SoftwarePackage } from '../../src/model/rmm.js';

/** One call the fake RMM saw (what tests assert "nothing was run on the device" with). */
export interface FakeRmmCall {
  op: 'getDevice' | 'getService' | 'restartService' | 'listSoftware' | 'installSoftware' | 'uninstallSoftware' | 'checkPasses';
  deviceId: string;
  arg?: string;
}

/** The actions that change a device; reads are not actions. */
export const ACTIONS: FakeRmmCall['op'][] = ['restartService', 'installSoftware', 'uninstallSoftware'];

/**
 * A small in-memory RMM behind the RmmAdapter contract: devices with services and software, a
 * restart that starts the service (unless told it will not stay up), installs with a chosen
 * exit code, and a call log.
 */
export class FakeRmm implements RmmAdapter {
  readonly rmm = 'tactical' as const;
  readonly calls: FakeRmmCall[] = [];
  readonly devices = new Map<string, RmmDevice>();
  readonly services = new Map<string, RmmService['status']>();
  readonly software = new Map<string, RmmSoftware[]>();
  /** Services that stop again right after a restart. */
  readonly wontStart = new Set<string>();
  /** Exit code of the next installs (Chocolatey semantics are the remediation's business). */
  installExitCode = 0;

  constructor(readonly installationId: string) {}

  addDevice(d: RmmDevice, services: Record<string, RmmService['status']> = {}, software: RmmSoftware[] = []): this {
    this.devices.set(d.id, d);
    for (const [name, status] of Object.entries(services)) this.services.set(`${d.id}:${name.toLowerCase()}`, status);
    this.software.set(d.id, [...software]);
    return this;
  }

  setService(deviceId: string, name: string, status: RmmService['status']): void {
    this.services.set(`${deviceId}:${name.toLowerCase()}`, status);
  }

  serviceStatus(deviceId: string, name: string): RmmService['status'] | undefined {
    return this.services.get(`${deviceId}:${name.toLowerCase()}`);
  }

  actions(): FakeRmmCall[] {
    return this.calls.filter((c) => ACTIONS.includes(c.op));
  }

  describe(operation: 'restartService' | 'installSoftware' | 'uninstallSoftware', deviceId: string, target: string | SoftwarePackage) {
    if (operation === 'restartService') return { method: 'POST', url: `https://rmm.example.test/services/${deviceId}/${String(target)}/`, body: { sv_action: 'restart' } };
    const pkg = target as SoftwarePackage;
    return { method: 'POST', url: `https://rmm.example.test/software/${deviceId}/`, body: { name: pkg.id, action: operation } };
  }

  async getDevice(deviceId: string): Promise<RmmDevice | null> {
    this.calls.push({ op: 'getDevice', deviceId });
    return this.devices.get(deviceId) ?? null;
  }

  async getService(deviceId: string, serviceName: string): Promise<RmmService | null> {
    this.calls.push({ op: 'getService', deviceId, arg: serviceName });
    const status = this.serviceStatus(deviceId, serviceName);
    return status ? { name: serviceName, displayName: serviceName, status } : null;
  }

  async restartService(deviceId: string, serviceName: string): Promise<RmmJobResult> {
    this.calls.push({ op: 'restartService', deviceId, arg: serviceName });
    const stays = !this.wontStart.has(`${deviceId}:${serviceName.toLowerCase()}`);
    this.setService(deviceId, serviceName, stays ? 'running' : 'stopped');
    return { jobId: `job-${this.calls.length}`, status: stays ? 'completed' : 'failed', exitCode: stays ? 0 : 1, stdout: '', stderr: stays ? '' : 'service terminated' };
  }

  async listSoftware(deviceId: string): Promise<RmmSoftware[]> {
    this.calls.push({ op: 'listSoftware', deviceId });
    return [...(this.software.get(deviceId) ?? [])];
  }

  async installSoftware(deviceId: string, pkg: SoftwarePackage): Promise<RmmJobResult> {
    this.calls.push({ op: 'installSoftware', deviceId, arg: pkg.id });
    const code = this.installExitCode;
    if ([0, 1641, 3010].includes(code)) this.software.get(deviceId)?.push({ name: pkg.id, version: pkg.version ?? '1.0.0', packageId: pkg.id });
    return { jobId: `job-${this.calls.length}`, status: 'completed', exitCode: code, stdout: '', stderr: code === 0 ? '' : `exit ${code}` };
  }

  async uninstallSoftware(deviceId: string, pkg: SoftwarePackage): Promise<RmmJobResult> {
    this.calls.push({ op: 'uninstallSoftware', deviceId, arg: pkg.id });
    this.software.set(deviceId, (this.software.get(deviceId) ?? []).filter((s) => s.packageId !== pkg.id));
    return { jobId: `job-${this.calls.length}`, status: 'completed', exitCode: 0, stdout: '', stderr: '' };
  }

  async checkPasses(deviceId: string, checkId: string): Promise<boolean | null> {
    this.calls.push({ op: 'checkPasses', deviceId, arg: checkId });
    // The fake's checks are service checks named `svc:<name>`.
    const name = checkId.startsWith('svc:') ? checkId.slice(4) : null;
    return name ? this.serviceStatus(deviceId, name) === 'running' : null;
  }
}
