import { MATCHERS } from '../../remediations/matchers.js';
import { abstentions, type Abstention } from './abstain.js';
import { targetUser, withoutEmail } from './extract.js';
import { featurise } from './features.js';
import { calibrate, probabilities, topFeatures, type LinearModel } from './linear-model.js';
import type { Candidate } from './triage.js';
import { REMEDIATION_IDS, type NormalisedTicket, type RemediationId, type RemediationMatcher } from './types.js';

/** What the learned classifier makes of a ticket, before the policy threshold. */
export interface ModelView {
  /** The most likely class, 'none' included. */
  top: RemediationId | null;
  /** The most likely remediation (the one the confidence is about). */
  best: RemediationId;
  /** The model's probability for `best`: the raw score calibration maps to a precision. */
  score: number;
  /** Calibrated: the precision observed at this score on held-out folds. */
  confidence: number;
  /** The features that weighed most for `best` (its reasons). */
  features: string[];
  abstain: Abstention[];
}

const pretty = (f: string): string => {
  const [kind, ...rest] = f.split(':');
  const v = rest.join(':');
  if (kind === 'w' || kind === 'b') return `"${v}"`;
  if (kind === 's') return `"${v}" in the title`;
  if (kind === 'c') return `"${v.trim()}…"`;
  if (kind === 'r') return `the ${v} rules`;
  if (kind === 'r1') return `the rules' first choice ${v}`;
  return v;
};

// What a plain "group" is for: a share or folder (security group) or mail (distribution list), in any language.
const GROUP_CUE = /(share|folder|drive|access|zugriff|acces|toegang|dostep|ordner|dossier|carpeta|\bmap\b|cartella|pasta|mail|\blist)/;
// "my manager's mailbox" with no name or address: the target would be a guess.
const UNNAMED_OTHER = /\bmy (manager|boss|director|ceo|colleague|assistant|team ?lead|supervisor)'s\b/;

// Server roles whose outage is not a routine service restart (any RMM's wording).
const SERVER_ROLE = new RegExp('\\b(msexchange\\w*|microsoft exchange|exchange (server|transport|information store)|mssql\\w*|sql ?server|sqlagent\\w*|' +
  'ntds|netlogon|active directory|dns server|dhcp server|kdc|hyper-v|vmms|w3svc|iis)\\b|\\b\\w+-(exch|sql|dc|hv)\\w*\\b');
// One mailbox is full for one person; "nobody gets email" is an outage.
const EVERYONE = new RegExp('\\b(nobody|no one|noone|everyone|everybody|all users|all of us|whole (office|company|team|firm)|' +
  'niemand|personne|nadie|nessuno|ninguem|nikt|tout le monde|alle)\\b(?! else)');

/** The chosen remediation's own hard "not this", and targets no single automatic action can take, as reasons to abstain. */
function ruleVeto(
  matchers: readonly RemediationMatcher[],
  id: RemediationId,
  t: NormalisedTicket,
  rules: readonly Pick<Candidate, 'id' | 'params' | 'reasons'>[],
): Abstention[] {
  const out: Abstention[] = [];
  const cand = rules.find((r) => r.id === id);
  const plainGroup = rules.filter((r) => r.reasons?.[0]?.startsWith('names a group that may be')).length === 2;
  if ((id === 'distribution-list' || id === 'security-group') && plainGroup && !GROUP_CUE.test(t.text)) {
    out.push({ code: 'target-unclear', reason: 'a plain "group" could be a distribution list or a security group' });
  }
  const reason = matchers.find((x) => x.id === id)?.veto?.(t);
  if (reason) out.push({ code: 'not-a-bounded-change', reason });
  if (id === 'service-restart' && SERVER_ROLE.test(t.text)) {
    out.push({ code: 'outside-tenant', reason: 'a server role (mail, database, directory) outage: a person handles it' });
  }
  if (id === 'service-restart') return out;
  if (id === 'mailbox-quota' && EVERYONE.test(t.text)) out.push({ code: 'bundle', reason: 'affects everyone, not one mailbox: an outage, a person looks' });
  const target = targetUser(withoutEmail(t, cand?.params.group));
  if (target.user?.includes(',')) out.push({ code: 'bundle', reason: target.reason });
  else if (id !== 'distribution-list' && /whole team/.test(target.reason)) out.push({ code: 'bundle', reason: target.reason });
  else if (UNNAMED_OTHER.test(t.text) && !t.emails.length && !/on behalf of|for "/.test(target.reason)) {
    out.push({ code: 'target-unclear', reason: 'about someone other than the contact, not named' });
  }
  return out;
}

/** Runs the classifier on a ticket and the rules' candidates (the rules' confidences are features too). */
export function modelView(
  m: LinearModel,
  t: NormalisedTicket,
  rules: readonly Pick<Candidate, 'id' | 'confidence' | 'params' | 'reasons'>[],
  matchers: readonly RemediationMatcher[] = MATCHERS,
): ModelView {
  const x = featurise(t, rules);
  const p = probabilities(m, x);
  const idx = (id: string) => m.classes.indexOf(id);
  let best: RemediationId = REMEDIATION_IDS[0];
  for (const id of REMEDIATION_IDS) if ((p[idx(id)] ?? 0) > (p[idx(best)] ?? 0)) best = id;
  const none = idx('none');
  const top = (p[none] ?? 0) > (p[idx(best)] ?? 0) ? null : best;
  // Reasons: what separates the pick from its strongest rival.
  let rival = none;
  for (let c = 0; c < p.length; c++) if (c !== idx(best) && p[c]! > (rival === idx(best) ? -1 : p[rival]!)) rival = c;
  const score = p[idx(best)] ?? 0;
  return {
    top,
    best,
    score,
    confidence: calibrate(m, score),
    features: topFeatures(m, x, idx(best), rival).map((f) => pretty(f.feature)),
    abstain: [...abstentions(t), ...ruleVeto(matchers, best, t, rules)],
  };
}
