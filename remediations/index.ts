import type { RemediationDefinition } from '../src/remediation/define.js';
import { mailboxQuota } from './mailbox-quota/remediation.js';

/** Every remediation the engine can run. Registered here by hand: no runtime discovery. */
export const remediations = [mailboxQuota] as unknown as readonly RemediationDefinition<never, never>[];
