import type { Command } from 'commander';
import { ApprovalDecisionError, recordApprovalDecision } from '../engine/approval-decision.js';
import { remediations } from '../../remediations/index.js';
import { killScopeProblem, setKillSwitch } from '../engine/kill-switch.js';
import { cliConfig } from './cli-config.js';
import type { Approval, KillScope, Store } from '../store/store.js';
import { withStore } from './open-cli-store.js';

const print = (value: unknown) => console.log(JSON.stringify(value, null, 2));

/**
 * `approvals approve|deny --plan <hash>`: the decision names the plan the operator saw (from
 * `approvals list`); another hash is refused, so a changed plan is never decided blind.
 */
export async function decideApprovalFromCli(store: Store, now: Date, approvalId: string, decision: 'approved' | 'denied', by: string, planHash?: string): Promise<Approval> {
  if (planHash !== undefined) {
    const approval = await store.getApproval(approvalId);
    if (approval && approval.planHash !== planHash.trim().toLowerCase()) {
      throw new ApprovalDecisionError(`approval '${approvalId}' is for plan ${approval.planHash} (${approval.planSummary}), not ${planHash}: list it again and decide on the plan it shows`);
    }
  }
  return recordApprovalDecision(store, now, approvalId, decision, by);
}

/** audit, approvals and kill-switch: operator commands that work on the store directly. */
export function registerOperatorCommands(program: Command): void {
  const audit = program.command('audit').description('query the audit trail, or verify its hash chain');
  audit
    .command('query', { isDefault: true })
    .description('list audit events (newest last)')
    .option('--ticket <id>')
    .option('--client <id>')
    .option('--remediation <id>')
    .option('--outcome <outcome>', 'resolved, escalated, rolled_back, dry_run, duplicate')
    .option('--run <id>')
    .option('--from <iso>', 'start of the time range (ISO 8601)')
    .option('--to <iso>', 'end of the time range (ISO 8601)')
    .option('--limit <n>', 'max events', '200')
    .option('--data-dir <dir>')
    .action(async (o) => {
      const events = await withStore(o, (s) =>
        s.queryAudit({ ticketId: o.ticket, clientId: o.client, remediationId: o.remediation, outcome: o.outcome, runId: o.run, from: o.from, to: o.to, limit: Number(o.limit) }),
      );
      print(events);
    });
  audit
    .command('verify')
    .description('recompute the hash chain; exits 1 if any event was edited, removed or reordered')
    .option('--data-dir <dir>')
    .action(async (o) => {
      const result = await withStore(o, (s) => s.verifyAudit());
      print(result);
      if (!result.ok) process.exitCode = 1;
    });

  const approvals = program.command('approvals').description('list and decide pending approvals');
  approvals
    .command('list')
    .option('--status <status>', 'pending, approved, denied, expired, voided', 'pending')
    .option('--data-dir <dir>')
    .action(async (o) => print(await withStore(o, (s) => s.listApprovals(o.status))));
  for (const [name, decision] of [
    ['approve', 'approved'],
    ['deny', 'denied'],
  ] as const) {
    approvals
      .command(`${name} <approvalId>`)
      .option('--by <who>', 'who decides (recorded in the audit)', process.env.USER ?? 'cli')
      .requiredOption('--plan <hash>', 'the plan hash shown by `approvals list`: refused if the approval is for another plan')
      .option('--data-dir <dir>')
      .action(async (id: string, o) => {
        const a = await withStore(o, (s) => decideApprovalFromCli(s, new Date(), id, decision, o.by, o.plan));
        print({ approval: a, planHash: a.planHash, next: 'the running server picks the run up within a second and re-checks the plan before acting' });
      });
  }

  const kill = program.command('kill-switch').description('stop (or allow) automated changes: global, per client or per remediation');
  for (const [name, engaged] of [
    ['on', true],
    ['off', false],
  ] as const) {
    kill
      .command(name)
      .option('--client <id>', 'only this client (with --remediation: only that remediation there)')
      .option('--remediation <id>', 'only this remediation')
      .option('--reason <text>', 'why', '')
      .option('--by <who>', 'who', process.env.USER ?? 'cli')
      .option('--config <file>', 'the config whose client ids are valid (default: $TICKETFIX_CONFIG, else the sandbox)')
      .option('--data-dir <dir>')
      .action(async (o) => {
        const scope: KillScope =
          o.client && o.remediation
            ? { kind: 'client-remediation', clientId: o.client, id: o.remediation }
            : o.client
              ? { kind: 'client', id: o.client }
              : o.remediation
                ? { kind: 'remediation', id: o.remediation }
                : { kind: 'global' };
        // A switch that names nothing would report success and stop nothing: refuse it (exit 1).
        const known = { clients: scope.kind === 'global' ? [] : (await cliConfig(o)).config.clients.map((c) => c.id), remediations: remediations.map((r) => r.id) };
        await withStore(o, async (s) => {
          const problem = killScopeProblem(scope, engaged, known, await s.listKillSwitches());
          if (problem) throw new Error(`nothing was changed: ${problem}`);
          await setKillSwitch(s, scope, engaged, o.by, o.reason, new Date().toISOString());
        });
        print({ scope, engaged });
      });
  }
  kill
    .command('status')
    .option('--data-dir <dir>')
    .action(async (o) => print(await withStore(o, (s) => s.listKillSwitches())));
}
