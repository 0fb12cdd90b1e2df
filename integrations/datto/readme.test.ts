import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { dattoWebhookPayload } from './webhook-template.js';

describe('the monitor payloads the MSP pastes are documented exactly as the parser expects them', () => {
  it('README carries both payloads', () => {
    const doc = readFileSync(new URL('./README.md', import.meta.url), 'utf8');
    expect(doc).toContain(dattoWebhookPayload('triggered', { category: 'service_stopped', serviceName: 'Spooler' }));
    expect(doc).toContain(dattoWebhookPayload('resolved', { category: 'service_stopped', serviceName: 'Spooler' }));
    expect(doc).toContain('X-Ticketfix-Secret');
  });
});
