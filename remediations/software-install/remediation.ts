import { defineRemediation } from '../../src/remediation/define.js';
import type { Ticket } from '../../src/model/ticket.js';
import { normalise } from '../../src/triage/normalise.js';
import { checkInstalled, install, uninstall } from './install.js';
import { matchSoftwareInstall } from './match.js';
import { planInstall } from './plan.js';
import { SoftwareInstallInput, SoftwareInstallSettings } from './settings.js';

/** Text tickets may classify here, but only an RMM software request (structured device + application) gets a plan. */
const matchTicket = (t: Ticket) => matchSoftwareInstall(normalise({ summary: t.summary, description: t.description, contactEmail: t.contactEmail, source: t.psa }));

/** Installs an application from the client's approved catalogue through the client's RMM. */
export const softwareInstall = defineRemediation<SoftwareInstallInput, SoftwareInstallSettings>({
  id: 'software-install',
  version: '1.0.0',
  title: 'Catalogue software install',
  description: "Installs an application from the client's approved catalogue (winget / Chocolatey) on the requesting device through the RMM; validates through the RMM's software inventory; anything else waits for approval or escalates per policy.",
  metadata: {
    owner: 'automation-team@msp.example',
    runbook: 'docs/runbooks/software-install.md',
    reviewDate: '2027-05-31',
    changelog: [{ version: '1.0.0', date: '2026-11-26', change: 'First release: catalogue per client, out-of-catalogue policy, choco exit codes, inventory validation, uninstall rollback.' }],
  },
  riskClass: 'medium',
  blastRadius: { maxTargets: 1 },
  rollbackPolicy: { strategy: 'automatic', description: 'Uninstalls the package through the same package manager and checks the inventory no longer lists it.' },
  timeEntryMinutes: 10,
  needs: ['rmm'],
  settingsSchema: SoftwareInstallSettings,
  inputSchema: SoftwareInstallInput,
  match: matchTicket,
  plan: (ctx, match) => planInstall(ctx, match),
  act: (ctx, input) => install(ctx.rmm!, input, ctx.remember),
  validate: (ctx, input) => checkInstalled(ctx.rmm!, input, true, ctx.acted),
  rollback: (ctx, input) => uninstall(ctx.rmm!, input),
  noteVariables: ['application', 'device', 'rebootNeeded'],
  customerNote(input, _prior, validation) {
    const reboot = validation.observed.rebootPending === true;
    return {
      problem: `You asked for ${input.application} on ${input.deviceName}.`,
      action: `We installed ${input.application} on ${input.deviceName}.`,
      nextStep: reboot ? 'Please restart the computer when convenient to finish the installation.' : 'You can start it from the Start menu.',
      values: { application: input.application, device: input.deviceName, rebootNeeded: reboot ? 'yes' : 'no' },
    };
  },
  internalNote(input, _prior, validation) {
    const pkg = `${input.package.manager} package ${input.package.id}${input.package.version ? ` ${input.package.version}` : ''}`;
    return [
      `Requested: ${input.application} on ${input.deviceName}${input.inCatalogue ? " (in the client's approved catalogue)" : ' (outside the catalogue, approved by a person)'}.`,
      `What was done: installed the ${pkg} through the RMM.${validation.observed.rebootPending === true ? ' A reboot is pending to finish the install.' : ''}`,
    ].join('\n');
  },
});
