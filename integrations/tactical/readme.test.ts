import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { TACTICAL_FAILURE_BODY, TACTICAL_RESOLVED_BODY, TACTICAL_SECRET_HEADER } from './alert-template.js';

const read = (rel: string) => readFileSync(new URL(rel, import.meta.url), 'utf8');

describe('the alert template the MSP pastes is documented exactly as the parser expects it', () => {
  it('Tactical README carries the failure and resolved bodies and the secret header', () => {
    const doc = read('./README.md');
    expect(doc).toContain(TACTICAL_FAILURE_BODY);
    expect(doc).toContain(TACTICAL_RESOLVED_BODY);
    expect(doc).toContain(`"${TACTICAL_SECRET_HEADER}"`);
  });
});
