import type { KillScope, Store } from '../store/store.js';

/** Engages or releases a kill switch and records who did it. Every instance reads it before acting. */
export async function setKillSwitch(store: Store, scope: KillScope, engaged: boolean, by: string, reason: string, at: string): Promise<void> {
  await store.setKillSwitch(scope, engaged, by, reason, at);
  await store.appendAudit({
    type: 'kill_switch.set',
    runId: null,
    ticketId: null,
    clientId: scope.kind === 'client' ? scope.id : scope.kind === 'client-remediation' ? scope.clientId : null,
    remediationId: scope.kind === 'remediation' || scope.kind === 'client-remediation' ? scope.id : null,
    outcome: null,
    actor: by,
    data: { scope, engaged, reason },
  });
}
