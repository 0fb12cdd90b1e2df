import { randomUUID } from 'node:crypto';
import { HttpResponse } from 'msw';

/** Entra ID's error body: `{error, error_description: "AADSTSnnn: ...", error_codes, ...}`. */
export function aadError(status: number, error: string, code: number, description: string): Response {
  const traceId = randomUUID();
  const correlationId = randomUUID();
  const timestamp = new Date().toISOString().replace('T', ' ').replace(/\.\d+Z$/, 'Z');
  return HttpResponse.json(
    {
      error,
      error_description: `AADSTS${code}: ${description}\r\nTrace ID: ${traceId}\r\nCorrelation ID: ${correlationId}\r\nTimestamp: ${timestamp}`,
      error_codes: [code],
      timestamp,
      trace_id: traceId,
      correlation_id: correlationId,
      error_uri: `https://login.microsoftonline.com/error?code=${code}`,
    },
    { status },
  );
}
