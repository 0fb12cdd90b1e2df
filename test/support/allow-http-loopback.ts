import { ALLOW_HTTP_LOOPBACK_ENV } from '../../src/http/outside-url-policy.js';

/**
 * The suite's one opt-in to plain http: its simulators listen on 127.0.0.1 without TLS. Only
 * loopback addresses are let through (src/http/outside-url-policy.ts); every other http URL
 * is still refused, at config load and at the HTTP seam. Tests of the refusal pass their own
 * policy or clear this variable.
 */
process.env[ALLOW_HTTP_LOOPBACK_ENV] = '1';
