import type { HttpClient } from '../../src/http/http-client.js';
import { OutsideApiError } from '../../src/http/outside-api-error.js';
import { ZoneInformation } from './api-schemas.js';

export const AUTOTASK_SYSTEM = 'autotask';

/** Zone base URLs by (lookup URL, user); shared so adapters and handlers ask once a day, not per call. */
export interface ZoneCache {
  get(key: string): Promise<string> | undefined;
  set(key: string, value: Promise<string>): void;
  delete(key: string): void;
}

export function createZoneCache(ttlMs = 24 * 3_600_000, now: () => number = Date.now): ZoneCache {
  const entries = new Map<string, { at: number; value: Promise<string> }>();
  return {
    get(key) {
      const hit = entries.get(key);
      return hit && now() - hit.at < ttlMs ? hit.value : undefined;
    },
    set(key, value) {
      entries.set(key, { at: now(), value });
    },
    delete: (key) => void entries.delete(key),
  };
}

export const sharedZoneCache = createZoneCache();

/**
 * The zone url decides where our credentials go next, so only an Autotask web-services host
 * (https://webservicesN.autotask.net) or the lookup URL's own origin (a sandbox) is accepted.
 */
function checkZoneUrl(zoneUrl: string, lookupUrl: string): string | null {
  const zone = new URL(zoneUrl);
  if (zone.origin === new URL(lookupUrl).origin) return null;
  if (zone.protocol === 'https:' && /^webservices\d*\.autotask\.net$/i.test(zone.hostname)) return null;
  return `ZoneInformation pointed at ${zone.origin}, which is not an Autotask web-services host; refusing to send credentials there`;
}

/**
 * `https://webservicesN.autotask.net/ATServicesRest/` (as ZoneInformation answers) → `…/ATServicesRest/V1.0`.
 * Answers have been seen with a doubled slash (`…autotask.net//ATServicesRest/`): repeated
 * slashes in the path are collapsed, so every later URL is built on a clean base.
 */
export function zoneBaseUrl(zoneUrl: string): string {
  const url = new URL(zoneUrl);
  const path = url.pathname.replace(/\/{2,}/g, '/').replace(/\/+$/, '');
  const trimmed = `${url.origin}${path}`;
  return /\/V1\.0$/i.test(trimmed) ? trimmed : `${trimmed}/V1.0`;
}

/**
 * Asks ZoneInformation which zone serves the API user (no credentials needed; not
 * thread-limited) and caches the answer. A failed lookup is not cached.
 */
export function discoverZone(o: { lookup: HttpClient; lookupUrl: string; userName: string; cache?: ZoneCache }): Promise<string> {
  // `lookup` is a seam whose base is the lookup URL without its trailing /ZoneInformation.
  const cache = o.cache ?? sharedZoneCache;
  const key = `${o.lookupUrl}|${o.userName.toLowerCase()}`;
  const hit = cache.get(key);
  if (hit) return hit;
  const value = (async () => {
    // GET {lookupUrl}?user={apiUserName} (ZoneInformationApiIntegration_QueryZoneInformation)
    const zone = await o.lookup.request({ method: 'GET', path: '/ZoneInformation', operation: 'zoneLookup', query: { user: o.userName }, schema: ZoneInformation });
    const refused = checkZoneUrl(zone.url, o.lookupUrl);
    if (refused) throw new OutsideApiError(AUTOTASK_SYSTEM, 'zoneLookup', null, refused, false);
    return zoneBaseUrl(zone.url);
  })();
  cache.set(key, value);
  value.catch(() => cache.delete(key));
  return value;
}
