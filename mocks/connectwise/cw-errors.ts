import { HttpResponse } from 'msw';

/** ConnectWise-style error bodies: `{code, message, errors?: [{code, message, resource, field}]}`. */
export interface CwFieldError {
  code: string;
  message: string;
  resource: string;
  field: string;
}

/** Thrown inside the simulator's model code; the route wrapper turns it into a 400. */
export class CwValidationError extends Error {
  constructor(
    readonly resource: string,
    readonly errors: CwFieldError[],
  ) {
    super(`${resource} object is invalid`);
  }
}

/** Thrown for an unknown id; becomes a 404. */
export class CwNotFoundError extends Error {}

export function cwError(status: number, code: string, message: string, errors?: CwFieldError[], headers?: Record<string, string>): Response {
  return HttpResponse.json(errors ? { code, message, errors } : { code, message }, { status, headers });
}

export function fieldError(resource: string, field: string, message: string, code = 'InvalidValue'): CwFieldError {
  return { code, message, resource, field };
}

export function validationResponse(err: CwValidationError): Response {
  return cwError(400, 'InvalidObject', err.message, err.errors);
}
