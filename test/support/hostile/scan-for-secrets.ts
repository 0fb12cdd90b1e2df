/**
 * Looks for secrets in everything an app wrote (logs, audit, notes, errors, ...). Reusable:
 * give it named secrets and labelled texts; it reports every place a secret shows up, also
 * base64-, URL- or JSON-encoded, plus anything shaped like a credential (a Bearer or Basic
 * header value, a JWT) even when the exact value is not known.
 */
export interface Secret {
  name: string;
  value: string;
  /**
   * Also flag any run of this many characters of the secret (a secret cut short inside an
   * error message still leaks). Only for high-entropy values; off by default.
   */
  minFragment?: number;
}

export interface Artefact {
  /** Where the text came from, e.g. `log line 12`, `audit #4 (acted)`, `note on ticket 7`. */
  source: string;
  text: string;
}

export interface Leak {
  source: string;
  secret: string;
  /** How it appeared: raw, base64, base64url, url-encoded, json-escaped, fragment, or a pattern name. */
  form: string;
  /** The surrounding text with the secret masked, safe to print. */
  excerpt: string;
}

/** Credential shapes that must never be written, whatever their value. */
export const CREDENTIAL_PATTERNS: { name: string; re: RegExp }[] = [
  { name: 'bearer-header', re: /Bearer\s+[A-Za-z0-9._~+/-]{12,}=*/g },
  { name: 'basic-header', re: /Basic\s+[A-Za-z0-9+/]{12,}={0,2}/g },
  { name: 'jwt', re: /eyJ[A-Za-z0-9_-]{8,}\.eyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}/g },
  { name: 'client-secret-field', re: /client_secret=[^&\s"]+/g },
];

function forms(value: string): { form: string; needle: string }[] {
  const out = [
    { form: 'raw', needle: value },
    { form: 'base64', needle: Buffer.from(value).toString('base64').replace(/=+$/, '') },
    { form: 'base64url', needle: Buffer.from(value).toString('base64url') },
    { form: 'url-encoded', needle: encodeURIComponent(value) },
    { form: 'json-escaped', needle: JSON.stringify(value).slice(1, -1) },
  ];
  // Identical needles are searched once; very short ones would match by chance.
  const seen = new Set<string>();
  return out.filter((f) => f.needle.length >= 6 && !seen.has(f.needle) && seen.add(f.needle));
}

function mask(text: string, at: number, length: number): string {
  const from = Math.max(0, at - 40);
  const to = Math.min(text.length, at + length + 40);
  return `${text.slice(from, at)}<${length} chars masked>${text.slice(at + length, to)}`.replace(/\s+/g, ' ');
}

/** The longest run (at least `min` characters) of `secret` found in `text`. */
function fragmentAt(text: string, secret: string, min: number): { at: number; length: number } | null {
  let best: { at: number; length: number } | null = null;
  for (let i = 0; i + min <= secret.length; i++) {
    for (let at = text.indexOf(secret.slice(i, i + min)); at >= 0; at = text.indexOf(secret.slice(i, i + min), at + 1)) {
      let length = min;
      while (i + length < secret.length && text[at + length] === secret[i + length]) length++;
      if (!best || length > best.length) best = { at, length };
    }
  }
  return best;
}

export interface ScanOptions {
  /** Also report credential-shaped text (default true). */
  patterns?: boolean;
}

export function scanForSecrets(artefacts: readonly Artefact[], secrets: readonly Secret[], options: ScanOptions = {}): Leak[] {
  const leaks: Leak[] = [];
  const usable = secrets.filter((s) => s.value.length >= 6);
  for (const { source, text } of artefacts) {
    for (const s of usable) {
      for (const { form, needle } of forms(s.value)) {
        const at = text.indexOf(needle);
        if (at >= 0) leaks.push({ source, secret: s.name, form, excerpt: mask(text, at, needle.length) });
      }
      if (s.minFragment !== undefined && !text.includes(s.value)) {
        const hit = fragmentAt(text, s.value, s.minFragment);
        if (hit) leaks.push({ source, secret: s.name, form: `fragment (${hit.length} of ${s.value.length} chars)`, excerpt: mask(text, hit.at, hit.length) });
      }
    }
    if (options.patterns === false) continue;
    for (const { name, re } of CREDENTIAL_PATTERNS) {
      for (const m of text.matchAll(re)) leaks.push({ source, secret: '(any credential)', form: name, excerpt: mask(text, m.index, m[0].length) });
    }
  }
  return leaks;
}

/** One line per leak, for an assertion message. */
export const describeLeaks = (leaks: readonly Leak[]): string => leaks.map((l) => `${l.secret} as ${l.form} in ${l.source}: ${l.excerpt}`).join('\n');
