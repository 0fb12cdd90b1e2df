import type { RemediationMatcher } from '../src/triage/types.js';
import { matchDistributionList, vetoDistributionList } from './distribution-list/match.js';
import { matchMailboxQuota } from './mailbox-quota/match.js';
import { matchPasswordReset, vetoPasswordReset } from './password-reset/match.js';
import { matchSecurityGroup, vetoSecurityGroup } from './security-group/match.js';
import { matchServiceRestart } from './service-restart/match.js';
import { matchSoftwareInstall, vetoSoftwareInstall } from './software-install/match.js';

/**
 * Every remediation's own matching rules; the triage composes them (see src/triage/triage.ts).
 * A veto is a hard "not this", whatever the learned classifier scores.
 */
export const MATCHERS: readonly RemediationMatcher[] = [
  { id: 'mailbox-quota', match: matchMailboxQuota },
  { id: 'password-reset', match: matchPasswordReset, veto: vetoPasswordReset },
  { id: 'software-install', match: matchSoftwareInstall, veto: vetoSoftwareInstall },
  { id: 'distribution-list', match: matchDistributionList, veto: vetoDistributionList },
  { id: 'security-group', match: matchSecurityGroup, veto: vetoSecurityGroup },
  { id: 'service-restart', match: matchServiceRestart },
];
