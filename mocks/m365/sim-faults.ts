import { HttpResponse } from 'msw';

export type SimSystem = 'login' | 'graph' | 'exchange';

/** Limits a fault to one system and/or one tenant; omitted means every one. */
export interface FaultScope {
  system?: SimSystem;
  tenantId?: string;
}

interface CountedFault extends FaultScope {
  remaining: number;
  status: number;
  retryAfterSeconds?: number;
}

const matches = (scope: FaultScope, system: SimSystem, tenantId: string | null) =>
  (scope.system === undefined || scope.system === system) && (scope.tenantId === undefined || scope.tenantId === tenantId);

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/**
 * Fault injection shared by the three simulated services. Counted faults are consumed in the
 * order they were added, so a test can script "one 429, then one 500, then success".
 */
export class SimFaults {
  private counted: CountedFault[] = [];
  private latencies: Array<FaultScope & { ms: number }> = [];
  private hangs: Array<FaultScope & { remaining: number }> = [];
  private hangWaiters: Array<() => void> = [];
  private outages = new Map<string, Set<SimSystem>>();
  private setMailboxNoOps: Array<{ identity?: string; remaining: number }> = [];
  private lostResponses: Array<{ cmdlet: string; remaining: number; hang: boolean }> = [];
  private failedCmdlets: Array<{ cmdlet: string; remaining: number; status: number }> = [];
  private failedGraphWrites: Array<{ remaining: number; status: number; afterApply: boolean }> = [];

  /**
   * The next `count` Graph directory writes (password reset, group membership) answer
   * `status`; with `afterApply` the change is made first and only the answer is lost.
   */
  failGraphWrites(count: number, options: { status?: number; afterApply?: boolean } = {}): void {
    this.failedGraphWrites.push({ remaining: count, status: options.status ?? 500, afterApply: options.afterApply ?? false });
  }

  /** The fault for this Graph write, if one is scripted (consumed). */
  takeGraphWriteFault(): { response: Response; afterApply: boolean } | undefined {
    const f = this.failedGraphWrites.find((x) => x.remaining > 0);
    if (!f) return undefined;
    f.remaining--;
    return { response: faultResponse('graph', f.status), afterApply: f.afterApply };
  }

  /** Adds `ms` of latency to every matching call. */
  latency(ms: number, scope: FaultScope = {}): void {
    this.latencies.push({ ...scope, ms });
  }

  /** The next `count` matching calls answer `status` (default 500). */
  failNext(count: number, options: FaultScope & { status?: number } = {}): void {
    this.counted.push({ ...options, remaining: count, status: options.status ?? 500 });
  }

  /** The next `count` matching calls answer 429 with `Retry-After: retryAfterSeconds`. */
  throttleNext(count: number, retryAfterSeconds: number, scope: FaultScope = {}): void {
    this.counted.push({ ...scope, remaining: count, status: 429, retryAfterSeconds });
  }

  /** Every call for this tenant answers 503 until `restore` (all systems unless listed). */
  outage(tenantId: string, systems: SimSystem[] = ['login', 'graph', 'exchange']): void {
    this.outages.set(tenantId, new Set(systems));
  }

  restore(tenantId: string): void {
    this.outages.delete(tenantId);
  }

  /** The next `count` matching calls never answer until `releaseHangs()`. */
  hangNext(count = 1, scope: FaultScope = {}): void {
    this.hangs.push({ ...scope, remaining: count });
  }

  releaseHangs(): void {
    const waiters = this.hangWaiters;
    this.hangWaiters = [];
    waiters.forEach((w) => w());
  }

  /** Set-Mailbox answers success but changes nothing (for one identity or any), `count` times. */
  ignoreSetMailbox(options: { identity?: string; count?: number } = {}): void {
    this.setMailboxNoOps.push({ identity: options.identity?.toLowerCase(), remaining: options.count ?? Infinity });
  }

  /**
   * The next `count` calls of `cmdlet` are carried out, then the answer is lost: a 504, or (with
   * `hang`) no answer until `releaseHangs()` — the change landed although the caller never heard.
   */
  loseResponse(cmdlet: string, options: { count?: number; hang?: boolean } = {}): void {
    this.lostResponses.push({ cmdlet: cmdlet.toLowerCase(), remaining: options.count ?? 1, hang: options.hang ?? false });
  }

