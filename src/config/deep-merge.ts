/** A plain object (not an array, null, date or class instance): what a JSON/YAML mapping parses to. */
export function isPlainObject(v: unknown): v is Record<string, unknown> {
  if (v === null || typeof v !== 'object' || Array.isArray(v)) return false;
  const proto = Object.getPrototypeOf(v) as unknown;
  return proto === Object.prototype || proto === null;
}

/** Keys that would reach an object's prototype instead of the object. */
const UNSAFE = new Set(['__proto__', 'constructor', 'prototype']);

/**
 * Lays `patch` over `base`: mappings are merged key by key at every depth; anything else (a
 * value, a list) in the patch replaces what was there; undefined in the patch changes nothing.
 * Neither argument is modified.
 */
export function deepMerge<T>(base: T, patch: unknown): T {
  if (patch === undefined) return base;
  if (!isPlainObject(patch) || !isPlainObject(base)) return patch as T;
  const out: Record<string, unknown> = { ...base };
  for (const [k, v] of Object.entries(patch)) {
    if (UNSAFE.has(k) || v === undefined) continue;
    out[k] = Object.hasOwn(out, k) ? deepMerge(out[k], v) : v;
  }
  return out as T;
}

