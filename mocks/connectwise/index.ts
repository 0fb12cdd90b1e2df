export { createConnectWiseSimulator, sampleCredentials, type ConnectWiseSimulator, type ConnectWiseSimulatorOptions, type ActAs } from './simulator.js';
export { authHeaders, basicAuthorization, type ConnectWiseCredentials, type MemberKeys } from './auth.js';
export { signCallbackBody } from './sign-callback.js';
export { type HttpFaults as ConnectWiseFaults, type FaultMatch } from '../http-faults.js';
export { type ConnectWiseState, SERVICE_BOARD_ID, DISPATCHER_IDENTIFIER } from './seed-state.js';
export type * from './types.js';
export { CW_TEST_BASE, CW_TEST_MEMBER, newTestSimulator, cwFetch } from './test-kit.js';
