import { describe, expect, it } from 'vitest';
import { parsePayload, toSignal } from './parse-webhook.js';

const base = { Action: 'Update', Guid: 'g-1', EntityType: 'Ticket', Id: 52145, Fields: { status: 8, companyID: 250 }, EventTime: '2025-01-02T10:11:12Z', SequenceNumber: 17, PersonID: 29682885 };

describe('Autotask webhook payload → Signal', () => {
  it('keys deliveries by Guid, Id and SequenceNumber so a retry of the same event dedupes and the next does not', () => {
    const at = new Date('2025-01-02T10:11:13Z');
    const parsed = parsePayload(base);
    if (!parsed.ok) throw new Error(parsed.message);
    const signal = toSignal(parsed.value, 'acme', at, () => 'sig-1');
    expect(signal).toEqual({
      ok: true,
      value: { id: 'sig-1', installationId: 'acme', source: 'autotask', kind: 'ticket', deliveryKey: 'autotask:acme:g-1:52145:17', action: 'Update', ticketId: '52145', companyHint: '250', receivedAt: at.toISOString() },
    });
    const next = parsePayload({ ...base, SequenceNumber: 18 });
    if (!next.ok) throw new Error(next.message);
    const again = toSignal(next.value, 'acme', at);
    expect(again.ok && again.value.deliveryKey).toBe('autotask:acme:g-1:52145:18');
  });

  it('accepts numeric strings and missing Fields, and refuses bodies that are not Autotask webhooks', () => {
    const loose = parsePayload({ ...base, Id: '52145', SequenceNumber: '3', Fields: null, PersonID: null });
    expect(loose.ok).toBe(true);
    if (loose.ok) expect(toSignal(loose.value, 'acme', new Date())).toMatchObject({ ok: true, value: { companyHint: undefined, ticketId: '52145' } });
    for (const bad of [{ hello: 'world' }, { ...base, Id: -1 }, { ...base, Guid: '' }, { ...base, SequenceNumber: 'x' }, [base]]) {
      expect(parsePayload(bad)).toMatchObject({ ok: false, message: expect.stringContaining('not an Autotask webhook') });
    }
  });
});
