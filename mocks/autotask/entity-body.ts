import { AtValidationError } from './at-errors.js';
import { canonicalName } from './entity-fields.js';
import type { FieldInfo } from './types.js';

/**
 * Reads an entity body the way Autotask's model binder does: property names in any case, unknown
 * properties ignored, read-only ones dropped (they are set by the server). Values are type-checked
 * against the field metadata; a wrong type is a 500 with `errors`, as Autotask answers.
 */
export function readEntityBody(raw: unknown, fields: FieldInfo[], entity: string, o: { refuseReadOnly?: boolean } = {}): { id?: number; values: Record<string, unknown> } {
  if (!raw || typeof raw !== 'object' || Array.isArray(raw)) throw new AtValidationError([`The ${entity} body must be a JSON object.`]);
  const names = fields.map((f) => f.name);
  const values: Record<string, unknown> = {};
  const errors: string[] = [];
  let id: number | undefined;
  for (const [key, value] of Object.entries(raw as Record<string, unknown>)) {
    const name = canonicalName(names, key);
    if (!name) continue;
    if (name === 'id') {
      if (value !== null && value !== undefined) {
        if (typeof value === 'number' && Number.isInteger(value) && value > 0) id = value;
        else errors.push(`id must be a positive integer.`);
      }
      continue;
    }
    const info = fields.find((f) => f.name === name) as FieldInfo;
    if (info.isReadOnly) {
      // Whether Autotask ignores or refuses a read-only field sent back on PUT is not documented;
      // the simulator takes the stricter reading and refuses it (a client must send writable fields only).
      if (o.refuseReadOnly && value !== null && value !== undefined) errors.push(`${entity}.${name} is read-only and cannot be updated.`);
      continue;
    }
    const problem = typeProblem(info, value);
    if (problem) errors.push(`${entity}.${name}: ${problem}`);
    else values[name] = value;
  }
  if (errors.length > 0) throw new AtValidationError(errors);
  return { id, values };
}

function typeProblem(info: FieldInfo, value: unknown): string | null {
  if (value === null) return null;
  switch (info.dataType) {
    case 'integer':
    case 'long':
      return typeof value === 'number' && Number.isInteger(value) ? null : 'must be an integer';
    case 'double':
      return typeof value === 'number' && Number.isFinite(value) ? null : 'must be a number';
    case 'boolean':
      return typeof value === 'boolean' ? null : 'must be true or false';
    case 'datetime':
      return typeof value === 'string' && !Number.isNaN(Date.parse(value)) ? null : 'must be an ISO 8601 date-time';
    case 'string':
      if (typeof value !== 'string') return 'must be a string';
      return info.length > 0 && value.length > info.length ? `is longer than ${info.length} characters` : null;
    default:
      return null;
  }
}

/** Checks required fields and picklist membership (active values only) on a finished draft. */
export function fieldErrors(draft: Record<string, unknown>, fields: FieldInfo[], entity: string): string[] {
  const errors: string[] = [];
  for (const f of fields) {
    if (f.isReadOnly || f.name === 'id') continue;
    const v = draft[f.name];
    if (f.isRequired && (v === null || v === undefined || v === '')) errors.push(`${entity}.${f.name} is required.`);
    if (f.isPickList && v !== null && v !== undefined) {
      const hit = f.picklistValues?.find((p) => p.value === String(v));
      if (!hit) errors.push(`${entity}.${f.name}: ${String(v)} is not a valid picklist value.`);
      else if (!hit.isActive) errors.push(`${entity}.${f.name}: picklist value ${hit.value} (${hit.label}) is inactive.`);
    }
  }
  return errors;
}
