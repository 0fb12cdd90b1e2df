import type { MatchResult } from '../../src/remediation/define.js';
import { clamp, device } from '../../src/triage/extract.js';
import type { NormalisedTicket } from '../../src/triage/types.js';

// The approved catalogue: only these can be installed without a person choosing a package.
const CATALOGUE: [RegExp, string][] = [
  [/\bzoom\b/, 'Zoom'], [/\bteams\b/, 'Microsoft Teams'], [/\b(google )?chrome\b/, 'Google Chrome'], [/\bfirefox\b/, 'Mozilla Firefox'],
  [/\b(adobe )?(acrobat )?reader\b/, 'Adobe Acrobat Reader'], [/\b7-?zip\b/, '7-Zip'], [/\bnotepad\+\+/, 'Notepad++'], [/\bvlc\b/, 'VLC'],
  [/\bslack\b/, 'Slack'], [/\bwebex\b/, 'Webex'], [/\b(vs ?code|visual studio code)\b/, 'Visual Studio Code'], [/\bcitrix workspace\b/, 'Citrix Workspace'],
];
const VERB = /\b(install|installed|installing|deploy|installieren|installer|instalar|installeren)\b/;
const ASK = /\b(need|needs|please|pls|can you|could you|would like|want|request|bitte|besoin|necesito|graag|nodig)\b/;
// Removal is not install: "remove Zoom" goes to a person (there is no removal remediation yet).
const REMOVAL = /\b(uninstall|remove|removal|deinstall\w*|get rid of|desinstaller|desinstalar|verwijder\w*|entfernen)\b/;
// Installs that are not a catalogue app: drivers, the OS, admin rights.
const NOT_THIS = /\b(printer|driver|windows 1\d|operating system|os|server|font)\b/;
// Not asking for an install at all: "I haven't installed anything new".
const NEGATED = /\b(haven'?t|have not|didn'?t|did not|never|nothing)\b[^.\n]{0,20}\binstall/;

/** A hard veto: a removal, a driver / OS / server install, or no install asked for. */
export function vetoSoftwareInstall(t: NormalisedTicket): string | undefined {
  if (REMOVAL.test(t.text)) return 'asks to remove software: removal is not an install (escalate)';
  if (NOT_THIS.test(t.text)) return 'an install that is not a catalogue application (driver, OS, server)';
  if (NEGATED.test(t.text)) return 'says nothing was installed: not an install request';
  return undefined;
}
const TROUBLE = /\b(won't install|fails? to install|failed|error|crash\w*|not working|keeps)\b/;
const BILLING = /\b(licen[cs]e|subscription|purchase|buy)\b/;

/** The software-install remediation's own matching rules. */
export function matchSoftwareInstall(t: NormalisedTicket): MatchResult | null {
  const app = CATALOGUE.find(([re]) => re.test(t.text));
  if (!VERB.test(t.text) && !(app && REMOVAL.test(t.text))) return null;
  if (REMOVAL.test(t.text)) return { confidence: 0.1, reasons: ['asks to remove software: removal is not an install (escalate)'], params: { action: 'remove' } };
  const veto = vetoSoftwareInstall(t);
  if (veto) return { confidence: 0.15, reasons: [veto], params: {} };
  const reasons = [app ? `asks to install ${app[1]} (in the approved catalogue)` : 'asks to install an application that is not in the catalogue'];
  let confidence = app ? 0.86 : 0.55;
  if (ASK.test(t.text)) confidence += 0.06;
  if (TROUBLE.test(t.text)) { confidence -= 0.25; reasons.push('reads like troubleshooting an install, not a request'); }
  if (BILLING.test(t.text)) { confidence -= 0.3; reasons.push('mentions a licence or purchase'); }
  const params: Record<string, string> = { action: 'add' };
  if (app) params.application = app[1];
  const dev = device(t);
  if (dev) params.device = dev;
  else if (t.contactEmail) { params.user = t.contactEmail; reasons.push("on the contact's own device"); }
  else { confidence -= 0.3; reasons.push('no device or user to install for'); }
  return { confidence: clamp(confidence), reasons, params };
}
