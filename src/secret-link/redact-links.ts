/**
 * Replaces every one-time link token in text with a placeholder. Used on everything an operator
 * or an export can read (admin answers, console, logs), so a link that slipped into one of them
 * by mistake is not usable there; the only usable copy is the note delivered to the PSA.
 */
const LINK_TOKEN = /\/p\/[A-Za-z0-9_-]{43}(?![A-Za-z0-9_-])/g;
export const REDACTED_LINK = '/p/[one-time link withheld]';

export const redactLinks = (text: string): string => text.replace(LINK_TOKEN, REDACTED_LINK);

/** Deep copy of JSON-like data with every string redacted. */
export function redactLinksDeep<T>(value: T): T {
  if (typeof value === 'string') return redactLinks(value) as T;
  if (Array.isArray(value)) return value.map((v: unknown) => redactLinksDeep(v)) as T;
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value as Record<string, unknown>).map(([k, v]) => [k, redactLinksDeep(v)])) as T;
  }
  return value;
}

export const containsLink = (text: string): boolean => new RegExp(LINK_TOKEN.source).test(text);
