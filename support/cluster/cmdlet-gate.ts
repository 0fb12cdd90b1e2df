import { http, type RequestHandler } from 'msw';

/**
 * An msw handler put in front of the Microsoft 365 simulator that can hold or slow down one
 * Exchange cmdlet BEFORE it is applied (the simulator's own latency also slows the reads, and
 * its `loseResponse` applies the change first). It answers nothing itself: after waiting it
 * falls through to the simulator, so the held call lands when released, even if the app process
 * that sent it has been killed meanwhile (the request had already reached Exchange).
 */
export interface CmdletGate {
  handler: RequestHandler;
  /** The next `count` calls of `cmdlet` wait until `release()`. */
  hold(cmdlet: string, count?: number): void;
  /** Every call of `cmdlet` first waits `ms()` milliseconds (e.g. a random delay). */
  delay(cmdlet: string, ms: () => number): void;
  /** Calls of `cmdlet` currently waiting (held or delayed). */
  waiting(cmdlet?: string): number;
  release(): void;
  reset(): void;
}

export function createCmdletGate(exchangeBase: string): CmdletGate {
  const holds: { cmdlet: string; remaining: number }[] = [];
  const delays = new Map<string, () => number>();
  let releasers: (() => void)[] = [];
  const inGate = new Map<string, number>();

  const handler = http.post(`${exchangeBase.replace(/\/$/, '')}/:tenantId/InvokeCommand`, async ({ request }) => {
    let name = '';
    try {
      const body = (await request.clone().json()) as { CmdletInput?: { CmdletName?: unknown } };
      name = String(body.CmdletInput?.CmdletName ?? '').toLowerCase();
    } catch {
      return undefined;
    }
    const hold = holds.find((h) => h.cmdlet === name && h.remaining > 0);
    const pause = delays.get(name);
    if (!hold && !pause) return undefined;
    inGate.set(name, (inGate.get(name) ?? 0) + 1);
    try {
      if (hold) {
        hold.remaining--;
        await new Promise<void>((resolve) => releasers.push(resolve));
      }
      if (pause) await new Promise((r) => setTimeout(r, pause()));
    } finally {
      inGate.set(name, (inGate.get(name) ?? 1) - 1);
    }
    return undefined;
  });

  const release = () => {
    const r = releasers;
    releasers = [];
    r.forEach((f) => f());
  };

  return {
    handler,
    hold(cmdlet, count = 1) {
      holds.push({ cmdlet: cmdlet.toLowerCase(), remaining: count });
    },
    delay(cmdlet, ms) {
      delays.set(cmdlet.toLowerCase(), ms);
    },
    waiting: (cmdlet) => (cmdlet === undefined ? [...inGate.values()].reduce((a, b) => a + b, 0) : (inGate.get(cmdlet.toLowerCase()) ?? 0)),
    release,
    reset() {
      holds.length = 0;
      delays.clear();
      release();
    },
  };
}
