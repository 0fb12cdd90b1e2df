// Linted as src/engine/layering-fixture.ts: a re-export is an import too.
export { demoWorld } from '../../mocks/demo-data.js';
