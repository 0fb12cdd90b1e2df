import { HttpResponse, type HttpHandler } from 'msw';
import { atError } from './at-errors.js';
import type { AutotaskCredentials } from './auth.js';
import type { LimitState } from './limits.js';
import type { RouteDef, Router } from './route.js';

/**
 * The zone's url as ZoneInformation reports it: the REST root without the version. Answers have
 * been seen with a doubled slash before ATServicesRest (e.g. https://webservices5.autotask.net//ATServicesRest/);
 * the simulator always answers that way, so a client that does not normalise it fails.
 */
export function zoneUrlOf(baseUrl: string): string {
  const root = baseUrl.replace(/\/$/, '').replace(/\/V1\.0$/i, '');
  return `${root.replace(/\/(ATServicesRest)$/i, '//$1')}/`;
}

function webUrlOf(baseUrl: string): string {
  const u = new URL(baseUrl);
  const web = /^webservices(\d*)\./i.test(u.hostname) ? u.hostname.replace(/^webservices(\d*)\./i, 'ww$1.') : u.hostname;
  return `${u.protocol}//${web}${u.port ? `:${u.port}` : ''}/`;
}

/**
 * `GET ZoneInformation?user=` (no credentials, not thread-limited) tells a client which zone
 * host serves the user's database: `{zoneName, url, webUrl, ci}`, url without `V1.0`.
 * `GET ThresholdInformation` reports the hourly budget (ThresholdStatusResultModel).
 */
export function zoneAndThresholdRoutes(router: Router, o: { credentials: AutotaskCredentials; zoneLookupUrl: string; limits: LimitState; zoneName?: string }): HttpHandler[] {
  const zone: RouteDef['resolve'] = ({ url }) => {
    const user = url.searchParams.get('user') ?? '';
    if (user.toLowerCase() !== o.credentials.userName.toLowerCase()) return atError(404, [`No zone information was found for user '${user}'.`]);
    return HttpResponse.json({ zoneName: o.zoneName ?? 'America East 5', url: zoneUrlOf(router.base), webUrl: webUrlOf(router.base), ci: 5 });
  };
  const zoneDef = { method: 'get', path: '/ZoneInformation', endpoint: 'ZoneInformation', auth: false, unmetered: true, resolve: zone } as const;
  const handlers = [router.route({ ...zoneDef, absoluteUrl: o.zoneLookupUrl }), router.route(zoneDef)];
  handlers.push(
    router.route({
      method: 'get',
      path: '/ThresholdInformation',
      endpoint: 'ThresholdInformation',
      resolve: () =>
        HttpResponse.json({
          externalRequestThreshold: o.limits.requestsPerHour,
          // Minutes, as Autotask reports it; a test-scaled hour still says 60.
          requestThresholdTimeframe: 60,
          currentTimeframeRequestCount: o.limits.used(),
        }),
    }),
  );
  return handlers;
}
