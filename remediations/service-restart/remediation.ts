import { defineRemediation } from '../../src/remediation/define.js';
import type { Ticket } from '../../src/model/ticket.js';
import { normalise } from '../../src/triage/normalise.js';
import { matchServiceRestart } from './match.js';
import { planRestart } from './plan.js';
import { checkRunning, restartAll } from './restart.js';
import { ServiceRestartInput, ServiceRestartSettings } from './settings.js';

/** Text tickets may classify here, but only an RMM alert (structured device + service) gets a plan. */
const matchTicket = (t: Ticket) => matchServiceRestart(normalise({ summary: t.summary, description: t.description, contactEmail: t.contactEmail, source: t.psa }));

/** Known-issue service restart through the client's RMM, driven by the RMM's own alert. */
export const serviceRestart = defineRemediation<ServiceRestartInput, ServiceRestartSettings>({
  id: 'service-restart',
  version: '1.0.0',
  title: 'Known-issue service restart',
  description: "Restarts a Windows service on the client's known-issue allow-list when the RMM reports it stopped; validates that it runs and the RMM check passes; escalates restart loops; a storm over many devices needs approval.",
  metadata: {
    owner: 'automation-team@msp.example',
    runbook: 'docs/runbooks/service-restart.md',
    reviewDate: '2027-05-31',
    changelog: [{ version: '1.0.0', date: '2026-11-26', change: 'First release: allow-list per device group, recurring guard, storm approval.' }],
  },
  riskClass: 'low',
  blastRadius: { maxTargets: 5 },
  rollbackPolicy: { strategy: 'manual', description: 'A restart cannot be undone; a service that does not stay up goes to a technician with what was tried.' },
  timeEntryMinutes: 10,
  needs: ['rmm'],
  settingsSchema: ServiceRestartSettings,
  inputSchema: ServiceRestartInput,
  match: matchTicket,
  plan: (ctx, match) => planRestart(ctx, match),
  act: (ctx, input) => restartAll(ctx.rmm!, input),
  validate: (ctx, input) => checkRunning(ctx.rmm!, input),
  rollback: async () => ({ ok: false, observed: {}, message: 'a service restart has no automatic rollback' }),
  noteVariables: ['service', 'devices'],
  customerNote(input, _prior, validation) {
    const devices = input.devices.map((d) => d.name).join(', ');
    return {
      problem: `The ${input.service} service on ${devices} had stopped.`,
      action: validation.ok ? `We restarted it and checked that it is running again.` : `We restarted it.`,
      nextStep: 'If the problem shows again, reply to this ticket.',
      values: { service: input.service, devices },
    };
  },
  internalNote(input, prior, validation) {
    const was = (prior.serviceStatus ?? {}) as Record<string, string>;
    return [
      `What stopped: the ${input.service} service on ${input.devices.map((d) => `${d.name} (${was[d.id] ?? 'stopped'})`).join(', ')}${input.alertId ? `, reported by RMM alert ${input.alertId}` : ''}.`,
      `What was done: the service was restarted through the RMM (it is on the client's known-issue allow-list); ${validation.ok ? 'it is running again' : 'see the validation'}.`,
    ].join('\n');
  },
});
