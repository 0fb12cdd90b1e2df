export { createM365Simulator, sandboxM365Urls, REAL_M365_URLS, SIM_M365_APP } from './create-m365-simulator.js';
export type { M365Simulator, M365SimOptions, M365SimUrls, MailboxPatch, MailboxView } from './create-m365-simulator.js';
export type { SimCall } from './sim-context.js';
export type { FaultScope, SimFaults, SimSystem } from './sim-faults.js';
export { formatExchangeSize, parseQuotaInput } from './exchange-size-format.js';
