import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

/**
 * The layering rule (eslint.config.js, design.md "Layering") proved on fixtures: each file in
 * test/lint-fixtures/ holds one import, linted as if it sat at the path below. The fixtures are
 * ignored by the normal `eslint .` run, which they would fail on purpose.
 */
const ROOT = resolve(import.meta.dirname, '..');
const FIXTURES = join(ROOT, 'test/lint-fixtures');
const RULE = '@typescript-eslint/no-restricted-imports';

const forbidden: Record<string, { as: string; message: string }> = {
  'engine-imports-server.ts': { as: 'src/engine/layering-fixture.ts', message: 'the engine never imports the server' },
  'integration-imports-engine.ts': { as: 'integrations/layering-fixture.ts', message: 'integrations never import the engine' },
  'remediation-imports-store.ts': { as: 'remediations/password-reset/layering-fixture.ts', message: 'remediations never import the store or the server' },
  'remediation-imports-server.ts': { as: 'remediations/password-reset/layering-fixture.ts', message: 'remediations never import the store or the server' },
  'production-imports-mocks.ts': { as: 'src/cli/layering-fixture.ts', message: 'production code never imports the simulators' },
  'production-reexports-mocks.ts': { as: 'src/engine/layering-fixture.ts', message: 'production code never imports the simulators' },
  'integration-imports-mocks.ts': { as: 'integrations/generic-rmm/layering-fixture.ts', message: 'production code never imports the simulators' },
  'production-imports-test.ts': { as: 'src/cli/layering-fixture.ts', message: 'production code never imports tests' },
  'production-imports-support.ts': { as: 'src/queue/layering-fixture.ts', message: 'production code never imports the helpers shared by tests and the bench' },
  'production-imports-msw.ts': { as: 'src/http/layering-fixture.ts', message: 'msw belongs to the simulators and tests' },
  'bench-imports-test.ts': { as: 'bench/benchmarks/layering-fixture.ts', message: 'the bench never imports tests' },
  'support-imports-test.ts': { as: 'support/cluster/layering-fixture.ts', message: 'the bench never imports tests' },
  'cli-imports-sandbox-statically.ts': { as: 'src/cli/layering-fixture.ts', message: 'load the sandbox with a dynamic import' },
};

const allowed: Record<string, string> = {
  'allowed-sandbox-imports-mocks.ts': 'src/sandbox/layering-fixture.ts',
  'allowed-test-imports-mocks.ts': 'test/layering-fixture.test.ts',
  'allowed-bench-imports-support.ts': 'bench/benchmarks/layering-fixture.ts',
  'allowed-cli-reaches-sandbox-dynamically.ts': 'src/cli/layering-fixture.ts',
  'allowed-engine-imports-store.ts': 'src/engine/layering-fixture.ts',
};

const eslint = new ESLint({ cwd: ROOT });

async function layeringMessages(fixture: string, as: string): Promise<{ line: number; message: string }[]> {
  const text = readFileSync(join(FIXTURES, fixture), 'utf8');
  // The fixture says where it pretends to be: keeps the table above and the fixture honest.
  expect(text.split('\n')[0]).toContain(`Linted as ${as}`);
  const [result] = await eslint.lintText(text, { filePath: join(ROOT, as) });
  expect(result!.messages.filter((m) => m.fatal)).toEqual([]);
  return result!.messages.filter((m) => m.ruleId === RULE).map((m) => ({ line: m.line, message: m.message }));
}

describe('layering lint rule', () => {
  it('has a table entry for every fixture', () => {
    expect(readdirSync(FIXTURES).sort()).toEqual([...Object.keys(forbidden), ...Object.keys(allowed)].sort());
  });

  for (const [fixture, { as, message }] of Object.entries(forbidden)) {
    it(`reports ${fixture} (as ${as})`, async () => {
      const reported = await layeringMessages(fixture, as);
      expect(reported).toHaveLength(1);
      expect(reported[0]!.line).toBe(2);
      expect(reported[0]!.message).toContain(message);
    }, 60_000);
  }

  for (const [fixture, as] of Object.entries(allowed)) {
    it(`lets ${fixture} through (as ${as})`, async () => {
      expect(await layeringMessages(fixture, as)).toEqual([]);
    }, 60_000);
  }

  it('keeps the fixtures out of the normal lint run', async () => {
    expect(await eslint.isPathIgnored(join(FIXTURES, 'engine-imports-server.ts'))).toBe(true);
  });
});
