export { generateTempPassword, observeIssuedPasswords, addIssuedPasswordListener } from './temp-password.js';
export { createSecretLinks, isLinkToken, linkId, LinkSubject, type SecretLinks, type OpenResult } from './secret-links.js';
export { secretLinkRoutes } from './secret-link-route.js';
export { createSealer, sealerFromEnv, SealedBlob, type Sealer } from './run-sealer.js';
export { redactLinks, redactLinksDeep, REDACTED_LINK } from './redact-links.js';
