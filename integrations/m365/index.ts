export { createM365Factory, type M365FactoryOptions } from './create-m365-factory.js';
export { parseExchangeSize } from './exchange-size.js';
export { ExchangeCommandError } from './exchange-error.js';
export { createTokenSource } from './create-token-source.js';
export { RESOURCE_SCOPES, type M365Resource, type TokenSource } from './token-source.js';
export { assertTenantId } from './tenant-id.js';
export type { ExchangeAdmin, GraphDirectory, GraphDirectoryObject, GraphGroup, GraphUser, GraphUsers, M365Factory, TenantM365 } from './types.js';
