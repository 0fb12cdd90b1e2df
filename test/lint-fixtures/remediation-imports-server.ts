// Linted as remediations/password-reset/layering-fixture.ts: remediations never import the server.
import { sendError } from '../../src/server/admin-http.js';
export const use = sendError;
