export { createTacticalSimulator, type TacticalSimulator, type TacticalSimulatorOptions } from './simulator.js';
export type * from './types.js';
export { renderTemplate } from './render-template.js';
