import { CwValidationError, fieldError } from './cw-errors.js';
import type { PatchOp } from './body-schemas.js';

const READ_ONLY = new Set(['id', '_info']);

/**
 * Applies CW's JSON Patch operations (`path` like "status", "/status" or "status/id") to a
 * copy of an entity. Keys match case-insensitively, as the real API does.
 */
export function applyPatch<T extends Record<string, unknown>>(entity: T, ops: PatchOp[], resource: string): T {
  const copy = structuredClone(entity) as Record<string, unknown>;
  for (const op of ops) {
    const parts = op.path.replace(/^\//, '').split('/').filter(Boolean);
    if (parts.length === 0 || READ_ONLY.has(parts[0]!.toLowerCase())) {
      throw new CwValidationError(resource, [fieldError(resource, op.path, `The path '${op.path}' cannot be patched.`)]);
    }
    let target = copy;
    for (const [i, raw] of parts.entries()) {
      const key = Object.keys(target).find((k) => k.toLowerCase() === raw.toLowerCase()) ?? raw;
      if (i === parts.length - 1) {
        if (op.op === 'remove') delete target[key];
        else target[key] = op.value;
        break;
      }
      const next = target[key];
      if (next === null || typeof next !== 'object') {
        if (op.op === 'remove') break;
        target[key] = {};
      }
      target = target[key] as Record<string, unknown>;
    }
  }
  return copy as T;
}