  /** The next `count` calls of `cmdlet` fail with `status` before anything is changed. */
  failCmdlet(cmdlet: string, options: { count?: number; status?: number } = {}): void {
    this.failedCmdlets.push({ cmdlet: cmdlet.toLowerCase(), remaining: options.count ?? 1, status: options.status ?? 500 });
  }

  /** Used by the Exchange handler before a cmdlet runs: a Response answers instead. */
  beforeCmdlet(cmdlet: string): Response | undefined {
    const f = this.failedCmdlets.find((x) => x.remaining > 0 && x.cmdlet === cmdlet.toLowerCase());
    if (!f) return undefined;
    f.remaining--;
    return faultResponse('exchange', f.status);
  }

  /** Used by the Exchange handler after a cmdlet ran: a Response replaces the real answer. */
  async afterCmdlet(cmdlet: string): Promise<Response | undefined> {
    const lost = this.lostResponses.find((l) => l.remaining > 0 && l.cmdlet === cmdlet.toLowerCase());
    if (!lost) return undefined;
    lost.remaining--;
    if (lost.hang) await new Promise<void>((resolve) => this.hangWaiters.push(resolve));
    return faultResponse('exchange', 504);
  }

  clear(): void {
    this.lostResponses = [];
    this.failedCmdlets = [];
    this.failedGraphWrites = [];
    this.counted = [];
    this.latencies = [];
    this.hangs = [];
    this.outages.clear();
    this.setMailboxNoOps = [];
    this.releaseHangs();
  }

  /** Runs before a call is served: a Response means the fault answers instead of the service. */
  async apply(system: SimSystem, tenantId: string | null): Promise<Response | undefined> {
    const extra = this.latencies.filter((l) => matches(l, system, tenantId)).reduce((sum, l) => sum + l.ms, 0);
    if (extra > 0) await sleep(extra);
    const hang = this.hangs.find((h) => h.remaining > 0 && matches(h, system, tenantId));
    if (hang) {
      hang.remaining--;
      await new Promise<void>((resolve) => this.hangWaiters.push(resolve));
    }
    if (tenantId !== null && this.outages.get(tenantId)?.has(system)) return faultResponse(system, 503);
    const fault = this.counted.find((f) => f.remaining > 0 && matches(f, system, tenantId));
    if (!fault) return undefined;
    fault.remaining--;
    return faultResponse(system, fault.status, fault.retryAfterSeconds);
  }

  /** True when this Set-Mailbox should report success without applying. */
  takeSetMailboxNoOp(identities: string[]): boolean {
    const lower = identities.map((i) => i.toLowerCase());
    const noOp = this.setMailboxNoOps.find((n) => n.remaining > 0 && (n.identity === undefined || lower.includes(n.identity)));
    if (!noOp) return false;
    noOp.remaining--;
    return true;
  }
}

/** Each service's own error shape for an injected failure. */
function faultResponse(system: SimSystem, status: number, retryAfterSeconds?: number): Response {
  const headers: Record<string, string> = retryAfterSeconds === undefined ? {} : { 'Retry-After': String(retryAfterSeconds) };
  const throttled = status === 429;
  const unavailable = status === 503;
  if (system === 'login') {
    const code = throttled ? 'AADSTS50196' : 'AADSTS90033';
    const description = throttled ? 'The server terminated an operation because it encountered a client request loop.' : 'A transient error has occurred. Please try again.';
    return HttpResponse.json({ error: 'temporarily_unavailable', error_description: `${code}: ${description}`, error_codes: [Number(code.slice(6))] }, { status, headers });
  }
  const code = throttled ? 'TooManyRequests' : unavailable ? 'ServiceUnavailable' : system === 'graph' ? 'generalException' : 'InternalServerError';
  const message = throttled
    ? 'Too many requests. Retry after the interval in the Retry-After header.'
    : unavailable
      ? 'The service is temporarily unavailable. Please try again later.'
      : 'An internal server error occurred. The operation failed.';
  return HttpResponse.json({ error: { code, message } }, { status, headers });
}
