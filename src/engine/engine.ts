import { isTerminal, type Run } from '../model/run.js';
import type { Approval } from '../store/store.js';
import { recordApprovalDecision } from './approval-decision.js';
import type { EngineDeps } from './deps.js';
import { act, gateAndAct } from './act-step.js';
import { approvalStep } from './approval-step.js';
import { decideStep } from './decide-step.js';
import { documentStep } from './document-step.js';
import { OutsideApiError } from '../http/outside-api-error.js';
import { deferRun, shouldDefer } from './defer.js';
import { escalate } from './escalate.js';
import { type RunMemory, scopeFor } from './run-context.js';
import { ticketFor } from './alert-shadow.js';
import { audit, ConcurrentRunUpdateError } from './transition.js';
import { validateStep } from './validate-step.js';
import { withRunOwnership } from './run-owner.js';
import { withRunLog } from './run-log.js';
import { alertIntake } from './alert-intake.js';
import { wakeWhenSettled } from './alert-settle.js';
import { reopenOnReply } from './reopen-on-reply.js';

export interface Engine {
  /** Turns an accepted signal into a run and drives it as far as it can go. */
  handleSignal(signalId: string): Promise<Run | null>;
  /** Continues a persisted run from its state (after a restart, an approval, a resume sweep). */
  resumeRun(runId: string): Promise<Run | null>;
  /** Records a person's decision on a pending approval. The run continues when resumed. */
  decide(approvalId: string, decision: 'approved' | 'denied', by: string): Promise<Approval>;
}

export { ApprovalDecisionError } from './approval-decision.js';

export function createEngine(deps: EngineDeps): Engine {
  // `deps` here is the run's own (its logger carries the run and ticket ids).
  async function drive(run: Run, mem: RunMemory, deps: EngineDeps): Promise<Run> {
    // Each pass moves one state; a run needs at most a handful.
    for (let step = 0; step < 16 && !isTerminal(run.state); step++) {
      const before = run;
      switch (run.state) {
        case 'received':
          run = await decideStep(deps, run, mem);
          // An alert still settling: woken later (wakeWhenSettled), not spun here.
          if (run === before) return run;
          break;
        case 'decided':
          run = await gateAndAct(deps, run, scopeFor(deps, run, await ticketFor(deps, run, mem)), false);
          break;
        case 'awaiting_approval':
          run = await approvalStep(deps, run, mem);
          if (run === before || run.state === 'awaiting_approval') return run;
          break;
        case 'acting':
          run = await act(deps, run, scopeFor(deps, run, await ticketFor(deps, run, mem)));
          break;
        case 'validating':
          run = await validateStep(deps, run, scopeFor(deps, run, await ticketFor(deps, run, mem)));
          break;
        case 'documenting':
          run = await documentStep(deps, run, scopeFor(deps, run, await ticketFor(deps, run, mem)));
          break;
      }
    }
    return run;
  }

  async function guarded(run: Run, deliveryId?: string): Promise<Run | null> {
    return withRunOwnership(deps, run, () => driveOwned(run, deliveryId));
  }

  async function driveOwned(claimed: Run, deliveryId?: string): Promise<Run | null> {
    // Re-read under ownership: the run may have moved on since this job was queued.
    const run = (await deps.store.getRun(claimed.id)) ?? claimed;
    if (isTerminal(run.state)) return run;
    try {
      return await drive(run, {}, withRunLog(deps, run, deliveryId));
    } catch (err) {
      if (err instanceof ConcurrentRunUpdateError) return null;
      // A bug or an unexpected failure: never leave the ticket silent.
      const latest = (await deps.store.getRun(run.id)) ?? run;
      if (isTerminal(latest.state)) return latest;
      // A PSA re-read refused for now (429, outage): resumed by the stuck-run sweep, not escalated.
      if (err instanceof OutsideApiError && shouldDefer(deps, latest, err)) return deferRun(deps, latest, err);
      deps.log.error({ runId: run.id, err: err instanceof Error ? err.message : String(err) }, 'run failed unexpectedly');
      return escalate(deps, latest, 'api_error', `unexpected failure: ${err instanceof Error ? err.message : String(err)}`, {
        attempted: latest.actedAt ? ['the change was made before the failure; check it'] : [],
      });
    }
  }

  async function resume(runId: string): Promise<Run | null> {
    const run = await deps.store.getRun(runId);
    if (!run || isTerminal(run.state)) return run;
    return wake(await guarded(run));
  }

  // Alert runs that are still settling are resumed when due.
  const wake = (run: Run | null): Run | null => wakeWhenSettled(deps, run, resume);

  return {
    async handleSignal(signalId) {
      const signal = await deps.store.getSignal(signalId);
      if (!signal) return null;
      const existing = (await deps.store.listRuns({ signalId, limit: 1 }))[0];
      if (existing) return wake(await guarded(existing));
      if (signal.kind === 'alert' && signal.alert) {
        const intake = await alertIntake(deps, signal, signal.alert);
        return intake.drive && intake.run ? wake(await guarded(intake.run, signal.deliveryKey)) : intake.run;
      }
      if (signal.source !== 'connectwise' && signal.source !== 'autotask' && signal.source !== 'halopsa') return null;
      if (!signal.ticketId) return null;
      // A reply to a ticket the loop resolved reopens it; the run below then records the change as a duplicate.
      await reopenOnReply(deps, signal);
      const now = deps.clock().toISOString();
      const run: Run = {
        id: deps.newId(),
        signalId,
        installationId: signal.installationId,
        psa: signal.source,
        ticketId: signal.ticketId,
        clientId: null,
        remediationId: null,
        state: 'received',
        dryRun: false,
        classification: null,
        plan: null,
        claimKey: null,
        approvalId: null,
        escalationReason: null,
        detail: null,
        actedAt: null,
        validation: null,
        createdAt: now,
        updatedAt: now,
        version: 0,
      };
      await deps.store.createRun(run);
      await deps.store.markSignalProcessed(signalId, run.id);
      await audit(deps, run, { type: 'received', actor: signal.source, data: { signalId, action: signal.action, deliveryKey: signal.deliveryKey } });
      return guarded(run, signal.deliveryKey);
    },

    resumeRun: resume,

    decide: (approvalId, decision, by) => recordApprovalDecision(deps.store, deps.clock(), approvalId, decision, by),
  };
}
