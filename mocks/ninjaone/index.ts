export { createNinjaOneSimulator, ninjaConditionUid, type NinjaOneSimulator, type NinjaOneSimulatorOptions } from './simulator.js';
export type * from './types.js';
