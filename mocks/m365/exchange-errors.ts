import { HttpResponse } from 'msw';

/** The server name Exchange puts into "couldn't be found on '…'" messages. */
export const SIM_EXCHANGE_SERVER = 'SIMPR01A001DC01.SIMPR01A001.prod.outlook.com';

/**
 * A cmdlet failure as the InvokeCommand endpoint reports it: `"|<exception type>|<text>"` in
 * `error.message` (the form the EXO V3 module prints, e.g. "Write-ErrorMessage :
 * |Microsoft.Exchange...ManagementObjectNotFoundException|The operation couldn't be
 * performed…"), with the error id in front in `error.details[0].message` and the inner exception.
 */
export class ExchangeCmdletError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    readonly exceptionType: string,
    readonly errorId: string,
    message: string,
  ) {
    super(message);
  }
}

export function exchangeErrorResponse(err: ExchangeCmdletError): Response {
  const full = `${err.errorId}|${err.exceptionType}|${err.message}`;
  return HttpResponse.json(
    {
      error: {
        code: err.code,
        message: `|${err.exceptionType}|${err.message}`,
        details: [{ code: 'Context', target: '', message: full }],
        innererror: { message: full, type: 'Microsoft.Exchange.Admin.OData.Core.ODataServiceException', internalException: { message: full, type: err.exceptionType } },
      },
    },
    { status: err.status },
  );
}

export const notFound = (identity: string) =>
  new ExchangeCmdletError(404, 'NotFound', 'Microsoft.Exchange.Configuration.Tasks.ManagementObjectNotFoundException', 'Ex6F9304', `The operation couldn't be performed because object '${identity}' couldn't be found on '${SIM_EXCHANGE_SERVER}'.`);

export const parameterError = (message: string) =>
  new ExchangeCmdletError(400, 'BadRequest', 'System.Management.Automation.ParameterBindingException', 'Ex8A5C1F', message);

export const validationError = (message: string, exceptionType = 'Microsoft.Exchange.Data.DataValidationException') =>
  new ExchangeCmdletError(400, 'BadRequest', exceptionType, 'ExB1E0A4', message);

export const unknownCmdlet = (name: string) =>
  new ExchangeCmdletError(400, 'BadRequest', 'System.Management.Automation.CommandNotFoundException', 'Ex2D7E55', `The term '${name}' is not recognized as a name of a cmdlet, function, script file, or executable program.`);

/** Exchange answers an unusable token with 401, an empty body and the reason in WWW-Authenticate. */
export function exchangeUnauthorized(description: string): Response {
  return new HttpResponse(null, {
    status: 401,
    headers: { 'WWW-Authenticate': `Bearer client_id="00000002-0000-0ff1-ce00-000000000000", token_types="app_asserted_user_v1 service_asserted_app_v1", error="invalid_token", error_description="${description}"` },
  });
}
