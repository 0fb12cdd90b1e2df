// Linted as src/http/layering-fixture.ts: msw is for simulators and tests.
import { http } from 'msw';
export const use = http;
