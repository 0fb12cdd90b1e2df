export { generateTempPassword, observeIssuedPasswords, addIssuedPasswordListener } from './temp-password.js';
export { createSecretLinks, secretLinks, useSecretLinks, isLinkToken, linkId, LinkSubject, type SecretLinks, type OpenResult } from './secret-links.js';
export { secretLinkRoutes } from './secret-link-route.js';
