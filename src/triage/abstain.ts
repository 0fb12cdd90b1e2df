import type { NormalisedTicket } from './types.js';

/** Why the triage refuses to act whatever any score says; shown in the escalation note. */
export type AbstainCode =
  | 'security-report' | 'bundle' | 'outside-tenant' | 'other-organisation' | 'weakens-security'
  | 'not-a-bounded-change' | 'target-unclear' | 'not-a-request';

export interface Abstention {
  code: AbstainCode;
  reason: string;
}

const any = (...parts: string[]) => new RegExp(parts.join('|'));

// Read on normalised text: lowercase, accents folded. Languages: en, de, fr, es, nl, it, pt, pl.
const SECURITY = any(
  '\\bphish\\w*', '\\bhame[cç]onnage\\b', '\\b(scam|spoof\\w*|malware|ransomware|trojan|virus)\\b', '\\b(hacked|compromised|breach(ed)?)\\b',
  '\\bsuspicious\\b', '\\bis (this|it|that) (real|legit\\w*|genuine|safe|a scam|dodgy)\\b', '\\b(clicked|opened) (on )?(a|the|this|that) (link|attachment)\\b',
  '\\b(verdachtig\\w*|gehackt|betrug\\w*|ist (das|die) (echt|serios))\\b', '\\b(suspect\\w*|pirat\\w*|arnaque|est-ce (que c\'est )?(vrai|legitime|fiable))\\b',
  '\\b(sospechos\\w*|hackead\\w*|estafa|es (real|legitimo|de verdad))\\b', '\\b(verdacht\\w*|oplichting|is dit (echt|betrouwbaar))\\b',
  '\\b(sospett\\w*|truffa|hackerat\\w*|e (vero|reale|legittim\\w*))\\b\\?', '\\b(suspeit\\w*|golpe|e (verdade|legitim\\w*))\\b\\?',
  '\\b(podejrzan\\w*|oszust\\w*|zhakowan\\w*|czy to (prawda|prawdziwe))\\b',
  // Asking whether a message, call or link is genuine, however many words sit between.
  '\\b(is|are|was) (this|that|these|it)\\b[^.?!\\n]{0,40}\\b(real|legit\\w*|genuine|fake|a scam|phishing|spam)\\b',
  '\\blooks? (a bit |a little |kind of |rather )?(off|odd|fishy|dodgy|weird|strange)\b',
  '\b(address|sender|domain|link)\\b[^.\\n]{0,20}\\b(isn\'t|is not|isnt|not) ours\\b',
  // Credentials disclosed or asked for by someone else.
  '\\b(gave|given|give|told|shared|sent|entered|typed|put)\\b (them|him|her|it|someone|the caller)\b' +
    '[^.\n]{0,15}\\b(my )?(password|username|credentials|login|code)\\b',
  '\\b(needed|wanted|asked for|asking for|asked me for|requested) (my|your|our) (password|credentials|login details|mfa code|code)\\b',
  '\\b(clicked|opened|followed)\\b[^.\\n]{0,40}\\b(password|credentials|login)\\b', '\\bput my (password|credentials|details) in\\b',
  // Someone claiming to be from Microsoft, IT, the bank.
  '\\b(saying|claiming|claimed|said|says) (they were|he was|she was|to be|they are|he is|she is) (from|with) \\w+',
  '\\b(someone|somebody|a man|a woman|a guy|a caller) (rang|called|phoned)\\b',
  '\\b(angeblich|gibt sich als|se faisant passer|haciendose pasar|dice ser de|doet zich voor|spacciandosi|fingindo ser|podszywa\\w*)\\b',
  // A link inviting a sign-in (forwarded notices with [link], "sign in here with your password").
  '\\[link\\]|\\b(sign|log) ?in (here|via|through|using|with your)\\b|\\bkeep your (current )?password\\b',
  '\\b(geklickt|klickte|cliqu\\w*|hice clic|clicado|aangeklikt|cliccato|kliknal\\w*|kliknel\\w*)\\b',
);
const BUNDLE = any(
  '\\bnew (starter|joiner|hire|employee|colleague|user account)s?\\b',
  '\\b(onboard|offboard)\\w*',
  '\\bleavers?\\b',
  '\\b(is )?leaving (us|the company|the business)\\b',
  '\\b(neue[rn]? (mitarbeiter\\w*|kolleg\\w*)|eintritt|austritt|ausscheiden\\w*)\\b',
  '\\b(nouvel(le)? (arrivant\\w*|recrue|collaborat\\w*|employe\\w*)|depart de)\\b',
  '\\b(nuev[oa] (emplead[oa]|incorporacion|trabajador\\w*)|baja de)\\b', '\\b(nieuwe (medewerker|collega)\\w*|uit dienst|indiensttreding)\\b',
  '\\b(nuov[oa] (dipendente|assunt[oa]|collega)|in uscita)\\b', '\\b(nov[oa] (colaborador\\w*|funcionari[oa]))\\b', '\\b(now(y|a) pracowni\\w*)\\b',
  '\\bwhile (you\'re|you are) at it\\b',
  '\\b(these|the following) (\\d+ |two |three |four |five |six )?(new )?(people|users|staff|colleagues|names)\\b',
  '\\bals (jullie|je) toch bezig\\b',
  '\\bwenn (sie|ihr) schon dabei\\b',
);
const OUTSIDE = any(
  // Network appliances by vocabulary family, in every language and by common make.
  '\\b(pare-?feu|cortafuegos|brandmuur|zapora|stormshield|sophos|pfsense|opnsense|draytek|mikrotik|ubiquiti|palo alto|checkpoint|cisco|zyxel)\\b',
  '\\b(access point|switch|modem|gateway|appliance|ups|san|controller)\\b[^.\\n]{0,30}\\b(admin|password|login|interface|web ?ui|gui)\\b',
  // Hardware and consumables: a person (or a purchase) fixes them.
  '(?<!\\bno )(?<!\\bnot a )\\b(toner|cartridge|ink|paper jam|drum unit|fuser|' +
    'cartouche|tinte|papierstau|bourrage|tinta|atasco|inkt|papierstoring|inchiostro|inceppat\\w*|tusz)\\b',
  // Line-of-business and vendor-delivered software.
  '\\b(practice|case|document|matter|property|accounting|inventory|warehouse|patient|dental|client) management (software|system|app\\w*|tool)\\b',
  '\\b(licen[cs]e key|product key|serial (number|key)|activation (code|key)|installer link|vendor\\b[^.\\n]{0,30}\\b(sent|installer|setup|support))\\b',
  '\\b(firewall|router|meraki|fortigate|fortinet|sonicwall|watchguard|unifi|synology|nas\\d*|qnap)\\b', '\\b(network )?switch(es)? (admin|password|login)\\b',
  '\\bvpn (appliance|concentrator|box|gateway)\\b',
  '\\blocal admin\\w* (password|account)\\b',
  '\\bdomain admin\\w*\\b',
  '\\b(service|admin|administrator|root) account\\b',
  '\\bsvc[-_]\\w+',
  '\\bdomain controller\\b|\\bdc\\d+\\b|-dc\\d*\\b|\\bntds\\b', '\\b(sage|xero|quickbooks|datev|salesforce|dynamics|optistock|solidworks)\\b',
  '\\b(crm|erp|banking|bank portal|lohn\\w*|payroll system)\\b', '\\b(bios|bitlocker|recovery key|wi-?fi|wlan)\\b',
  '\\b(iphone|android|ipad|mobile phone|smartphone)\\b',
  '\\b(en|no|sul|nel|auf dem|op mijn|na) (mi |meu |mijn |seu |mio )?(movil|telemovel|telefono|cellulare|handy|telefoon)\\b',
  '\\b(network printer|printer admin\\w*|embedded web (server|service)|snmp)\\b',
  '\\b(reset|forgot\\w*|lost|change|know|knows|vergessen|oublie|olvid\\w*|vergeten|dimenticat\\w*|esquec\\w*|zapomnia\\w*)\\b[^.\\n]{0,30}' +
    '\\b(admin|administrator|root) (password|login|kennwort|passwort|mot de passe|contrasena|wachtwoord)\\b',
  '\\b(guest|external) (access|user|account)\\b|\\bgastzugang\\b|\\bacces invite\\b',
  '\\bbrowser extension|\\bextension\\b[^.\\n]{0,30}\\b(chrome|edge|firefox)\\b',
);
const WEAKEN = any(
  '\\bnever expire\\w*',
  '\\b(stop|stops) (my |the )?password\\w* (from )?expir\\w*',
  '\\b(turn|switch) (off|of) (the )?(mfa|2fa|multi-?factor|authenticator)\\b',
  '\\b(disable|remove|turn off|switch off|bypass|skip|without)\\b[^.\\n]{0,25}\\b(mfa|2fa|multi-?factor|two[- ]factor|antivirus|defender|firewall)\\b',
  '\\b(mfa|2fa|multi-?factor)\\b[^.\\n]{0,20}\\b(off|disabled?|removed?|weg|uit|deaktiv\\w*|desactiv\\w*|disattiv\\w*)\\b',
  '\\b(global|exchange|sharepoint|teams|domain|enterprise|tenant|user) admin\\w*\\b',
  '\\b(give|grant|need|want|get|add)\\b (me |him |her |them )?(local |full )?admin (rights|role|access|privileges|permissions)\\b',
  '\\b(administrator|admin)\\w* (role|rol|ruolo|funcao|papel|rola|rolle)\\b', '\\b(rol|ruolo|role|rolle|rola) (de |di |do |des )?admin\\w*',
  '\\b(nie|niemals|nooit|jamais|nunca|mai|nigdy)\\b[^.\\n]{0,25}\\b(ablauf\\w*|verlop\\w*|expir\\w*|caduc\\w*|scad\\w*|wygas\\w*)\\b',
  '\\b(readable|accessible|open) (by|to|for) (everyone|everybody|all)\\b', '\\b(everyone|everybody|all staff) (can|should be able to) (read|access|open)\\b',
  '\\b(simpler|weaker|shorter|easier) password\\b',
  // Opening something to everyone (any language).
  '\\b(everyone|everybody|all users|tout le monde|todo el mundo|iedereen|jeder|tutti|todos|wszyscy)\b' +
    '[^.\n]{0,30}\\b(full control|full access|modify|write|vollzugriff|controle total|control total)\\b',
  '\\b(full control|full access|vollzugriff|controle total|control total)\\b[^.\\n]{0,30}\\b(everyone|everybody|all users|jeder|tout le monde|iedereen)\\b',
  '\\b(give|grant|open)\\b[^.\\n]{0,30}\\b(to )?everyone\\b',
);
// Look-alikes of the six that are a different job: owners, new lists or groups, shared mailboxes, archives, other storage,
// stopping or disabling a service, reboots, purchases, Teams membership.
const NOT_BOUNDED = any(
  '\\b(owner|owners|eigentumer|besitzer|proprietaire|propietario|eigenaar|proprietario|wlasciciel\\w*)\\b',
  '\\b(create|set up|new|erstellen|anlegen|neue[nr]?|creer|nouvelle?|crear|nuev[oa]|aanmaken|nieuwe|creare|nuov[oa]|criar|nov[oa]|utworz\\w*|now[aey])\\b' +
    '[^.\\n]{0,30}\\b(distribution list|mailing list|list|liste|lista|lijst|security group|group|gruppe|groupe|grupo|groep|gruppo|grupa|shared mailbox)\\b',
  '\\bshared mailbox\\b|\\b(freigegebene[ns]?|gemeinsame[ns]?) postfach\\b|' +
    '\\bboite (aux lettres )?partagee\\b|\\bbuzon compartido\\b|\\bgedeelde mailbox\\b|\\bcasella condivisa\\b',
  '\\bretention polic\\w*|\\baufbewahrungsrichtlinie\\w*|\\bstrategie de retention\\b|\\bpolitica de retencion\\b|\\bbewaarbeleid\\b',
  '\\b(disk|disco|disque|festplatte|schijf|dysk)\\b[^.\\n]{0,30}\\b(full|voll|plein\\w*|lleno|vol|pieno|cheio|pelny)\\b',
  '\\b(disable|stop|deaktivier\\w*|desactiv\\w*|uitschakel\\w*|disattiv\\w*|wylacz\\w*)\\b[^.\\n]{0,40}\\bservice\\b',
  '\\b(please|can you|could you|pls)\\b (just )?reboot\\b', '\\bonedrive\\b[^.\\n]{0,40}\\b(full|out of (space|storage)|almost out)\\b',
  '\\b(please|can you|could you|pls)\\b (just )?(reboot|restart) (the |this |my |our )?(file |whole )?(server|domain controller|pc|laptop|machine|computer)\\b',
  '\\bacrobat pro\\b',
  // Microsoft 365 (unified) groups and Teams: neither a distribution list nor a security group.
  '\\b(microsoft 365|m365|office 365|o365|unified|teams|yammer|viva engage) group\\b|\\bplanner\\b',
  '\\b(add|put|invite|hinzufug\\w*|ajout\\w*|anad\\w*|toevoeg\\w*|aggiung\\w*|adicion\\w*|dodaj\\w*)\\b[^.\\n]{0,40}' +
    '\\b(team|kanal|channel|canal)\\b["\']? (in|on|en|em|w|bei|dans|op) (microsoft )?teams\\b',
);
// A reply that closes a ticket (the quoted request below it is already done).
const CLOSURE = any(
  '\\b(you can|please|feel free to|ok to) close (this|it|the ticket)\\b',
  '\\b(all|that\'s all|it\'s all|everything\'s|everything is) (working|sorted|fine) now\\b',
  '\\b(kann|konnen) geschlossen werden\\b', '\\bpeut etre (ferme|clos)\\b', '\\bpuede(s)? cerrar\\b', '\\bmag (gesloten|dicht)\\b', '\\bpuoi chiudere\\b',
);
// Words saying the person named belongs to another organisation (with an address at another domain).
const EXTERNAL = new RegExp(
  '\\b(extern\\w*|zewnetrzn\\w*|estern\\w*|freelanc\\w*|agency|agentur|agence|agencia|bureau|kanzlei|cabinet|' +
    'auditor\\w*|tax advis\\w*|steuerberat\\w*|wirtschaftsprufer\\w*|lawyer|solicitor|anwalt|avocat|abogad\\w*|advocaat|avvocat\\w*|' +
    'comptable|boekhoud\\w*|commercialista|contador\\w*|ksiegow\\w*|' +
    'external|customer|client|supplier|vendor|consultant|contractor|accountant|partner|guest|' +
    'kunde\\w*|lieferant\\w*|fournisseur|prestataire|proveedor\\w*|cliente|leverancier|klant|fornitore|fornecedor|dostawc\\w*|klient\\w*)\\b',
);

