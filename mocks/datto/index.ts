export { createDattoSimulator, DATTO_SIM_COMPONENTS, type DattoSimulator, type DattoSimulatorOptions } from './simulator.js';
export { DATTO_LIMITS, type DattoLimits } from './rate-limit.js';
export { renderBracketTemplate } from './render-template.js';
export type * from './types.js';
