import { parameterError, validationError } from './exchange-errors.js';
import { formatExchangeSize, parseQuotaInput } from './exchange-size-format.js';
import type { SimTenant } from './m365-sim-state.js';
import { checkParameters, param, requireMailbox, type CmdletResult } from './exchange-cmdlet-params.js';
import type { SimFaults } from './sim-faults.js';

const QUOTAS = [
  { name: 'IssueWarningQuota', key: 'issueWarningBytes' },
  { name: 'ProhibitSendQuota', key: 'prohibitSendBytes' },
  { name: 'ProhibitSendReceiveQuota', key: 'prohibitSendReceiveBytes' },
] as const;

const UNLIMITED_TYPE = 'Microsoft.Exchange.Data.Unlimited`1[Microsoft.Exchange.Data.ByteQuantifiedSize]';
const asNumber = (bytes: number | null) => (bytes === null ? Infinity : bytes);

/**
 * Set-Mailbox for the quota parameters, with Exchange's checks: each value parses, the three
 * stay ordered (IssueWarning ≤ ProhibitSend ≤ ProhibitSendReceive, Unlimited counting as the
 * largest) and none exceeds the licence's mailbox-plan maximum.
 */
export function setMailbox(tenant: SimTenant, faults: SimFaults, params: Record<string, unknown>): CmdletResult {
  checkParameters(params, ['Identity', ...QUOTAS.map((q) => q.name), 'UseDatabaseQuotaDefaults']);
  const user = requireMailbox(tenant, params);
  const m = user.mailbox;
  const next = { issueWarningBytes: m.issueWarningBytes, prohibitSendBytes: m.prohibitSendBytes, prohibitSendReceiveBytes: m.prohibitSendReceiveBytes };
  for (const q of QUOTAS) {
    const raw = param(params, q.name);
    if (raw === undefined) continue;
    const parsed = parseQuotaInput(raw);
    if (parsed === undefined) {
      throw parameterError(`Cannot process argument transformation on parameter '${q.name}'. Cannot convert value "${String(raw)}" to type "${UNLIMITED_TYPE}". Error: "The value "${String(raw)}" isn't a valid byte quantified size."`);
    }
    next[q.key] = parsed;
  }
  for (const [lower, upper] of [
    [QUOTAS[0], QUOTAS[1]],
    [QUOTAS[1], QUOTAS[2]],
  ] as const) {
    if (asNumber(next[lower.key]) > asNumber(next[upper.key])) {
      throw validationError(
        `The value of property '${lower.name}' must be less than or equal to that of property '${upper.name}'. ${lower.name}: ${formatExchangeSize(next[lower.key])}, ${upper.name}: ${formatExchangeSize(next[upper.key])}.`,
      );
    }
  }
  for (const q of QUOTAS) {
    if (asNumber(next[q.key]) > m.licenceMaxBytes) {
      const plan = m.mailboxPlan.split('-')[0] ?? m.mailboxPlan;
      throw validationError(
        `The value of ${q.name} (${formatExchangeSize(next[q.key])}) exceeds the maximum allowed by the mailbox plan '${plan}' (${formatExchangeSize(m.licenceMaxBytes)}).`,
        'Microsoft.Exchange.Management.Tasks.RecipientTaskException',
      );
    }
  }
  const unchanged = QUOTAS.every((q) => next[q.key] === m[q.key]);
  if (unchanged) return { rows: [], warnings: [`The command completed successfully but no settings of '${user.alias}' have been modified.`] };
  // The "succeeded but nothing happened" fault: the answer is identical to a real success.
  if (faults.takeSetMailboxNoOp([user.userPrincipalName, user.mail, user.alias, user.id])) return { rows: [], warnings: [] };
  Object.assign(m, next, { whenChanged: new Date().toISOString() });
  return { rows: [], warnings: [] };
}
