import fc from 'fast-check';

/** A valid ConnectWise ticket callback (key_url on a genuine ConnectWise host). */
export const VALID_ENVELOPE: Record<string, unknown> = {
  Action: 'added',
  Type: 'ticket',
  ID: 5001,
  CompanyId: 'sandboxmsp',
  MemberId: 'dispatch',
  FromUrl: 'api-na.myconnectwise.net',
  Entity: JSON.stringify({ id: 5001, summary: 'My mailbox is full', company: { id: 250 } }),
  Metadata: { key_url: 'https://api-na.myconnectwise.net/v4_6_release/apis/3.0/system/callbackkeys/1' },
};

/** A mutation of the valid envelope and the stage that must refuse it. */
export interface Mutation {
  kind: string;
  value: Record<string, unknown>;
  /** `envelope`: parseEnvelope refuses it; `signal`: the envelope parses but toSignal refuses it. */
  refusedBy: 'envelope' | 'signal';
}

const notAnId = fc.oneof(
  fc.integer({ max: 0 }),
  fc.double({ noNaN: true }).filter((d) => !Number.isInteger(d) || d <= 0),
  fc.string().filter((s) => !/^\d{1,10}$/.test(s)),
  fc.stringMatching(/^\d{11,20}$/),
  fc.boolean(),
  fc.constant(null),
  fc.array(fc.nat(), { maxLength: 3 }),
  fc.dictionary(fc.string(), fc.nat(), { maxKeys: 2 }),
);
const notAString = fc.oneof(fc.constant(null), fc.boolean(), fc.array(fc.string(), { maxLength: 2 }), fc.dictionary(fc.string(), fc.string(), { maxKeys: 2 }));
const isTicketLike = (v: unknown) => typeof v === 'object' && v !== null && !Array.isArray(v) && Number.isInteger((v as { id?: unknown }).id);

const REQUIRED = ['Action', 'Type', 'ID', 'CompanyId', 'Metadata'];
const m = (kind: string, changes: Record<string, unknown>, refusedBy: Mutation['refusedBy'], drop?: string): Mutation => {
  const value: Record<string, unknown> = { ...VALID_ENVELOPE, ...changes };
  if (drop) delete value[drop];
  return { kind, value, refusedBy };
};

/** Mutations of the valid envelope that must be refused (and by which stage). */
export const invalidMutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc.constantFrom(...REQUIRED).map((f) => m(`drop-${f}`, {}, 'envelope', f)),
  notAnId.map((ID) => m('bad-ID', { ID }, 'envelope')),
  fc.oneof(fc.constant(''), fc.string({ minLength: 65, maxLength: 200 }), notAString).map((Action) => m('bad-Action', { Action }, 'envelope')),
  fc.oneof(fc.constant(''), notAString).map((Type) => m('bad-Type', { Type }, 'envelope')),
  notAString.map((CompanyId) => m('bad-CompanyId', { CompanyId }, 'envelope')),
  fc.oneof(notAString, fc.constant({}), fc.record({ key_url: fc.oneof(fc.constant(''), notAString) })).map((Metadata) => m('bad-Metadata', { Metadata }, 'envelope')),
  fc.oneof(fc.constant('{'), fc.string().filter((s) => { try { JSON.parse(s); return false; } catch { return true; } })).map((Entity) => m('Entity-not-json', { Entity }, 'signal')),
  fc.jsonValue({ maxDepth: 3 }).filter((v) => !isTicketLike(v)).map((v) => m('Entity-not-a-ticket', { Entity: JSON.stringify(v) }, 'signal')),
  fc.integer({ min: -1e9, max: 1e9 }).filter((id) => id !== 5001).map((id) => m('Entity-other-id', { Entity: JSON.stringify({ id, company: { id: 250 } }) }, 'signal')),
  fc.constantFrom(null, '', undefined).map((Entity) => m('Entity-missing', { Entity }, 'signal')),
);

/** Extra fields a real callback may carry: they ride along without changing the verdict. */
export const extraFields = fc.dictionary(
  fc.string({ minLength: 1, maxLength: 12 }).filter((k) => !(k in VALID_ENVELOPE) && k !== '__proto__'),
  fc.jsonValue({ maxDepth: 3 }),
  { maxKeys: 5 },
);
