import { OutsideApiError } from '../../src/http/outside-api-error.js';

/**
 * A failed cmdlet. Exchange writes its messages as `"<error id>|<exception type>|<text>"`;
 * the text becomes the message and the exception type is kept so callers can tell "not found"
 * (ManagementObjectNotFoundException) from a refused value without matching prose.
 */
export class ExchangeCommandError extends OutsideApiError {
  constructor(
    readonly cmdlet: string,
    status: number | null,
    message: string,
    readonly exceptionType: string | null,
    retryable: boolean,
    ambiguous: boolean,
    retryAfterMs: number | null,
  ) {
    super('exchange', cmdlet, status, message, retryable, ambiguous, retryAfterMs);
    this.name = 'ExchangeCommandError';
  }

  get notFound(): boolean {
    return this.exceptionType?.endsWith('ManagementObjectNotFoundException') ?? false;
  }
}

/** Splits `"Ex6F9304|Microsoft.Exchange...Exception|The operation couldn't..."`. */
export function splitExchangeMessage(raw: string): { exceptionType: string | null; message: string } {
  const m = /^(?:[A-Za-z0-9]+)?\|([\w.`[\]]+)\|([\s\S]*)$/.exec(raw.trim());
  return m?.[1] && m[2] !== undefined ? { exceptionType: m[1], message: m[2].trim() } : { exceptionType: null, message: raw.trim() };
}

const NOT_FOUND = /couldn't be found on/;

/**
 * Re-types the seam's error for a cmdlet. The seam formats its message as
 * `"<system> <operation> failed (HTTP n): <server text>"`; only the server text is kept.
 */
export function toExchangeCommandError(err: OutsideApiError, cmdlet: string): ExchangeCommandError {
  const prefix = `${err.system} ${err.operation} failed${err.status === null ? '' : ` (HTTP ${err.status})`}: `;
  const serverText = err.message.startsWith(prefix) ? err.message.slice(prefix.length) : err.message;
  let { exceptionType, message } = splitExchangeMessage(serverText);
  if (err.status === 401) message = 'the Exchange admin API refused the token (401); check the app has Exchange.ManageAsApp and an Exchange role in this tenant';
  if (!exceptionType && NOT_FOUND.test(message)) exceptionType = 'Microsoft.Exchange.Configuration.Tasks.ManagementObjectNotFoundException';
  return new ExchangeCommandError(cmdlet, err.status, message, exceptionType, err.retryable, err.ambiguous, err.retryAfterMs);
}
