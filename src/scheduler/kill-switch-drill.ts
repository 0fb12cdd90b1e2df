import { engagedKillSwitch } from '../engine/gates.js';
import { setKillSwitch } from '../engine/kill-switch.js';
import type { KillScope, Store } from '../store/store.js';
import { raiseOperatorAlert } from './operator-alerts.js';

export const DRILL_ACTOR = 'scheduler:kill-switch-drill';
/**
 * The drill engages a switch of its own (a remediation id nothing is registered under), so live
 * work is never stopped by it; the path it exercises is the one every action takes: the switch
 * written to the shared store, then read back by the same gate the engine calls right before acting.
 */
export const DRILL_REMEDIATION_ID = 'kill-switch-drill';
const DRILL_CLIENT_ID = 'kill-switch-drill';
const DRILL_SCOPE: KillScope = { kind: 'remediation', id: DRILL_REMEDIATION_ID };

export interface DrillStep {
  step: string;
  ok: boolean;
  detail: string;
}

export interface DrillResult {
  passed: boolean;
  steps: DrillStep[];
}

/** A dry-run action: the gate first, then "act", which in a drill only records that it would have. */
async function dryRunAction(store: Store, acted: string[]): Promise<{ refused: boolean; by?: string }> {
  const kill = await engagedKillSwitch(store, DRILL_CLIENT_ID, DRILL_REMEDIATION_ID);
  if (kill) return { refused: true, by: kill.by };
  acted.push('dry-run: would act (nothing changed)');
  return { refused: false };
}

/**
 * The monthly kill-switch drill, in dry-run: engage, prove a dry-run action is refused, release,
 * prove it is allowed again. The result is audited (`kill_switch.drill`); a drill that does not
 * hold raises an operator alert. The switch is always released, whatever happens in between.
 */
export async function runKillSwitchDrill(store: Store, now: Date): Promise<DrillResult> {
  const at = () => now.toISOString();
  const steps: DrillStep[] = [];
  const acted: string[] = [];
  let engaged = false;
  try {
    await setKillSwitch(store, DRILL_SCOPE, true, DRILL_ACTOR, 'monthly kill-switch drill (dry-run)', at());
    engaged = true;
    const stored = (await store.listKillSwitches()).find((s) => s.scope.kind === 'remediation' && s.scope.id === DRILL_REMEDIATION_ID);
    steps.push({ step: 'engage', ok: stored?.engaged === true, detail: stored?.engaged ? 'engaged in the shared store' : 'the store does not show the switch engaged' });

    const blocked = await dryRunAction(store, acted);
    steps.push({ step: 'refused-while-engaged', ok: blocked.refused && acted.length === 0, detail: blocked.refused ? `refused by the switch set by ${blocked.by}` : 'the action was NOT refused' });

    await setKillSwitch(store, DRILL_SCOPE, false, DRILL_ACTOR, 'monthly kill-switch drill (dry-run): release', at());
    engaged = false;
    const allowed = await dryRunAction(store, acted);
    steps.push({ step: 'allowed-after-release', ok: !allowed.refused && acted.length === 1, detail: allowed.refused ? 'still refused after release' : acted[0]! });
  } catch (err) {
    steps.push({ step: 'error', ok: false, detail: err instanceof Error ? err.message : String(err) });
  } finally {
    if (engaged) await setKillSwitch(store, DRILL_SCOPE, false, DRILL_ACTOR, 'monthly kill-switch drill: released after a failure', at()).catch(() => undefined);
  }
  const passed = steps.length === 3 && steps.every((s) => s.ok);
  await store.appendAudit({ type: 'kill_switch.drill', at: at(), runId: null, ticketId: null, clientId: null, remediationId: DRILL_REMEDIATION_ID, outcome: passed ? 'passed' : 'failed', actor: DRILL_ACTOR, data: { steps } });
  if (!passed) {
    const bad = steps.filter((s) => !s.ok).map((s) => `${s.step}: ${s.detail}`).join('; ');
    await raiseOperatorAlert(store, { kind: 'kill_switch_drill_failed', remediationId: DRILL_REMEDIATION_ID, message: `the kill-switch drill failed: ${bad}`, detail: { steps } }, DRILL_ACTOR, now);
  }
  return { passed, steps };
}
