import type { SpecName } from './types.js';
import { isRecord } from './is-record.js';

/**
 * Vendor-spec fixes applied before validation, each one a place where the published spec disagrees with the
 * documented wire format.
 */
function withProperty(definitions: Record<string, unknown>, model: string, property: string, schema: unknown): Record<string, unknown> {
  const definition = definitions[model];
  if (!isRecord(definition) || !isRecord(definition['properties'])) return definitions;
  return { ...definitions, [model]: { ...definition, properties: { ...definition['properties'], [property]: schema } } };
}

export function applySpecQuirks(name: SpecName, definitions: Record<string, unknown>): Record<string, unknown> {
  if (name !== 'autotask') return definitions;
  // Autotask query filters send `value` as a plain scalar (or an array for `in`), e.g.
  // {"op":"eq","field":"ticketNumber","value":"T2025..."}; the spec types it as the SOAP-era ValueItem object.
  return withProperty(definitions, 'Filter', 'value', {});
}
