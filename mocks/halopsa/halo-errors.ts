import { HttpResponse } from 'msw';

/** Thrown inside model code; the route wrapper turns it into a 400 `{message}`. */
export class HaloBadRequest extends Error {}
/** Thrown for an unknown id; becomes a 404 `{message}`. */
export class HaloNotFound extends Error {}

/** Halo's API answers validation problems with a short message (shape simplified here). */
export const haloMessage = (status: number, message: string, headers?: Record<string, string>): Response => HttpResponse.json({ message }, { status, headers });

/** OAuth2 / RFC 6750 style errors, as the authorisation server and the bearer check answer. */
export const oauthError = (status: number, error: string, description: string, headers?: Record<string, string>): Response =>
  HttpResponse.json({ error, error_description: description }, { status, headers });

export async function readJson(request: Request): Promise<unknown> {
  const text = await request.text();
  try {
    return JSON.parse(text);
  } catch {
    throw new HaloBadRequest('The request body is not valid JSON.');
  }
}

/** Halo's writes take a JSON array of records (upserts); anything else does not bind. */
export async function readRecords(request: Request): Promise<Record<string, unknown>[]> {
  const body = await readJson(request);
  if (!Array.isArray(body) || body.length === 0) throw new HaloBadRequest('Expected a non-empty JSON array of records.');
  if (body.length > 100) throw new HaloBadRequest('At most 100 records per request.');
  return body.map((item, i) => {
    if (!item || typeof item !== 'object' || Array.isArray(item)) throw new HaloBadRequest(`Record ${i} is not an object.`);
    return item as Record<string, unknown>;
  });
}

/** Halo answers a one-record upsert with the record, several with an array. */
export const upsertResponse = (records: object[]): Response => HttpResponse.json((records.length === 1 ? records[0] : records) as Record<string, unknown>);

export function intField(record: Record<string, unknown>, name: string): number | undefined {
  const v = record[name];
  if (v === undefined || v === null) return undefined;
  const n = typeof v === 'string' && /^-?\d+$/.test(v.trim()) ? Number(v) : v;
  if (typeof n !== 'number' || !Number.isInteger(n)) throw new HaloBadRequest(`${name} must be an integer.`);
  return n;
}

export function stringField(record: Record<string, unknown>, name: string): string | undefined {
  const v = record[name];
  if (v === undefined || v === null) return undefined;
  if (typeof v !== 'string') throw new HaloBadRequest(`${name} must be a string.`);
  return v;
}

export function boolField(record: Record<string, unknown>, name: string): boolean | undefined {
  const v = record[name];
  if (v === undefined || v === null) return undefined;
  if (typeof v !== 'boolean') throw new HaloBadRequest(`${name} must be a boolean.`);
  return v;
}

export function numberField(record: Record<string, unknown>, name: string): number | undefined {
  const v = record[name];
  if (v === undefined || v === null) return undefined;
  if (typeof v !== 'number' || !Number.isFinite(v)) throw new HaloBadRequest(`${name} must be a number.`);
  return v;
}
