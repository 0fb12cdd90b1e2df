/**
 * The one error type every outside-API client throws. It never carries request headers or
 * bodies (they can hold secrets), only what an operator needs to act on.
 */
export class OutsideApiError extends Error {
  constructor(
    readonly system: string,
    readonly operation: string,
    readonly status: number | null,
    message: string,
    /** True when a later attempt may succeed (429, 5xx, timeout, connection refused). */
    readonly retryable: boolean,
    /** True when the request may have been applied although we got no answer (timeout, 5xx on a write). */
    readonly ambiguous: boolean = false,
    /** Milliseconds the server asked us to wait (Retry-After), when it said. */
    readonly retryAfterMs: number | null = null,
  ) {
    super(`${system} ${operation} failed${status === null ? '' : ` (HTTP ${status})`}: ${message}`);
    this.name = 'OutsideApiError';
  }
}
