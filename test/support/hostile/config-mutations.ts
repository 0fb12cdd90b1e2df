import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { parse as parseYaml } from 'yaml';

/** The shipped example config, as the loader sees it (a known-good starting point). */
export const EXAMPLE_YAML = readFileSync(new URL('../../../config.example.yaml', import.meta.url), 'utf8');
export const exampleConfig = (): Record<string, unknown> => parseYaml(EXAMPLE_YAML) as Record<string, unknown>;

type Path = (string | number)[];

/** Every path (objects and leaves) in a JSON-like value. */
export function pathsOf(value: unknown, prefix: Path = []): Path[] {
  if (value === null || typeof value !== 'object') return [prefix];
  const entries = Array.isArray(value) ? value.map((v, i) => [i, v] as const) : Object.entries(value);
  return [prefix, ...entries.flatMap(([k, v]) => pathsOf(v, [...prefix, k]))];
}

function setAt(root: Record<string, unknown>, path: Path, value: unknown, remove: boolean): unknown {
  if (path.length === 0) return remove ? undefined : value;
  let node = root as Record<string | number, unknown>;
  for (const key of path.slice(0, -1)) node = node[key] as Record<string | number, unknown>;
  const last = path[path.length - 1]!;
  if (remove) delete node[last];
  else node[last] = value;
  return root;
}

export interface ConfigMutation {
  path: Path;
  op: 'set' | 'delete';
  value?: unknown;
  config: unknown;
}

/** The example config with one node replaced by arbitrary JSON, a wrong-typed value, or removed. */
export function mutatedConfig(): fc.Arbitrary<ConfigMutation> {
  const paths = pathsOf(exampleConfig());
  const wrong = fc.oneof(fc.jsonValue({ maxDepth: 3 }), fc.constantFrom(null, -1, 0, 1.5, 1e308, '', ' ', 'x'.repeat(10_000), [], {}, true, '__proto__'));
  return fc.record({ at: fc.nat({ max: paths.length - 1 }), op: fc.constantFrom('set' as const, 'set' as const, 'delete' as const), value: wrong }).map(({ at, op, value }) => {
    const path = paths[at]!;
    const config = setAt(exampleConfig(), path, value, op === 'delete');
    return { path, op, value: op === 'set' ? value : undefined, config };
  });
}

/** Values that look like secrets pasted where an environment variable *name* belongs. */
export const pastedSecret = fc.oneof(
  fc.stringMatching(/^[A-Za-z0-9]{16}$/).filter((s) => /[a-z]/.test(s)), // a ConnectWise API key
  fc.stringMatching(/^[A-Za-z0-9]{3}8Q~[A-Za-z0-9_.~-]{34}$/), // an Entra client secret value
  fc.uint8Array({ minLength: 16, maxLength: 48 }).map((b) => Buffer.from(b).toString('base64')),
  fc.uint8Array({ minLength: 16, maxLength: 32 }).map((b) => Buffer.from(b).toString('hex')),
  fc.uuid(),
  fc.constantFrom('eyJ0eXAiOiJKV1QiLCJhbGciOiJSUzI1NiJ9.eyJhdWQiOiJ4In0.c2lnbmF0dXJl', 'Bearer abc.def.ghi', 'sandbox-private-key', 'sim-only-m365-client-secret', 'hunter2!', 'p@ssw0rd-With-Symbols'),
);

/** Where secrets are named in the example config. */
export const SECRET_NAME_FIELDS: Path[] = [['installations', 0, 'connectwise', 'publicKeyEnv'], ['installations', 0, 'connectwise', 'privateKeyEnv'], ['m365', 'clientSecretEnv'], ['adminTokenEnv']];

export function withValue(path: Path, value: unknown): Record<string, unknown> {
  return setAt(exampleConfig(), path, value, false) as Record<string, unknown>;
}
