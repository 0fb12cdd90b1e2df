import { HttpResponse, type HttpHandler } from 'msw';
import { ticketWebhookFieldFields } from './entity-fields.js';
import { queryRoutes } from './query-routes.js';
import { entityInformation, itemIdResponse, itemResponse, listResponse } from './responses.js';
import { idParam, readJson, type RouteDef, type Router } from './route.js';
import type { AutotaskState } from './seed-state.js';
import type { WebhookModel } from './webhook-model.js';

/**
 * Why these routes are served although the published Swagger lacks them: the spec bundled with
 * the project (KelvinTegelaar/AutotaskAPI, 2020 + 2024 patch) predates TicketWebhooks; their
 * shapes follow CompanyWebhooks, which it does carry, and Autotask's webhook help pages.
 */
export const WEBHOOK_SPEC_EXCEPTION = 'TicketWebhooks* are not in the bundled spec (it predates them); modelled on CompanyWebhooks and Autotask help REST_WebhooksEntity.htm';

/** TicketWebhooks and children; the secret key is write-only (never echoed back). */
export function webhookRoutes(router: Router, state: AutotaskState, webhooks: WebhookModel): HttpHandler[] {
  const x = { specException: WEBHOOK_SPEC_EXCEPTION };
  const route = (def: RouteDef) => router.route({ ...x, ...def });
  return [
    route({
      method: 'get',
      path: '/TicketWebhooks/entityInformation',
      endpoint: 'TicketWebhooks',
      resolve: () => entityInformation({ name: 'TicketWebhook', canCreate: true, canDelete: true, canQuery: true, canUpdate: true, create: state.permissions.canCreateWebhooks ? 'All' : 'None' }),
    }),
    route({ method: 'get', path: '/TicketWebhooks/entityInformation/fields', endpoint: 'TicketWebhooks', resolve: () => HttpResponse.json({ fields: webhooks.fields }) }),
    route({ method: 'get', path: '/TicketWebhookFields/entityInformation/fields', endpoint: 'TicketWebhookFields', resolve: () => HttpResponse.json({ fields: ticketWebhookFieldFields(state.fields.webhookFieldIds, state.fields.webhookFieldLabels) }) }),
    ...queryRoutes(router, { name: 'TicketWebhooks', label: 'TicketWebhook', endpoint: 'TicketWebhooks', rows: () => state.webhooks, fieldNames: () => webhooks.fields.map((f) => f.name), ...x }),
    route({ method: 'post', path: '/TicketWebhooks', endpoint: 'TicketWebhooks', resolve: async ({ request, actor }) => itemIdResponse(webhooks.create(await readJson(request), actor).id) }),
    route({ method: 'patch', path: '/TicketWebhooks', endpoint: 'TicketWebhooks', resolve: async ({ request }) => itemIdResponse(webhooks.patch(await readJson(request)).id) }),
    route({ method: 'get', path: '/TicketWebhooks/{id}', endpoint: 'TicketWebhooks', resolve: ({ params }) => itemResponse(state.webhooks.find((w) => w.id === idParam(params))) }),
    route({
      method: 'delete',
      path: '/TicketWebhooks/{id}',
      endpoint: 'TicketWebhooks',
      resolve: ({ params }) => {
        const id = idParam(params);
        webhooks.remove(id);
        return itemIdResponse(id);
      },
    }),
    route({ method: 'get', path: '/TicketWebhooks/{parentId}/Fields', endpoint: 'TicketWebhookFields', resolve: ({ params }) => listResponse(state.webhookFields.filter((f) => f.webhookID === idParam(params, 'parentId'))) }),
    route({ method: 'post', path: '/TicketWebhooks/{parentId}/Fields', endpoint: 'TicketWebhookFields', resolve: async ({ request, params }) => itemIdResponse(webhooks.addField(idParam(params, 'parentId'), await readJson(request)).id) }),
    route({
      method: 'delete',
      path: '/TicketWebhooks/{parentId}/Fields/{id}',
      endpoint: 'TicketWebhookFields',
      resolve: ({ params }) => {
        webhooks.removeField(idParam(params, 'parentId'), idParam(params));
        return itemIdResponse(idParam(params));
      },
    }),
    route({
      method: 'get',
      path: '/TicketWebhooks/{parentId}/ExcludedResources',
      endpoint: 'TicketWebhookExcludedResources',
      resolve: ({ params }) => listResponse(state.webhookExcludedResources.filter((r) => r.webhookID === idParam(params, 'parentId'))),
    }),
    route({
      method: 'post',
      path: '/TicketWebhooks/{parentId}/ExcludedResources',
      endpoint: 'TicketWebhookExcludedResources',
      resolve: async ({ request, params }) => itemIdResponse(webhooks.addExcludedResource(idParam(params, 'parentId'), await readJson(request)).id),
    }),
    route({
      method: 'delete',
      path: '/TicketWebhooks/{parentId}/ExcludedResources/{id}',
      endpoint: 'TicketWebhookExcludedResources',
      resolve: ({ params }) => {
        webhooks.removeExcludedResource(idParam(params, 'parentId'), idParam(params));
        return itemIdResponse(idParam(params));
      },
    }),
  ];
}
