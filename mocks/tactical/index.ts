export { createTacticalSimulator, type TacticalSimulator, type TacticalSimulatorOptions } from './simulator.js';
export type * from './types.js';
export { TACTICAL_SIM_CUSTOM_FIELDS, TACTICAL_SIM_SOFTWARE_REQUEST_CHECK, TACTICAL_SIM_SOFTWARE_REQUEST_SCRIPT_ID } from './types.js';
export { renderTemplate } from './render-template.js';
