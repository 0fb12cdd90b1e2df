import type { MatchResult } from '../../src/remediation/define.js';
import { clamp, targetUser } from '../../src/triage/extract.js';
import type { NormalisedTicket } from '../../src/triage/types.js';

// Read on normalised text (lowercase, accents folded, "pasword"/"Passwort" already "password").
const PW = '(passwords?|kennwort|mot de passe|contrasena|clave|wachtwoord)';
const STRONG = [
  new RegExp(`\\b(reset|change|new|temporary|temp|zurucksetzen|reinitialiser|restablecer|resetten)\\b[^.\\n]{0,25}\\b${PW}\\b`),
  new RegExp(`\\b${PW}\\b[^.\\n]{0,30}\\b(reset|expired|forgotten|forgot|zurucksetzen|vergessen|abgelaufen|oublie|reinitialis\\w*|expire|olvidada|olvide|caducada|restablecer|vergeten|resetten|opnieuw instellen|verlopen)\\b`),
  new RegExp(`\\b(forgot|forgotten|olvide|vergessen|oublie|vergeten)\\b[^.\\n]{0,20}\\b${PW}\\b`),
];
// A technician writing for someone: "user X can't log in, please reset".
const ON_BEHALF = /\bcan't (log ?in|sign ?in|login|get in)\b[^\n]{0,80}\breset\b/;
const SUPPORTING = [/\bcan't (log ?in|sign ?in|login|access)\b/, /\b(kann mich nicht anmelden|ne (peux|peut) pas (me|se) connecter|no puedo (entrar|iniciar)|kan niet inloggen)\b/];
// Not an account password reset at all: never act.
const NOT_THIS: [RegExp, string][] = [
  [/\b(mfa|2fa|multi-?factor|two[- ]factor|authenticator|otp|security key|passkey)\b/, 'MFA re-registration is a security job'],
  [/\b(wi-?fi|wlan|guest network|router|pdf|zip|excel|spreadsheet|bios|local admin|voicemail (pin|code))\b/, 'not the directory account'],
  [/\b(password manager|lastpass|bitwarden|keeper|1password|password policy|complexity)\b/, 'a password tool or policy'],
  [/\b(hacked|compromised|phish\w*|suspicious|breach\w*)\b/, 'a possible compromise is a security incident'],
  [/\b(how often|how long|what are the (rules|requirements))\b/, 'a question about the password rules, not a reset'],
];

/** A hard veto: the ticket mentions a password but is not a reset of the directory account. */
export function vetoPasswordReset(t: NormalisedTicket): string | undefined {
  const not = NOT_THIS.find(([r]) => r.test(t.text));
  return not ? `mentions a password but is not a plain account reset: ${not[1]}` : undefined;
}
// "Unlock my account" is a lockout, not a reset; when both are asked, a person decides.
const UNLOCK = /\b(unlock|locked out|entsperren|gesperrt|debloquer|bloque|desbloquear|bloqueada|ontgrendelen|geblokkeerd)\b/;

/** The password-reset remediation's own matching rules. */
export function matchPasswordReset(t: NormalisedTicket): MatchResult | null {
  const strong = STRONG.filter((r) => r.test(t.text)).length;
  const onBehalf = ON_BEHALF.test(t.text);
  if (strong === 0 && !onBehalf) return null;
  const veto = vetoPasswordReset(t);
  if (veto) return { confidence: 0.1, reasons: [veto], params: {} };
  const reasons = [strong > 0 ? `asks for a password reset (${strong} pattern${strong > 1 ? 's' : ''})` : 'says the user cannot log in and asks for a reset'];
  let confidence = (strong > 0 ? 0.88 : 0.8) + Math.min(0.08, SUPPORTING.filter((r) => r.test(t.text)).length * 0.04);
  if (UNLOCK.test(t.text)) {
    confidence -= 0.3;
    reasons.push('also mentions a locked account: unlock is not a reset');
  }
  const target = targetUser(t);
  confidence += target.adjust;
  reasons.push(target.reason);
  return { confidence: clamp(confidence), reasons, params: target.user ? { user: target.user } : {} };
}
