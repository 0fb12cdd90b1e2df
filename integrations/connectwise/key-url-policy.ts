/**
 * Decides whether a callback's `Metadata.key_url` may be fetched (SSRF guard: the URL comes
 * from an unverified body). Allowed: https on *.myconnectwise.net (default port), https on a
 * configured `keyHosts` entry, or the exact origin of the installation's own baseUrl (that is
 * how the plain-http sandbox on 127.0.0.1 passes, and nothing else on http does).
 */
export type KeyUrlDecision = { ok: true; url: string } | { ok: false; reason: string };

export function checkKeyUrl(keyUrl: string, config: { baseUrl: string; keyHosts: readonly string[] }): KeyUrlDecision {
  let url: URL;
  try {
    url = new URL(keyUrl);
  } catch {
    return { ok: false, reason: 'key_url is not a URL' };
  }
  if (url.username || url.password) return { ok: false, reason: 'key_url must not carry credentials' };
  const base = new URL(config.baseUrl);
  if (url.protocol === base.protocol && url.host === base.host) return { ok: true, url: url.toString() };
  if (url.protocol !== 'https:') return { ok: false, reason: `key_url host ${url.host} is not allowed over ${url.protocol.replace(':', '')}` };
  if (url.hostname.endsWith('.myconnectwise.net') && url.port === '') return { ok: true, url: url.toString() };
  if (config.keyHosts.some((h) => h.trim().toLowerCase() === url.host)) return { ok: true, url: url.toString() };
  return { ok: false, reason: `key_url host ${url.host} is not an allowed ConnectWise host` };
}
