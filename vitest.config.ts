import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'integrations/**/*.test.ts', 'remediations/**/*.test.ts', 'mocks/**/*.test.ts', 'manifest/**/*.test.ts', 'test/**/*.test.ts'],
    testTimeout: 30_000,
    hookTimeout: 30_000,
    pool: 'forks',
    // Suite-wide guard: a temporary password issued in a file must not appear in its output, files or errors.
    setupFiles: ['./test/support/temp-password-setup.ts', './test/support/allow-http-loopback.ts'],
    reporters: ['default', './test/support/summary-reporter.ts'],
  },
});
