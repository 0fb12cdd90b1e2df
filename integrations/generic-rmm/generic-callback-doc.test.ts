import { createHmac } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rmmWebhookPath } from '../rmm-integration.js';
import { startRmmWebhookHarness, type RmmWebhookHarness } from '../rmm-test-kit.js';
import { GENERIC_TEST_ENV, genericTestInstall } from './test-kit.js';
import { SIGNATURE_HEADER, TIMESTAMP_HEADER, signCallback } from './verify-signature.js';

const doc = readFileSync(new URL('../../docs/generic-rmm-callback.md', import.meta.url), 'utf8');
const snippet = /```powershell\n([\s\S]*?)```/.exec(doc)?.[1] ?? '';
const install = genericTestInstall('acme-scripts');
let h: RmmWebhookHarness;
beforeAll(async () => {
  h = await startRmmWebhookHarness([install], GENERIC_TEST_ENV);
});
afterAll(() => h.close());

describe('the PowerShell snippet in docs/generic-rmm-callback.md signs what the verifier checks', () => {
  it('has the recipe: HMAC-SHA256 keyed with the UTF-8 secret over UTF-8 "<timestamp>.<body>", lowercase hex, sha256= prefix, the signed bytes posted', () => {
    expect(snippet).toContain('System.Security.Cryptography.HMACSHA256 (,[Text.Encoding]::UTF8.GetBytes($Secret))');
    expect(snippet).toContain('$Hmac.ComputeHash([Text.Encoding]::UTF8.GetBytes("$Timestamp.$Body"))');
    expect(snippet).toContain("$_.ToString('x2')");
    expect(snippet).toContain('[DateTimeOffset]::UtcNow.ToUnixTimeSeconds()');
    expect(snippet).toContain('$BodyBytes = [Text.Encoding]::UTF8.GetBytes($Body)');
    expect(snippet).toContain('-Body $BodyBytes');
    expect(snippet).toContain(`'${TIMESTAMP_HEADER}' = $Timestamp`);
    expect(snippet).toContain(`'${SIGNATURE_HEADER}' = "sha256=$Hex"`);
    expect(snippet).toContain(`/webhooks/rmm/generic/acme-scripts`);
    expect(rmmWebhookPath(install)).toBe('/webhooks/rmm/generic/acme-scripts');
  });

  it("the snippet's recipe, reproduced step by step, is accepted by the app (and equals signCallback)", async () => {
    // What the snippet computes, in the same order: compressed JSON body, Unix seconds, HMAC, x2 hex.
    const body = JSON.stringify({ eventId: 'a1b2c3d4-0000-4000-8000-000000000001', status: 'failing', category: 'service_stopped', deviceId: 'ACME-PC7', deviceName: 'ACME-PC7', serviceName: 'Spooler', message: 'Print Spooler is not running — ünïcode', raisedAt: new Date().toISOString() });
    const timestamp = String(Math.floor(Date.now() / 1000));
    const hash = createHmac('sha256', Buffer.from(GENERIC_TEST_ENV.GENERIC_SECRET, 'utf8')).update(Buffer.from(`${timestamp}.${body}`, 'utf8')).digest();
    const hex = [...hash].map((b) => b.toString(16).padStart(2, '0')).join('');
    const header = `sha256=${hex}`;
    expect(header).toBe(signCallback(GENERIC_TEST_ENV.GENERIC_SECRET, timestamp, Buffer.from(body, 'utf8')));
    const r = await h.post(install, body, { [TIMESTAMP_HEADER]: timestamp, [SIGNATURE_HEADER]: header });
    expect(r.status).toBe(202);
    expect(h.stored[0]!.alert.message).toContain('ünïcode');
  });

  it('documents every field of the body schema', async () => {
    const { GenericCallbackBody } = await import('./parse-callback.js');
    for (const field of Object.keys(GenericCallbackBody.shape)) expect(doc).toContain(`| \`${field}\` |`);
  });
});
