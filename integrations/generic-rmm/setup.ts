import type { RmmDoctorResult, RmmInstallResult, RmmRuntimeOptions, RmmSetup } from '../rmm-integration.js';
import { envCheck } from '../rmm-setup-checks.js';
import type { GenericRmmInstallation } from './installation-schema.js';

const pasteText = (install: GenericRmmInstallation, webhookUrl: string) =>
  [
    `The script policy POSTs JSON to ${webhookUrl}`,
    `with X-Ticketfix-Timestamp: <unix seconds> and X-Ticketfix-Signature: sha256=<hex HMAC-SHA256 of "<timestamp>.<raw body>" keyed with the value of ${install.generic.secretEnv}>`,
    'Body and examples: docs/generic-rmm-callback.md',
  ].join('\n');

export async function genericInstall(install: GenericRmmInstallation, setup: RmmSetup): Promise<RmmInstallResult> {
  return { registered: false, detail: 'a generic callback has no RMM API: configure the script policy as below', paste: pasteText(install, setup.webhookUrl) };
}

export async function genericDoctor(install: GenericRmmInstallation, setup: RmmSetup, o: RmmRuntimeOptions): Promise<RmmDoctorResult> {
  const mapped = setup.organisationIds.includes(install.generic.organisationId);
  return {
    checks: [
      envCheck('signing secret', o.env, install.generic.secretEnv),
      mapped ? { name: 'organisation mapped', ok: true, detail: `${install.generic.organisationId} is mapped to a client` } : { name: 'organisation mapped', ok: false, detail: `no client maps organisation ${install.generic.organisationId} of this installation` },
      { name: 'RMM API', ok: true, detail: 'none: alerts in only; remediations on these alerts escalate to a person' },
    ],
    paste: pasteText(install, setup.webhookUrl),
  };
}
