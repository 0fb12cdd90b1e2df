import type { MatchResult } from '../../src/remediation/define.js';
import { clamp, device } from '../../src/triage/extract.js';
import type { NormalisedTicket } from '../../src/triage/types.js';

// Services an RMM may restart without a person; anything else is named but not trusted.
const KNOWN: [RegExp, string][] = [
  [/\b(print )?spooler\b|\bdrucker(warteschlange|spooler)\b/, 'Spooler'], [/\b(iis|w3svc|world wide web)\b/, 'W3SVC'],
  [/\bsql server agent\b/, 'SQLSERVERAGENT'], [/\bwindows update\b|\bwuauserv\b/, 'wuauserv'], [/\btime service\b|\bw32time\b/, 'W32Time'],
  [/\bdns client\b|\bdnscache\b/, 'Dnscache'], [/\bbits\b/, 'BITS'],
];
// "service desk", "customer service" are not Windows services.
const NOISE = /\b(service desk|customer service|service ticket|service request|servicedesk)\b/g;
const SERVICE = /\b(service|dienst|spooler|w3svc|wuauserv)\b/;
const RESTART = /\b(restart|re-start|bounce|start|stopped|not running|hung|crashed|neu ?starten|neustart|redemarrer|reiniciar|herstarten|gestopt)\b/;

/** The service-restart remediation's own matching rules. */
export function matchServiceRestart(t: NormalisedTicket): MatchResult | null {
  const text = t.text.replace(NOISE, ' ');
  if (!SERVICE.test(text) || !RESTART.test(text)) return null;
  const known = KNOWN.find(([re]) => re.test(text));
  const named = /\bthe ([\w .-]{2,30}?) service\b/.exec(text)?.[1];
  const reasons = [known ? `asks to restart the ${known[1]} service` : 'asks to restart a service that is not on the allowed list'];
  let confidence = known ? 0.9 : 0.6;
  const params: Record<string, string> = { action: 'restart' };
  if (known) params.service = known[1];
  else if (named) params.service = named;
  const dev = device(t);
  if (dev) params.device = dev;
  else { confidence -= 0.3; reasons.push('no device named: the RMM target is unknown'); }
  if (/\b(all|every|each)\b[^.\n]{0,15}\b(server|pc|computer|machine|device)s\b/.test(text)) { confidence -= 0.4; reasons.push('more than one device'); }
  return { confidence: clamp(confidence), reasons, params };
}
