import type { MatchResult } from '../../src/remediation/define.js';
import { clamp, groupName, membershipAction, targetUser, withoutEmail } from '../../src/triage/extract.js';
import type { NormalisedTicket } from '../../src/triage/types.js';

const KIND = 'security group|sg|ad group|azure ad group|entra group|sicherheitsgruppe|groupe de securite|grupo de seguridad|beveiligingsgroep';
const SECURITY = new RegExp(`\\b(${KIND})\\b|\\bsg[-_]\\w+`);
// A plain "group" could be a list or a security group: it matches weakly, so ambiguity shows.
const PLAIN_GROUP = /\b(group|gruppe|groupe|grupo|groep)\b/;
const NOT_THIS = /\b(create|set up|setup|make|delete|rename|erstellen|creer|crear|aanmaken)\b[^.\n]{0,25}\b(group|sg)\b|\bnew (security )?group\b/;
// Privileged groups: the classification stands, but never with enough confidence to act alone.
const PRIVILEGED = /\b(domain admins?|global admin\w*|administrators?|enterprise admins|privileged)\b/;

/** A hard veto: creating or deleting a group, or a privileged group. */
export function vetoSecurityGroup(t: NormalisedTicket): string | undefined {
  if (NOT_THIS.test(t.text)) return 'asks to create or delete a group, not to change its members';
  if (PRIVILEGED.test(t.text)) return 'a privileged group: a person decides';
  return undefined;
}

/** The security-group membership remediation's own matching rules. */
export function matchSecurityGroup(t: NormalisedTicket): MatchResult | null {
  const sec = SECURITY.test(t.text);
  const plain = !sec && PLAIN_GROUP.test(t.text) && !/\b(distribution|mailing|dl)\b/.test(t.text);
  if (!sec && !plain) return null;
  if (NOT_THIS.test(t.text)) return { confidence: 0.1, reasons: ['asks to create or delete a group, not to change its members'], params: {} };
  const action = membershipAction(t);
  const reasons = [sec ? 'names a security group' : 'names a group that may be a security group'];
  let confidence = sec ? 0.9 : 0.6;
  if (!action) { confidence -= 0.45; reasons.push('no clear add or remove'); }
  const group = /\b(sg[-_][\w-]+)/i.exec(t.cased)?.[1] ?? groupName(t, sec ? KIND : 'group|gruppe|groupe|grupo|groep');
  if (!group) { confidence -= 0.2; reasons.push('the group could not be identified'); }
  if (PRIVILEGED.test(t.text)) { confidence -= 0.3; reasons.push('a privileged group: a person decides'); }
  const target = targetUser(withoutEmail(t, group));
  confidence += target.adjust;
  reasons.push(target.reason);
  const params: Record<string, string> = {};
  if (action) params.action = action;
  if (group) params.group = group;
  if (target.user) params.user = target.user;
  return { confidence: clamp(confidence), reasons, params };
}
