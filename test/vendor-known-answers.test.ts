import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { autotaskSignatureMatches } from '../integrations/autotask/verify-signature.js';
import { parsePayload, parseJson, toSignal as autotaskSignal } from '../integrations/autotask/parse-webhook.js';
import { parseEnvelope, toSignal as connectwiseSignal } from '../integrations/connectwise/parse-callback.js';
import { signatureMatches } from '../integrations/connectwise/verify-signature.js';
import { parseWebhookBody, toSignal as haloSignal } from '../integrations/halopsa/parse-webhook.js';
import { createGraphDirectory } from '../integrations/m365/graph-directory.js';
import { createHttpClient } from '../src/http/http-client.js';

/**
 * Known answers from outside: each fixture under test/fixtures/vendor names its source (vendor
 * documentation, an SDK or public client). The production parsers and verifiers read them; no
 * answer here is produced by our own signer.
 */
const dir = join(import.meta.dirname, 'fixtures', 'vendor');
const fixture = <T>(path: string): T => JSON.parse(readFileSync(join(dir, path), 'utf8')) as T;
const bytes = (path: string) => readFileSync(join(dir, path));
const AT = new Date('2025-01-02T10:11:13Z');

describe('ConnectWise callback (connectwise-rest Callback.ts)', () => {
  const f = fixture<{ bodyFile: string; signingKey: string; header: string; expect: { action: string; ticketId: string; companyHint: string } }>('connectwise/callback-ticket-updated.json');
  const body = bytes(`connectwise/${f.bodyFile}`);

  it('verifies the x-content-signature computed outside our code, and refuses it for one changed byte', () => {
    expect(signatureMatches(body, f.header, f.signingKey)).toBe(true);
    const tampered = Buffer.from(body);
    tampered[tampered.indexOf('5001') + 3] = '2'.charCodeAt(0);
    expect(signatureMatches(tampered, f.header, f.signingKey)).toBe(false);
  });

  it('parses the payload (Entity is a JSON string) into a signal', () => {
    const envelope = parseEnvelope(body);
    expect(envelope.ok).toBe(true);
    if (!envelope.ok) return;
    const signal = connectwiseSignal(envelope.value, body, 'acme', AT, () => 'id-1');
    expect(signal.ok && [signal.value.action, signal.value.ticketId, signal.value.companyHint]).toEqual([f.expect.action, f.expect.ticketId, f.expect.companyHint]);
  });
});

describe('Autotask webhook (SecretKeyPayloadVerification.htm; n8n-nodes-autotask)', () => {
  const f = fixture<{ bodyFile: string; secret: string; header: string; expect: { action: string; ticketId: string; companyHint: string; deliveryKeyTail: string } }>('autotask/webhook-update.json');
  const body = bytes(`autotask/${f.bodyFile}`);

  it('verifies the sha1= X-Hook-Signature computed outside our code, and refuses a wrong secret', () => {
    expect(autotaskSignatureMatches(body, f.header, f.secret)).toBe(true);
    expect(autotaskSignatureMatches(body, f.header, `${f.secret}x`)).toBe(false);
  });

  it('parses the escaped body into a signal keyed by Guid, Id and SequenceNumber', () => {
    const json = parseJson(body);
    const payload = json.ok ? parsePayload(json.value) : json;
    expect(payload.ok).toBe(true);
    if (!payload.ok) return;
    expect((payload.value.Fields as { title: string }).title).toBe("Zoë's mailbox & quota +10 GB");
    const signal = autotaskSignal(payload.value, 'acme', AT, () => 'id-1');
    expect(signal.ok && [signal.value.action, signal.value.ticketId, signal.value.companyHint]).toEqual([f.expect.action, f.expect.ticketId, f.expect.companyHint]);
    expect(signal.ok && signal.value.deliveryKey.endsWith(f.expect.deliveryKeyTail)).toBe(true);
  });
});

describe('HaloPSA webhook payload types (Halo guide kbid=838)', () => {
  const f = fixture<{ variants: { name: string; body: unknown; expect: { ticketId: string; companyHint: string | null } }[] }>('halopsa/webhook-variants.json');
  it.each(f.variants.map((v) => [v.name, v] as const))('%s: the ticket id reaches the signal', (_name, v) => {
    const raw = Buffer.from(JSON.stringify(v.body));
    const parsed = parseWebhookBody(raw);
    expect(parsed.ok).toBe(true);
    if (!parsed.ok) return;
    const signal = haloSignal(parsed.value[0]!, raw, 'acme', AT, () => 'id-1');
    expect(signal.ok && [signal.value.ticketId, signal.value.companyHint ?? null]).toEqual([v.expect.ticketId, v.expect.companyHint]);
  });
});

describe('Graph transitiveMemberOf paging (Microsoft Learn user-list-transitivememberof)', () => {
  const f = fixture<{ page1: Record<string, unknown>; page2: Record<string, unknown> }>('m365/graph-memberof-page.json');
  const user = '3f1e8c2a-1b2c-4d5e-8f90-a1b2c3d4e5f6';
  const server = setupServer(
    http.get(`https://graph.microsoft.com/v1.0/users/${user}/transitiveMemberOf`, ({ request }) =>
      HttpResponse.json(new URL(request.url).searchParams.has('$skiptoken') ? f.page2 : f.page1),
    ),
  );
  beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
  afterAll(() => server.close());

  it('reads both pages: the role and the role-assignable group on page 2 are seen', async () => {
    const client = createHttpClient({ system: 'graph', baseUrl: 'https://graph.microsoft.com/v1.0', headers: () => ({}), maxRetries: 0 });
    const directory = createGraphDirectory(client, client, { header: async () => 'Bearer t', invalidate: () => undefined });
    const got = await directory.transitiveMemberOf(user);
    expect(got.map((o) => `${o.type}:${o.displayName}:${o.isAssignableToRole}`)).toEqual([
      'group:All Staff:null',
      'directoryRole:Helpdesk Administrator:null',
      'group:PIM Helpdesk:true',
    ]);
  });
});
