import { existsSync, readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { SpecName } from './types.js';

const SPEC_FILES: Record<SpecName, string> = {
  autotask: 'autotask-rest-v1.swagger.json',
  halopsa: 'halopsa-v2.openapi.json',
};

/** Repo root = three levels above test/support/openapi/. */
const REPO_ROOT_FROM_MODULE = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');

/** Candidate spec folders: $TICKETFIX_SPECS_DIR, then ../shared/specs beside the cwd, then beside this repo. */
function candidateDirs(): string[] {
  const dirs: string[] = [];
  const fromEnv = process.env['TICKETFIX_SPECS_DIR'];
  if (fromEnv) dirs.push(path.resolve(fromEnv));
  dirs.push(path.resolve(process.cwd(), '../shared/specs'));
  dirs.push(path.resolve(REPO_ROOT_FROM_MODULE, '../shared/specs'));
  return [...new Set(dirs)];
}

/**
 * The spec as shipped beside the project (../shared/specs), else the gzipped copy of the same
 * file kept in this repo, so a clone that has no ../shared still tests against the real specs.
 */
export function specFilePath(name: SpecName): string {
  const file = SPEC_FILES[name];
  const tried = [...candidateDirs().map((dir) => path.join(dir, file)), path.join(REPO_ROOT_FROM_MODULE, 'test/support/openapi/specs', `${file}.gz`)];
  const found = tried.find((candidate) => existsSync(candidate));
  if (!found) throw new Error(`OpenAPI spec ${file} not found; tried ${tried.join(', ')}`);
  return found;
}

export function readSpecDocument(name: SpecName): Record<string, unknown> {
  const file = specFilePath(name);
  const bytes = readFileSync(file);
  const parsed: unknown = JSON.parse((file.endsWith('.gz') ? gunzipSync(bytes) : bytes).toString('utf8'));
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw new Error(`OpenAPI spec for ${name} is not a JSON object`);
  }
  return parsed as Record<string, unknown>;
}
