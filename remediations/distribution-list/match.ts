import type { MatchResult } from '../../src/remediation/define.js';
import { clamp, groupName, membershipAction, targetUser, withoutEmail } from '../../src/triage/extract.js';
import type { NormalisedTicket } from '../../src/triage/types.js';

const KIND = 'distribution list|distribution group|mailing list|dl|verteiler(?:liste)?|liste de diffusion|lista de distribucion|distributielijst';
const LIST = new RegExp(`\\b(${KIND})\\b`);
// A plain "group" could be a list or a security group: it matches weakly, so ambiguity shows.
const PLAIN_GROUP = /\b(group|gruppe|groupe|grupo|groep)\b/;
// Creating, deleting or renaming a list is not a membership change: never act.
const NOT_THIS = new RegExp(`\\b(create|set up|setup|make|delete|rename|erstellen|creer|crear|aanmaken)\\b[^.\\n]{0,25}\\b(${KIND}|list|group)\\b|\\bnew (${KIND})\\b`);

/** A hard veto: creating, deleting or renaming a list is not a membership change. */
export function vetoDistributionList(t: NormalisedTicket): string | undefined {
  return NOT_THIS.test(t.text) ? 'asks to create or delete a list, not to change its members' : undefined;
}

/** The distribution-list membership remediation's own matching rules. */
export function matchDistributionList(t: NormalisedTicket): MatchResult | null {
  const list = LIST.test(t.text);
  const plain = !list && PLAIN_GROUP.test(t.text) && !/\b(security|ad|entra|sicherheitsgruppe)\b|\bsg[-_]/.test(t.text);
  if (!list && !plain) return null;
  if (NOT_THIS.test(t.text)) return { confidence: 0.1, reasons: ['asks to create or delete a list, not to change its members'], params: {} };
  const action = membershipAction(t);
  const reasons = [list ? 'names a distribution list' : 'names a group that may be a distribution list'];
  let confidence = list ? 0.9 : 0.6;
  if (!action) { confidence -= 0.45; reasons.push('no clear add or remove'); }
  const group = groupName(t, list ? KIND : 'group|gruppe|groupe|grupo|groep');
  if (!group) { confidence -= 0.2; reasons.push('the list could not be identified'); }
  const target = targetUser(withoutEmail(t, group));
  confidence += target.adjust;
  reasons.push(target.reason);
  const params: Record<string, string> = {};
  if (action) params.action = action;
  if (group) params.group = group;
  if (target.user) params.user = target.user;
  return { confidence: clamp(confidence), reasons, params };
}