/**
 * Reasons to abstain, checked before any match counts: each one is a ticket no score may
 * automate (security reports, bundles of several changes, systems outside the tenant, people
 * of other organisations, anything weakening security).
 */
export function abstentions(t: NormalisedTicket): Abstention[] {
  const out: Abstention[] = [];
  const hit = (re: RegExp) => re.exec(t.text)?.[0].trim();
  let m: string | undefined;
  if ((m = hit(SECURITY))) out.push({ code: 'security-report', reason: `reads like a security report ("${m}"): a person checks it` });
  if ((m = hit(BUNDLE))) out.push({ code: 'bundle', reason: `a bundle of several changes ("${m}"): a person plans it` });
  else if (APPS.filter((a) => a.test(t.text)).length >= 3) out.push({ code: 'bundle', reason: 'asks for several installs at once: a person plans them' });
  else if (/\S\s*\+\s*\S[^\n]*\+/.test(t.text.split('\n')[0] ?? '')) {
    out.push({ code: 'bundle', reason: 'the title joins several requests: a person plans them' });
  }
  else if (bulletRequests(t.text) >= 2) out.push({ code: 'bundle', reason: 'lists several requests: a person plans them' });
  else if (distinctTargets(t.text) >= 3) {
    out.push({ code: 'bundle', reason: 'names three or more lists, groups or shares: several changes, a person plans them' });
  }
  if ((m = hit(OUTSIDE))) out.push({ code: 'outside-tenant', reason: `about a system outside the tenant's directory ("${m}")` });
  const own = t.contactEmail?.split('@')[1];
  const foreign = t.emails.find((e) => own && e.split('@')[1] !== own);
  if (foreign && EXTERNAL.test(t.text)) out.push({ code: 'other-organisation', reason: `about someone at another organisation (${foreign.split('@')[1]})` });
  const bounce = foreign && /\b(bounc\w*|recipient|empfanger\w*|destinataire|destinatario|ontvanger|odbiorc\w*|newsletter)\b/.test(t.text);
  if (bounce && !out.some((a) => a.code === 'other-organisation')) {
    out.push({ code: 'other-organisation', reason: `about a mailbox at another organisation (${foreign.split('@')[1]})` });
  }
  if (/\b(your|their) (mailing list|newsletter|list)\b/.test(t.text)) {
    out.push({ code: 'other-organisation', reason: "about another organisation's mailing list" });
  }
  if ((m = hit(NOT_BOUNDED))) out.push({ code: 'not-a-bounded-change', reason: `looks like one of the six but is a different job ("${m}")` });
  if ((m = hit(CLOSURE))) out.push({ code: 'not-a-request', reason: `a reply closing a ticket ("${m}")` });
  if ((m = hit(WEAKEN))) out.push({ code: 'weakens-security', reason: `asks to weaken security or grant privilege ("${m}")` });
  return out;
}

