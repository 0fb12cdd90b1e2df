/**
 * What the MSP pastes into a Datto RMM monitor's Response > Webhook (one per monitor, so the
 * monitor's own facts are literal text the MSP types, not alert text): URL
 * `<publicUrl>/webhooks/rmm/datto/<installationId>`, header `X-Ticketfix-Secret: <secret>` (or,
 * where headers cannot be set, `?token=<secret>` on the URL), and these two payloads. Datto
 * replaces each [variable] before posting.
 */
export const DATTO_SECRET_HEADER = 'X-Ticketfix-Secret';

export interface DattoMonitorFacts {
  category: 'service_stopped' | 'software_request' | 'other';
  serviceName?: string;
  application?: string;
}

export function dattoWebhookPayload(event: 'triggered' | 'resolved', facts: DattoMonitorFacts): string {
  return JSON.stringify(
    {
      event,
      alertUid: '[alert_uid]',
      priority: '[alert_priority]',
      message: '[alert_message_en]',
      deviceId: '[device_id]',
      hostname: '[device_hostname]',
      site: '[site_name]',
      category: facts.category,
      ...(facts.serviceName ? { serviceName: facts.serviceName } : {}),
      ...(facts.application ? { application: facts.application } : {}),
    },
    null,
    2,
  );
}
