import fc from 'fast-check';
import { describe, it } from 'vitest';
import { parseDattoWebhook } from '../integrations/datto/parse-webhook.js';
import { parseGenericCallback } from '../integrations/generic-rmm/parse-callback.js';
import { verifyCallbackSignature } from '../integrations/generic-rmm/verify-signature.js';
import { ninjaTestInstall } from './support/ninjaone/test-kit.js';
import { parseNinjaWebhook } from '../integrations/ninjaone/parse-webhook.js';
import type { Parsed } from '../integrations/rmm-webhook-flow.js';
import { parseTacticalAlert } from '../integrations/tactical/parse-webhook.js';

/** Every RMM parser, fed arbitrary JSON: an alert, a refusal with a message, or "ignore" — never a throw. */
const anyJson = fc.jsonValue({ maxDepth: 5 });
const ninja = ninjaTestInstall('n');
const parsers: [string, (j: unknown) => Parsed][] = [
  ['tactical', (j) => parseTacticalAlert(j, 't')],
  ['ninjaone', (j) => parseNinjaWebhook(j, ninja)],
  ['datto', (j) => parseDattoWebhook(j, 'd')],
  ['generic', (j) => parseGenericCallback(j, 'g', 'org')],
];

// Bodies shaped like the real ones with arbitrary values in every field, so the parsers get past the first check.
const shaped = fc.record({
  event: fc.oneof(fc.constantFrom('failure', 'resolved', 'triggered'), fc.string()),
  status: fc.oneof(fc.constantFrom('failing', 'resolved'), fc.string()),
  category: fc.oneof(fc.constantFrom('service_stopped', 'other', 'software_request'), fc.string()),
  alert_id: fc.oneof(fc.string(), fc.integer()),
  eventId: fc.string(),
  id: fc.oneof(fc.integer(), fc.string()),
  alertUid: fc.oneof(fc.uuid(), fc.string()),
  agent_id: fc.string(),
  deviceId: fc.oneof(fc.integer(), fc.string(), fc.uuid()),
  activityType: fc.constantFrom('CONDITION', 'ACTION', ''),
  statusCode: fc.constantFrom('TRIGGERED', 'RESET', 'X'),
  check_type: fc.constantFrom('winsvc', '', 'cpuload'),
  service_name: fc.string({ maxLength: 300 }),
  serviceName: fc.string({ maxLength: 300 }),
  message: fc.string({ maxLength: 3000 }),
  alert_time: fc.string(),
  raisedAt: fc.string(),
});

describe('RMM webhook parsers under arbitrary input', () => {
  it.each(parsers)('%s: never throws; refusals carry a message; accepted alerts are keyed by installation', (name, parse) => {
    fc.assert(
      fc.property(fc.oneof(anyJson, shaped), (json) => {
        const r = parse(json);
        if (r.ok === true) return r.deliveryKey.startsWith(`${name}:`) && r.alert.rmm === name;
        if (r.ok === 'ignore') return r.reason.length > 0;
        return typeof r.message === 'string' && r.message.length > 0;
      }),
      { numRuns: 800 },
    );
  });

  it('the generic signature check never throws on arbitrary headers and only accepts the real signature', () => {
    const raw = Buffer.from('{"a":1}');
    fc.assert(
      fc.property(fc.option(fc.string()), fc.option(fc.string()), (timestamp, signature) => {
        const v = verifyCallbackSignature({ secret: 's3cret', timestamp: timestamp ?? undefined, signature: signature ?? undefined, raw, nowMs: Date.now(), toleranceSeconds: 300 });
        return v.ok === false && v.message.length > 0;
      }),
      { numRuns: 1500 },
    );
  });
});
