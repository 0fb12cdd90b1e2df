import { describe, expect, it } from 'vitest';
import { mailboxQuota } from '../../remediations/mailbox-quota/remediation.js';
import { defineRemediation, RemediationDefinitionError, type RemediationDefinition } from './define.js';

const valid = mailboxQuota as unknown as RemediationDefinition<unknown, unknown>;

describe('defineRemediation', () => {
  it('registers a remediation that declares its guardrails', () => {
    expect(defineRemediation(valid).id).toBe('mailbox-quota');
  });

  it.each([
    ['rollback policy', { rollbackPolicy: undefined }, /rollbackPolicy must be declared/],
    ['rollback function', { rollback: undefined }, /rollback must be implemented/],
    ['blast radius', { blastRadius: { maxTargets: 0 } }, /blastRadius\.maxTargets/],
    ['risk class', { riskClass: 'whatever' }, /riskClass/],
    ['metadata', { metadata: { owner: '', runbook: 'x', reviewDate: 'soon', changelog: [] } }, /metadata: owner/],
  ])('refuses one without a %s', (_name, patch, error) => {
    expect(() => defineRemediation({ ...valid, ...patch } as never)).toThrowError(RemediationDefinitionError);
    expect(() => defineRemediation({ ...valid, ...patch } as never)).toThrowError(error);
  });
});
