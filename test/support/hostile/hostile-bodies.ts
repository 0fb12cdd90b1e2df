import fc from 'fast-check';
import { fieldAt } from './callbacks.js';

/** One hostile callback body: the exact bytes to send and what kind of hostility it is. */
export interface HostileBody {
  kind: string;
  bytes: Buffer;
}

/** Counterexamples print as kind, size and a short preview instead of every byte. */
export function hostileBody(kind: string, bytes: Buffer): HostileBody {
  const preview = bytes.subarray(0, 80).toString('latin1').replace(/[^\x20-\x7e]/g, '.');
  return Object.assign({ kind, bytes }, { [fc.toStringMethod]: () => `${kind} (${bytes.length} bytes): ${preview}...` });
}

const text = (kind: string, s: string): HostileBody => hostileBody(kind, Buffer.from(s, 'utf8'));

/** `depth` nested arrays or objects, built as text (JSON.stringify would recurse). */
export function nested(depth: number, container: 'array' | 'object', leaf = '1'): string {
  return container === 'array' ? '['.repeat(depth) + leaf + ']'.repeat(depth) : '{"a":'.repeat(depth) + leaf + '}'.repeat(depth);
}

/** The valid envelope's JSON with `field` replaced by raw JSON text `value` (or added, for a new field). */
function withRawField(base: Record<string, unknown>, field: string, value: string): string {
  const marker = '"__HOSTILE__"';
  return JSON.stringify({ ...base, [field]: '__HOSTILE__' }).replace(marker, value);
}

export const randomJson = fc.jsonValue({ maxDepth: 5 }).map((v) => text('random-json', JSON.stringify(v) ?? 'null'));

export const randomBytes = fc.uint8Array({ minLength: 0, maxLength: 4096 }).map((b) => hostileBody('random-bytes', Buffer.from(b)));

export function deepNesting(base: Record<string, unknown>): fc.Arbitrary<HostileBody> {
  return fc
    .record({ depth: fc.integer({ min: 1_000, max: 40_000 }), container: fc.constantFrom('array' as const, 'object' as const), where: fc.constantFrom('top', 'extra', 'metadata', 'entity', 'id') })
    .map(({ depth, container, where }) => {
      // Objects cost 7 bytes a level once escaped inside Entity: stay under maxBodyBytes.
      const deep = nested(container === 'object' ? Math.min(depth, 30_000) : depth, container);
      const kind = `deep-${container}-${where}`;
      if (where === 'top') return text(kind, deep);
      if (where === 'entity') return text(kind, withRawField(base, 'Entity', JSON.stringify(deep)));
      const field = where === 'extra' ? 'x' : where === 'metadata' ? 'Metadata' : 'ID';
      return text(kind, withRawField(base, field, deep));
    });
}

export function hugeArrays(base: Record<string, unknown>): fc.Arbitrary<HostileBody> {
  return fc
    .record({ length: fc.integer({ min: 10_000, max: 60_000 }), item: fc.constantFrom('0', 'null', '{}', '""', '[]'), where: fc.constantFrom('top', 'extra', 'metadata', 'entity') })
    .map(({ length, item, where }) => {
      // Huge but under maxBodyBytes (256 KiB) even once escaped inside Entity: oversize is its own property.
      const n = Math.min(length, Math.floor(100_000 / (item.length + 1)));
      const arr = `[${Array.from({ length: n }, () => item).join(',')}]`;
      const kind = `huge-array-${where}`;
      if (where === 'top') return text(kind, arr);
      if (where === 'entity') return text(kind, withRawField(base, 'Entity', JSON.stringify(arr)));
      return text(kind, withRawField(base, where === 'extra' ? 'x' : 'Metadata', arr));
    });
}

/** Byte sequences that are not valid UTF-8. */
const INVALID_UTF8 = [[0xff], [0xfe], [0xc0, 0x80], [0x80], [0xed, 0xa0, 0x80], [0xe2, 0x82], [0xf8, 0x88, 0x80, 0x80, 0x80], [0xf4, 0x90, 0x80, 0x80]];

export function nonUtf8(base: Record<string, unknown>): fc.Arbitrary<HostileBody> {
  const valid = Buffer.from(JSON.stringify(base), 'utf8');
  const spliced = fc
    .record({ at: fc.nat({ max: valid.length }), seq: fc.constantFrom(...INVALID_UTF8), count: fc.integer({ min: 1, max: 4 }) })
    .map(({ at, seq, count }) => {
      const bad = Buffer.from(Array.from({ length: count }, () => seq).flat());
      return hostileBody(`non-utf8-spliced-in-${fieldAt(valid.toString(), at)}`, Buffer.concat([valid.subarray(0, at), bad, valid.subarray(at)]));
    });
  const reencoded = fc.constantFrom(
    hostileBody('utf16le', Buffer.from(JSON.stringify(base), 'utf16le')),
    hostileBody('utf16le-bom', Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(JSON.stringify(base), 'utf16le')])),
    hostileBody('utf8-bom', Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), valid])),
    hostileBody('latin1', Buffer.from(JSON.stringify({ ...base, MemberId: 'dïspätch' }), 'latin1')),
  );
  return fc.oneof(spliced, reencoded);
}

/** Hostile values a duplicate key may carry. */
const DUP_VALUES: Record<string, string[]> = {
  Action: ['""', 'null', '1', '"deleted"'],
  Type: ['""', '"company"', '{}'],
  ID: ['-1', '0', '"abc"', '99999999999', '1.5', '5002'],
  CompanyId: ['"someoneelse"', 'null', '{}'],
  Metadata: ['{"key_url":"http://169.254.169.254/latest/meta-data/"}', '{"key_url":""}', 'null', '[]'],
  Entity: ['"not json"', '"{\\"id\\":5002}"', '"[]"', '42'],
};

/** The same key twice with different values (JSON.parse keeps the last one). */
export function duplicateKeys(base: Record<string, unknown>): fc.Arbitrary<HostileBody> {
  const fields = Object.keys(DUP_VALUES);
  return fc
    .record({ field: fc.constantFrom(...fields), pick: fc.nat(), last: fc.boolean() })
    .map(({ field, pick, last }) => {
      const values = DUP_VALUES[field] ?? ['null'];
      const hostile = values[pick % values.length] ?? 'null';
      const inner = JSON.stringify(base).slice(1, -1);
      const dup = `"${field}":${hostile}`;
      // genuine-last: the hostile value comes first and the genuine one wins; else the hostile one wins.
      return text(`duplicate-${field}-${last ? 'genuine-last' : 'hostile-last'}`, last ? `{${dup},${inner}}` : `{${inner},${dup}}`);
    });
}
