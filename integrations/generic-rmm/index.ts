export { genericRmmIntegration } from './integration.js';
export { GenericRmmInstallation } from './installation-schema.js';
export { GenericCallbackBody, parseGenericCallback } from './parse-callback.js';
export { SIGNATURE_HEADER, TIMESTAMP_HEADER, signCallback, stringToSign, verifyCallbackSignature } from './verify-signature.js';
