import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import globals from 'globals';

/*
 * Layering (docs: /work/shared/design.md "Layering"). Production code never reaches the simulators
 * (mocks/), the tests (test/) or the helpers tests share with the bench (support/), nor msw; the CLI
 * reaches the sandbox entry (src/sandbox/, the one production folder allowed to load mocks/) only
 * by a dynamic import, so a real install never loads a simulator. On top: the engine never imports
 * the server, integrations never import the engine, remediations never import the store or the server.
 * typescript-eslint's variant of the core no-restricted-imports: the same rule plus allowTypeImports
 * (a type import of the sandbox is erased and loads nothing). Flat config does not merge a rule's
 * options across blocks, so each layer lists all of its restrictions.
 */
const ban = (regex, message, extra = {}) => ({ regex, message, ...extra });
const PRODUCTION = [
  ban('(^|/)mocks/', 'production code never imports the simulators: only the sandbox entry (src/sandbox/), tests and the bench do'),
  ban('(^|/)test/', 'production code never imports tests'),
  ban('^(\\.{1,2}/)+support/', 'production code never imports the helpers shared by tests and the bench'),
  ban('^msw(/|$)', 'msw belongs to the simulators and tests, not to production code paths'),
];
const SANDBOX_ENTRY = ban('(^|/)sandbox/(?!sandbox-data-dir\\.js$)', 'load the sandbox with a dynamic import: it brings the simulators', { allowTypeImports: true });
const layer = (...bans) => ({ '@typescript-eslint/no-restricted-imports': ['error', { patterns: bans }] });
const TESTS = ['**/*.test.ts'];

export default tseslint.config(
  // test/lint-fixtures/ holds forbidden imports on purpose (test/layering-lint.test.ts lints them).
  { ignores: ['node_modules/**', 'data/**', 'bench/results/**', 'coverage/**', 'test/lint-fixtures/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
      'no-console': 'error',
    },
  },
  { files: ['src/cli/**', 'bench/**', 'bin/**', 'src/main.ts', 'test/triage-data/*.mjs'], rules: { 'no-console': 'off' } },
  {
    files: ['src/**/*.ts', 'integrations/**/*.ts', 'remediations/**/*.ts', 'manifest/**/*.ts', 'bin/**', '*.ts'],
    ignores: [...TESTS, 'src/sandbox/**', 'src/engine/**', 'integrations/**', 'remediations/**', 'src/triage/train/**', 'vitest.config.ts'],
    rules: layer(...PRODUCTION, SANDBOX_ENTRY),
  },
  {
    files: ['src/engine/**/*.ts'],
    ignores: TESTS,
    rules: layer(...PRODUCTION, SANDBOX_ENTRY, ban('^(\\.{1,2}/)+(src/)?server(/|\\.js$)', 'the engine never imports the server')),
  },
  {
    files: ['integrations/**/*.ts'],
    ignores: TESTS,
    rules: layer(...PRODUCTION, SANDBOX_ENTRY, ban('(^|/)src/engine(/|\\.js$)', 'integrations never import the engine')),
  },
  {
    files: ['remediations/**/*.ts'],
    ignores: TESTS,
    rules: layer(...PRODUCTION, SANDBOX_ENTRY, ban('(^|/)src/(store|server)(/|\\.js$)', 'remediations never import the store or the server')),
  },
  // The bench and the helpers it shares with the tests may use the simulators, never the tests themselves.
  { files: ['bench/**/*.ts', 'support/**/*.ts'], rules: layer(ban('(^|/)test/', 'the bench never imports tests: share helpers through support/')) },
  // `npm run train:triage` is a dev-time tool (nothing in the product imports it): it reads the labelled corpus under test/.
  { files: ['src/triage/train/**/*.ts'], ignores: TESTS, rules: layer(...PRODUCTION.filter((b) => !b.regex.includes('test')), SANDBOX_ENTRY) },
  // The web console runs in the browser, not in Node.
  { files: ['src/console/public/**'], languageOptions: { globals: { ...globals.browser } } },
);
