import type { RemediationMatcher } from '../src/triage/types.js';
import { matchDistributionList } from './distribution-list/match.js';
import { matchMailboxQuota } from './mailbox-quota/match.js';
import { matchPasswordReset } from './password-reset/match.js';
import { matchSecurityGroup } from './security-group/match.js';
import { matchServiceRestart } from './service-restart/match.js';
import { matchSoftwareInstall } from './software-install/match.js';

/** Every remediation's own matching rules; the triage composes them (see src/triage/triage.ts). */
export const MATCHERS: readonly RemediationMatcher[] = [
  { id: 'mailbox-quota', match: matchMailboxQuota },
  { id: 'password-reset', match: matchPasswordReset },
  { id: 'software-install', match: matchSoftwareInstall },
  { id: 'distribution-list', match: matchDistributionList },
  { id: 'security-group', match: matchSecurityGroup },
  { id: 'service-restart', match: matchServiceRestart },
];
