import { describe, expect, it } from 'vitest';
import { auditData, hashAuditEvent, sealAuditEvent } from './audit-hash.js';

const base = { seq: 1, at: '2030-01-01T00:00:00.000Z', type: 'acted', runId: 'r1', ticketId: 't1', clientId: 'c1', remediationId: 'm1', outcome: null, actor: 'engine', data: { a: 1 }, prevHash: '0'.repeat(64) };

describe('sealAuditEvent (the append path without a zod parse)', () => {
  it('stores a missing nullable field as null and hashes it as null, so a reader verifies it', () => {
    const sealed = sealAuditEvent({ ...base, runId: undefined as unknown as null });
    expect(sealed.runId).toBeNull();
    const { hash, ...rest } = sealed;
    expect(hash).toBe(hashAuditEvent({ ...rest, runId: null }));
    expect(Object.keys(sealed)).toEqual(['seq', 'at', 'type', 'runId', 'ticketId', 'clientId', 'remediationId', 'outcome', 'actor', 'data', 'prevHash', 'hash']);
  });

  it('refuses an event without a string type or actor', () => {
    expect(() => sealAuditEvent({ ...base, type: 7 as unknown as string })).toThrow(TypeError);
    expect(() => sealAuditEvent({ ...base, actor: undefined as unknown as string })).toThrow(TypeError);
  });

  it('gives the data back as a reader will parse it, and the exact stored JSON', () => {
    const { data, json } = auditData({ when: new Date('2030-01-01T00:00:00.000Z'), gone: undefined, n: 2 });
    expect(data).toEqual({ when: '2030-01-01T00:00:00.000Z', n: 2 });
    expect(json).toBe('{"when":"2030-01-01T00:00:00.000Z","n":2}');
  });
});
