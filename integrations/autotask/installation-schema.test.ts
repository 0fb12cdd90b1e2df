import { describe, expect, it } from 'vitest';
import { AutotaskInstallation } from './installation-schema.js';

const minimal = { id: 'acme', psa: 'autotask', autotask: { apiUserName: 'api@acme.example', apiIntegrationCode: 'TRACKINGID', secretEnv: 'AT_SECRET', impersonationResourceId: 29682886, webhookSecretEnv: 'AT_WEBHOOK_SECRET' } };

describe('AutotaskInstallation', () => {
  it('fills defaults: zone discovery, the stock note labels, 3 threads, and Complete as the resolved status', () => {
    const parsed = AutotaskInstallation.parse(minimal);
    expect(parsed.autotask).toMatchObject({
      zoneLookupUrl: 'https://webservices.autotask.net/ATServicesRest/V1.0/ZoneInformation',
      noteTypeLabel: 'Task Notes',
      notePublish: { internal: 'Internal Project Team', customer: 'All Autotask Users' },
      threadsPerEndpoint: 3,
      extraWebhookGuids: [],
    });
    expect(parsed.autotask.baseUrl).toBeUndefined();
    expect(parsed.statuses).toEqual({ inProgress: 'In Progress', awaitingApproval: 'Waiting Approval', escalated: 'Escalated', resolved: 'Complete' });
  });

  it.each([
    ['a base URL without the REST root', { baseUrl: 'https://webservices5.autotask.net/' }],
    ['a zone lookup URL that is not ZoneInformation', { zoneLookupUrl: 'https://webservices.autotask.net/ATServicesRest/V1.0/' }],
    ['more than 3 threads (Autotask refuses the 4th)', { threadsPerEndpoint: 4 }],
    ['a secret written into the config instead of an env var name', { secretEnv: 'hunter2 the secret' }],
  ])('refuses %s', (_label, over) => {
    expect(AutotaskInstallation.safeParse({ ...minimal, autotask: { ...minimal.autotask, ...over } }).success).toBe(false);
  });

  it('accepts a zone base in any letter case', () => {
    expect(AutotaskInstallation.parse({ ...minimal, autotask: { ...minimal.autotask, baseUrl: 'https://webservices5.autotask.net/atservicesrest/v1.0' } }).autotask.baseUrl).toBeDefined();
  });
});
