import type { HttpClient } from '../../src/http/http-client.js';
import { FieldsResponse, type FieldInfo, type PicklistValue } from './api-schemas.js';

type Entity = 'Tickets' | 'TicketNotes';

/**
 * Field metadata (`/{Entity}/entityInformation/fields`) per entity, cached for `ttlMs`: status,
 * queue and priority of tickets, noteType and publish of notes are picklists whose values
 * differ per Autotask database, so they are resolved by label. `invalidate` refetches after a
 * miss or a refused value (an admin renamed or added one).
 */
export function createPicklistCache(client: HttpClient, ttlMs: number, now: () => number = Date.now) {
  const cache = new Map<Entity, { at: number; fields: Promise<FieldInfo[]> }>();

  function fields(entity: Entity): Promise<FieldInfo[]> {
    const hit = cache.get(entity);
    if (hit && now() - hit.at < ttlMs) return hit.fields;
    // GET /{Entity}/entityInformation/fields ({Entity}_QueryFieldDefinitions)
    const loaded = client.request({ method: 'GET', path: `/${entity}/entityInformation/fields`, operation: `${entity}Fields`, schema: FieldsResponse }).then((r) => r.fields);
    cache.set(entity, { at: now(), fields: loaded });
    loaded.catch(() => cache.delete(entity));
    return loaded;
  }

  async function values(entity: Entity, field: string): Promise<PicklistValue[]> {
    return (await fields(entity)).find((f) => f.name.toLowerCase() === field.toLowerCase())?.picklistValues ?? [];
  }

  const norm = (s: string) => s.trim().toLowerCase();

  /** The active value with this label; looks once more after a miss (a value added since the cache filled). */
  async function byLabel(entity: Entity, field: string, label: string): Promise<PicklistValue | undefined> {
    const find = async () => (await values(entity, field)).find((p) => p.isActive !== false && norm(p.label) === norm(label));
    const hit = await find();
    if (hit) return hit;
    cache.delete(entity);
    return find();
  }

  async function labelOf(entity: Entity, field: string, value: number | string | null | undefined): Promise<string | undefined> {
    if (value === null || value === undefined) return undefined;
    return (await values(entity, field)).find((p) => p.value === String(value))?.label;
  }

  async function defaultOf(entity: Entity, field: string): Promise<PicklistValue | undefined> {
    const all = (await values(entity, field)).filter((p) => p.isActive !== false);
    return all.find((p) => p.isDefaultValue) ?? all[0];
  }

  return { fields, values, byLabel, labelOf, defaultOf, invalidate: (entity: Entity) => void cache.delete(entity) };
}

export type PicklistCache = ReturnType<typeof createPicklistCache>;
