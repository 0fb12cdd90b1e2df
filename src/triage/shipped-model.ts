import { existsSync } from 'node:fs';
import { loadModel, type LinearModel } from './linear-model.js';

const WEIGHTS = new URL('./model/weights.json', import.meta.url);

/**
 * The classifier shipped in the repository (trained by `npm run train:triage`), read once and
 * never changed. A checkout without the file triages with the rules alone.
 */
export const SHIPPED_MODEL: LinearModel | null = existsSync(WEIGHTS) ? loadModel(WEIGHTS) : null;
