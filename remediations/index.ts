import type { RemediationDefinition } from '../src/remediation/define.js';
import { mailboxQuota } from './mailbox-quota/remediation.js';
import { passwordReset } from './password-reset/remediation.js';
import { distributionList } from './distribution-list/remediation.js';
import { securityGroup } from './security-group/remediation.js';
import { serviceRestart } from './service-restart/remediation.js';
import { softwareInstall } from './software-install/remediation.js';

/** Every remediation the engine can run. Registered here by hand: no runtime discovery. */
export const remediations = [mailboxQuota, passwordReset, distributionList, securityGroup, serviceRestart, softwareInstall] as unknown as readonly RemediationDefinition<never, never>[];
