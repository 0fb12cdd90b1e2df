import type { NormalisedTicket } from './types.js';

export interface UserTarget {
  user?: string;
  /** Confidence adjustment for how the user was identified. */
  adjust: number;
  reason: string;
}

// "for John Smith", "user Jane Doe", "Jane Doe can't ...": a name only, which the engine must
// still resolve against the client's directory, so it costs confidence.
const NAMED = /\b(?:for|user|colleague|employee|mitarbeiter|utilisateur|usuario|gebruiker|pour|para|voor|fur)\s+([A-Z][a-z]+(?: [A-Z][a-z]+)+)|\b(?:add|remove) ([A-Z][a-z]+(?: [A-Z][a-z]+)?) (?:to|from)\b|\b([A-Z][a-z]+(?: [A-Z][a-z]+)?)'s\b/;
// "the whole team", "all users": one automatic action must not fan out from a guess.
const MANY = /\b(whole|entire|all|every(one)?|everybody)\b[^.\n]{0,20}\b(team|staff|users|department|company|office|accounts)\b/;
// Someone other than the contact, with no address to say who: "my manager's mailbox", "his password".
const OTHER = /\b(his|her|their|him|(?!(?:it|that|what|there|here|let|who|he|she)'s)[a-z]+'s)\b/;
const FIRST_PERSON = /\b(my|i|i'm|i've|me|mein|meine|ich|mon|ma|mes|je|j'ai|mi|mis|yo|olvide|mijn|ik)\b/;

/**
 * Who the request is about. An address written in the ticket wins (a technician writing on
 * someone's behalf); first-person wording means the contact; a bare name is weaker; several
 * addresses mean several targets, which a single automatic action should not guess between.
 */
export function targetUser(t: NormalisedTicket): UserTarget {
  if (MANY.test(t.text)) return { adjust: -0.4, reason: 'asks for a whole team or group of users' };
  if (t.emails.length > 1) return { user: t.emails.join(','), adjust: -0.3, reason: `names ${t.emails.length} users: more than one target` };
  if (t.emails.length === 1) return { user: t.emails[0], adjust: 0, reason: `on behalf of ${t.emails[0]}` };
  const m = NAMED.exec(t.cased);
  const named = m ? [m[0], m[1] ?? m[2] ?? m[3]] : null;
  if (named?.[1] && !FIRST_PERSON.test(t.text.split('\n')[0] ?? '')) return { user: named[1], adjust: -0.15, reason: `on behalf of "${named[1]}" (a name, not an address)` };
  if (t.contactEmail && OTHER.test(t.text)) return { user: t.contactEmail, adjust: -0.3, reason: 'seems to be about someone other than the contact' };
  if (t.contactEmail) return { user: t.contactEmail, adjust: 0, reason: 'for the ticket contact' };
  if (named?.[1]) return { user: named[1], adjust: -0.15, reason: `for "${named[1]}" (a name, not an address)` };
  return { adjust: -0.35, reason: 'no user could be identified' };
}

/** A hostname-like token (PC-0142, LT-SALES-07, SRV01) or "on <device>". */
export function device(t: NormalisedTicket): string | undefined {
  return /\b([A-Z]{2,}[A-Z0-9]*-[A-Z0-9-]*\d[A-Z0-9-]*|SRV\d+|[A-Z]{2,}\d{2,})\b/.exec(t.cased)?.[1];
}

export const clamp = (n: number): number => Math.round(Math.max(0, Math.min(1, n)) * 100) / 100;

const ADD = /\b(add|added|include|put|subscribe|join|grant|give \w+ access|hinzufugen|aufnehmen|ajouter|anadir|agregar|toevoegen)\b/;
const REMOVE = /\b(remove|removed|take \w+ off|drop|unsubscribe|revoke|entfernen|retirer|supprimer|quitar|eliminar|verwijderen)\b/;

/** add / remove of a membership; both or neither means we do not know. */
export function membershipAction(t: NormalisedTicket): 'add' | 'remove' | undefined {
  const add = ADD.test(t.text);
  const remove = REMOVE.test(t.text);
  return add === remove ? undefined : add ? 'add' : 'remove';
}

/**
 * The group a membership request names, from the cased text: a quoted name, an address next to
 * the kind word, or "the <Name> <kind>" / "<kind> <Name>".
 */
export function groupName(t: NormalisedTicket, kind: string): string | undefined {
  const k = `(?:${kind})`;
  const patterns = [
    new RegExp(`["“']([^"”'\\n]{2,40})["”']`),
    new RegExp(`\\b([\\w.-]+@[\\w.-]+\\.[a-z]{2,})\\b[^.\\n]{0,12}${k}`, 'i'),
    new RegExp(`\\b(?:the|die|la|el|de)\\s+([A-Z][\\w&-]*(?: [A-Z][\\w&-]*)*)\\s+${k}`, 'i'),
    new RegExp(`${k}\\s+(?:called |named )?([A-Z][\\w&-]*(?:[ -][A-Z][\\w&-]*)*)`, 'i'),
  ];
  for (const re of patterns) {
    const m = re.exec(t.cased)?.[1];
    if (m && !/^(the|a|an|to|from|list|group)$/i.test(m)) return m;
  }
  return undefined;
}

/** The ticket with an address removed from its targets (a list's own address is not a user). */
export const withoutEmail = (t: NormalisedTicket, email: string | undefined): NormalisedTicket =>
  email ? { ...t, emails: t.emails.filter((e) => e !== email.toLowerCase()) } : t;
