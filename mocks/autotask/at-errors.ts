import { HttpResponse } from 'msw';

/**
 * Autotask answers errors as `{"errors": ["…"]}`. Business-rule and validation failures come back
 * as HTTP 500, not 400 (Autotask help, REST_Updating_Data_PATCH.htm); the exact wording of the
 * messages below is the simulator's own (unverified), the status codes and shape are not.
 */
export class AtValidationError extends Error {
  constructor(readonly errors: string[]) {
    super(errors.join('; '));
  }
}

/** A request the API understood but the user may not perform (security level). */
export class AtForbiddenError extends Error {}

export function atError(status: number, errors: string[], headers?: Record<string, string>): Response {
  return HttpResponse.json({ errors }, { status, headers });
}

export function requireValid(errors: string[]): void {
  if (errors.length > 0) throw new AtValidationError(errors);
}
