import type { NormalisedTicket, TriageTicket } from './types.js';

// Header lines of a quoted / forwarded mail (en, de, fr, es, nl). The addresses in them are the
// sender's and recipients', never the subject of the request, so they must not become params.
const HEADER = /^\s*>*\s*(from|sent|to|cc|bcc|date|subject|von|gesendet|an|betreff|datum|de|envoye|a|objet|enviado|para|asunto|van|verzonden|aan|onderwerp)\s*:/i;
const FORWARD_MARKER = /^\s*>*\s*(-{2,}\s*(original message|forwarded message|urspr[uü]ngliche nachricht|message d'origine|mensaje original|oorspronkelijk bericht)|begin forwarded message)/i;
// A signature or disclaimer starts here and runs to the next quoted message.
const SIGNATURE = /^\s*(--\s*$|(kind |best |warm )?regards\b|thanks,?\s*$|thank you,?\s*$|cheers,?\s*$|mit freundlichen gr|viele gr|cordialement|bien a vous|saludos|un saludo|met vriendelijke groet|groeten|sent from my|caution:|disclaimer|this e-?mail (and any|is confidential))/i;
const SUBJECT_PREFIX = /^\s*((re|fw|fwd|aw|wg|tr|rv)\s*:\s*)+/i;

// Misspellings seen in real tickets, mapped to the word the rules look for.
const TYPOS: [RegExp, string][] = [
  [/\b(pasword|passwrod|passowrd|pssword|passwd|pwd|passord|pasword|paswword|passwort)\b/g, 'password'],
  [/\b(mailbx|mailbix|malbox|mialbox|mailbox's|mail box|maibox|mailbxo)\b/g, 'mailbox'],
  [/\b(resset|rest|reste|resest|rset)\b(?= (my |the |his |her |their )?password)/g, 'reset'],
  [/\b(instal|intall|isntall|instll)\b/g, 'install'],
  [/\b(distrubution|distibution|distrobution|distribtion)\b/g, 'distribution'],
  [/\b(secuirty|securty|secruity)\b/g, 'security'],
  [/\b(restrat|retsart|restat)\b/g, 'restart'],
  [/\b(qouta|quoat|qutoa)\b/g, 'quota'],
  [/\b(cant|cannot|can not|cnat)\b/g, "can't"],
  [/\b(forgoten|forgotton|forgott)\b/g, 'forgotten'],
];

const fold = (s: string): string => s.normalize('NFD').replace(/[\u0300-\u036f]/g, '').replace(/[’‘`]/g, "'");

/** Removes quoted headers, signatures and disclaimers, keeping the request's own words. */
export function cleanBody(text: string): string {
  const out: string[] = [];
  let inSignature = false;
  for (const raw of text.split(/\r?\n/)) {
    const line = fold(raw);
    if (FORWARD_MARKER.test(line)) { inSignature = false; continue; }
    if (HEADER.test(line)) { inSignature = false; continue; }
    if (SIGNATURE.test(line)) { inSignature = true; continue; }
    if (!inSignature) out.push(line.replace(/^\s*>+\s?/, ''));
  }
  return out.join('\n');
}

/** The light normaliser: deterministic, no network, no dictionary beyond `TYPOS`. */
export function normalise(t: TriageTicket): NormalisedTicket {
  const cased = `${fold(t.summary).replace(SUBJECT_PREFIX, '')}\n${cleanBody(t.description ?? '')}`.replace(/[ \t]+/g, ' ').trim();
  // Typos are fixed in the cased text too, so names next to a fixed word still parse.
  let fixed = cased;
  for (const [re, to] of TYPOS) fixed = fixed.replace(new RegExp(re.source, 'gi'), to);
  const text = fixed.toLowerCase();
  const contact = t.contactEmail?.toLowerCase();
  const emails = [...new Set(text.match(/[a-z0-9._%+-]+@[a-z0-9.-]+\.[a-z]{2,}/g) ?? [])].filter((e) => e !== contact);
  return { text, cased: fixed, contactEmail: contact, source: t.source, emails };
}