const APPS = [/\bzoom\b/, /\bteams\b/, /\bchrome\b/, /\bfirefox\b/, /\breader\b/, /\b7-?zip\b/, /\bnotepad\+\+/,
  /\bvlc\b/, /\bslack\b/, /\bwebex\b/, /\boffice\b/, /\bvpn\b/];

// Bullet lines that each ask for something ("- install Zoom", "- add me to sales@").
const ASK_LINE = /^\s*(?:[-*•]|\d+[.)])\s+.*\b(install|add|remove|create|set up|reset|give|map|grant|enable|disable|order|einricht\w*|anlegen|hinzufug\w*|install\w*|ajout\w*|cre\w*|instal\w*|anad\w*|toevoeg\w*|aggiung\w*|dodaj\w*)\b/;
function bulletRequests(text: string): number {
  return text.split('\n').filter((l) => ASK_LINE.test(l)).length;
}

// Generic words before "list" / "group" that do not name one.
const NOT_A_NAME = new Set(['the', 'a', 'an', 'this', 'that', 'my', 'our', 'your', 'their', 'his', 'her', 'same', 'any', 'which', 'what', 'other',
  'distribution', 'mailing', 'security', 'email', 'mail', 'e-mail', 'to', 'of', 'from', 'in', 'on', 'new']);
// English word order only ("Sales share"): in the other languages the name follows the noun, after an article.
/** How many distinct named targets (a local part "sales@", "X list", "X group", "X share", "X folder") a ticket names. */
export function distinctTargets(text: string): number {
  const keys = new Set<string>();
  for (const m of text.matchAll(/(?:^|[\s("'])([a-z][\w.-]*)@(?![\w-]+\.\w)/g)) keys.add(`${m[1]}@`);
  for (const m of text.matchAll(/\b([\w-]+) (list|group|share|folder)\b/g)) {
    if (!NOT_A_NAME.has(m[1]!)) keys.add(`${m[1]} ${m[2]}`);
  }
  return keys.size;
}
