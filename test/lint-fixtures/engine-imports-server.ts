// Linted as src/engine/layering-fixture.ts: the engine never imports the server.
import { sendError } from '../server/admin-http.js';
export const use = sendError;
