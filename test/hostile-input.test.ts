import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { deflateSync, gzipSync } from 'node:zlib';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { parseEnvelope, toSignal } from '../integrations/connectwise/parse-callback.js';
import { remediations } from '../remediations/index.js';
import { ConfigError, loadConfigFile, parseConfig } from '../src/config/load-config.js';
import type { AppConfigInput } from '../src/config/schema.js';
import type { Sandbox } from '../src/sandbox/start-sandbox.js';
import { adminRequest, type AdminRequest } from './support/hostile/admin-requests.js';
import { chunked, envelope, fieldAt, hookUrl, mutate, postRaw, sign, storedCounts, type StoredCounts } from './support/hostile/callbacks.js';
import { disguised } from './support/hostile/disguised-address.js';
import { startBait, type Bait } from './support/hostile/bait-server.js';
import { EXAMPLE_YAML, exampleConfig, mutatedConfig, pastedSecret, SECRET_NAME_FIELDS, withValue } from './support/hostile/config-mutations.js';
import { extraFields, invalidMutation, VALID_ENVELOPE } from './support/hostile/envelope-mutations.js';
import { deepNesting, duplicateKeys, hugeArrays, nested, nonUtf8, randomBytes, randomJson, type HostileBody } from './support/hostile/hostile-bodies.js';
import { hostileKeyUrls } from './support/hostile/key-urls.js';
import { expectNoViolations, report, tally, type Tally } from './support/hostile/tally.js';
import { admin, createTicket, settle, testSandbox } from './support/sandbox-kit.js';

// Hundreds of real HTTP requests per property: generous on a busy CI machine (no timing is asserted).
vi.setConfig({ testTimeout: 180_000 });

const RECEIVED = new Date('2025-01-01T00:00:00Z');
const raw = (v: unknown) => Buffer.from(JSON.stringify(v) ?? 'null');

/** Runs `fn`, turning a throw into a test failure that says which boundary it escaped. */
function noThrow<T>(what: string, fn: () => T): T {
  try {
    return fn();
  } catch (err) {
    throw new Error(`${what} threw past its boundary: ${err instanceof Error ? err.stack : String(err)}`);
  }
}

/** Runs a property and always prints its summary line, pass or fail. */
async function measured(t: Tally, run: () => Promise<void> | void): Promise<void> {
  try {
    await run();
  } finally {
    report(t);
  }
}

describe('ConnectWise callback parser (units)', () => {
  it('arbitrary bytes never throw and are refused with a message', () => {
    const t = tally('parseEnvelope(arbitrary bytes)');
    return measured(t, () =>
      fc.assert(
        fc.property(fc.oneof(fc.uint8Array({ maxLength: 2048 }), fc.string({ unit: 'binary', maxLength: 512 }).map((s) => new TextEncoder().encode(s))), (bytes) => {
          t.tried++;
          const r = noThrow('parseEnvelope', () => parseEnvelope(Buffer.from(bytes)));
          if (r.ok) t.accepted++;
          expect(r).toEqual({ ok: false, message: expect.stringMatching(/\S/) });
        }),
        { numRuns: 1_000 },
      ),
    );
  });

  it('arbitrary JSON never throws and is refused with a message naming a field', () => {
    const t = tally('parseEnvelope(arbitrary JSON)');
    return measured(t, () =>
      fc.assert(
        fc.property(fc.jsonValue({ maxDepth: 6 }), (value) => {
          t.tried++;
          const r = noThrow('parseEnvelope', () => parseEnvelope(raw(value)));
          if (r.ok) t.accepted++;
          expect(r.ok).toBe(false);
          if (!r.ok) expect(r.message).toMatch(/^not a ConnectWise callback: (\(root\)|Action|Type|ID|CompanyId|Metadata)/);
        }),
        { numRuns: 1_000 },
      ),
    );
  });

  it('mutated valid payloads are refused by the right stage, with a message, never a throw', () => {
    const t = tally('parseEnvelope/toSignal(mutated valid payloads)');
    return measured(t, () =>
      fc.assert(
        fc.property(invalidMutation, extraFields, (mutation, extra) => {
          t.tried++;
          const bytes = raw({ ...mutation.value, ...extra });
          const env = noThrow('parseEnvelope', () => parseEnvelope(bytes));
          if (mutation.refusedBy === 'envelope') {
            expect(env, mutation.kind).toEqual({ ok: false, message: expect.stringMatching(/^not a ConnectWise callback: /) });
            return;
          }
          expect(env.ok, mutation.kind).toBe(true);
          if (!env.ok) return;
          const signal = noThrow('toSignal', () => toSignal(env.value, bytes, 'inst', RECEIVED));
          if (signal.ok) t.accepted++;
          expect(signal, mutation.kind).toEqual({ ok: false, message: expect.stringMatching(/Entity/) });
        }),
        { numRuns: 1_500 },
      ),
    );
  });

  it('valid callbacks round-trip to a signal; extra fields ride along; the delivery key follows the bytes', () => {
    const valid = fc.record({
      id: fc.integer({ min: 1, max: 2_147_483_647 }),
      asString: fc.boolean(),
      company: fc.integer({ min: 1, max: 1_000_000 }),
      action: fc.constantFrom('added', 'updated', 'ADDED'),
      companyId: fc.oneof(fc.string({ minLength: 1, maxLength: 20 }), fc.nat()),
      extra: extraFields,
    });
    fc.assert(
      fc.property(valid, ({ id, asString, company, action, companyId, extra }) => {
        const value = { ...VALID_ENVELOPE, ...extra, Action: action, ID: asString ? String(id) : id, CompanyId: companyId, Entity: JSON.stringify({ id, company: { id: company } }) };
        const bytes = raw(value);
        const env = parseEnvelope(bytes);
        expect(env.ok).toBe(true);
        if (!env.ok) return;
        expect(env.value.CompanyId).toBe(String(companyId));
        const a = toSignal(env.value, bytes, 'inst', RECEIVED, () => 'sig-1');
        expect(a).toMatchObject({ ok: true, value: { id: 'sig-1', installationId: 'inst', source: 'connectwise', ticketId: String(id), companyHint: String(company), action } });
        const again = toSignal(env.value, Buffer.from(bytes), 'inst', RECEIVED, () => 'sig-2');
        const spaced = toSignal(env.value, Buffer.concat([bytes, Buffer.from(' ')]), 'inst', RECEIVED);
        if (!a.ok || !again.ok || !spaced.ok) throw new Error('round trip failed');
        expect(again.value.deliveryKey).toBe(a.value.deliveryKey);
        expect(spaced.value.deliveryKey).not.toBe(a.value.deliveryKey);
      }),
      { numRuns: 500 },
    );
  });
});

describe('ConnectWise callback route over real HTTP', () => {
  let sb: Sandbox;
  let bait: Bait;
  let before: StoredCounts;
  const BAIT_KEY = 'bait-signing-key-an-attacker-controls';
  beforeAll(async () => {
    sb = await testSandbox();
    bait = await startBait(BAIT_KEY);
    before = await storedCounts(sb);
  });
  afterAll(async () => {
    await sb?.close();
    await bait?.close();
  });

  /**
   * Sends one hostile request and records (not throws) what it shares with every other: a 4xx
   * with a JSON error, the `expected` status, nothing stored. A hang throws (postRaw times out).
   */
  async function hostile(t: Tally, label: string, bytes: Uint8Array | string | ReadableStream<Uint8Array>, headers: Record<string, string>, expected: number, o: { retry503?: boolean } = {}) {
    t.tried++;
    let res = await postRaw(hookUrl(sb), bytes, headers);
    // A 503 says "retry later" (e.g. a signing-key fetch that timed out on a loaded machine):
    // retry once, as the PSA would, and judge that answer. Streams cannot be sent twice. A
    // forged callback must never earn that retry where the key host answered: those pass false.
    if (res.status === 503 && o.retry503 !== false && !(bytes instanceof ReadableStream)) {
      t.bump('retried-503');
      res = await postRaw(hookUrl(sb), bytes, headers);
    }
    t.see(res.status);
    if (res.status >= 200 && res.status < 300) t.accepted++;
    const now = await storedCounts(sb);
    const stored = now.unprocessed - before.unprocessed + (now.runs - before.runs) + (now.audit - before.audit);
    before = now;
    t.stored += stored;
    const error = String(res.json?.error ?? res.text).slice(0, 120);
    const is4xx = res.status >= 400 && res.status < 500;
    t.check(is4xx, `answered ${res.status} (${error})`, label);
    if (is4xx) t.check(res.status === expected, `expected ${expected}, answered ${res.status} (${error})`, label);
    t.check(typeof res.json?.error === 'string', 'answer without a JSON error', `${label}: ${res.text.slice(0, 80)}`);
    t.check(stored === 0, 'stored something', label);
    return res;
  }

  it('hostile bodies (random JSON and bytes, deep nesting, huge arrays, non-UTF-8, duplicate keys) get a 4xx and store nothing', async () => {
    const t = tally('callback route: hostile bodies');
    const base = envelope(sb);
    const body = fc.oneof(randomJson, randomBytes, deepNesting(base), hugeArrays(base), nonUtf8(base), duplicateKeys(base));
    const signer = fc.constantFrom('real-if-unparseable', 'attacker', 'none', 'malformed');
    await measured(t, async () => {
      await fc.assert(
        fc.asyncProperty(body, signer, async (b: HostileBody, mode) => {
          const parses = parseEnvelope(b.bytes).ok;
          // The genuine key only signs what the parser must refuse (a CW-signed valid callback is not hostile).
          const key = mode === 'real-if-unparseable' && !parses ? sb.connectwise.signingKey() : 'an-attacker-key';
          const headers: Record<string, string> = { 'content-type': 'application/json' };
          if (mode === 'malformed') headers['x-content-signature'] = 'A'.repeat(43) + '=x';
          else if (mode !== 'none') headers['x-content-signature'] = sign(b.bytes, key);
          t.bump(b.kind.replace(/-(top|extra|metadata|entity|id|genuine-last|hostile-last|in-\S+)$/, ''));
          await hostile(t, `${b.kind}/${mode}`, b.bytes, headers, mode === 'none' ? 401 : parses ? 401 : 400);
        }),
        { numRuns: 250 },
      );
      expectNoViolations(t);
    });
  });

  it('bodies over maxBodyBytes (sized, streamed, gzip and deflate bombs) get 413 and store nothing', async () => {
    const t = tally('callback route: oversized bodies');
    const max = sb.config.maxBodyBytes;
    const oversized = fc.record({ size: fc.integer({ min: max + 1, max: max * 4 }), how: fc.constantFrom('sized', 'streamed', 'gzip-bomb', 'deflate-bomb') });
    await measured(t, async () => {
      await fc.assert(
        fc.asyncProperty(oversized, async ({ size, how }) => {
          const json = Buffer.from(JSON.stringify({ ...envelope(sb), pad: 'x'.repeat(size) }));
          const headers: Record<string, string> = { 'content-type': 'application/json', 'x-content-signature': sign(json, sb.connectwise.signingKey()) };
          let bytes: Uint8Array | ReadableStream<Uint8Array> = json;
          if (how === 'streamed') bytes = chunked(json);
          if (how === 'gzip-bomb' || how === 'deflate-bomb') {
            headers['content-encoding'] = how === 'gzip-bomb' ? 'gzip' : 'deflate';
            bytes = how === 'gzip-bomb' ? gzipSync(json) : deflateSync(json);
          }
          t.bump(how);
          await hostile(t, `${how} ${size} bytes`, bytes, headers, 413);
        }),
        { numRuns: 24 },
      );
      expectNoViolations(t);
    });
  });

  it('a valid, correctly signed callback with a non-JSON content type gets 415 and stores nothing', async () => {
    const t = tally('callback route: wrong content types');
    const types = fc.oneof(
      fc.constantFrom('text/plain', 'text/json', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x', 'application/xml', 'application/octet-stream', 'application/jsonp', 'application/json-patch', 'json', '*/*', 'application/*'),
      fc.stringMatching(/^[a-z]{1,12}\/[a-z0-9.+-]{1,20}$/).filter((s) => !s.includes('json')),
      fc.constant(''),
    );
    await measured(t, async () => {
      await fc.assert(
        fc.asyncProperty(types, async (type) => {
          const bytes = raw(envelope(sb));
          const headers: Record<string, string> = { 'x-content-signature': sign(bytes, sb.connectwise.signingKey()) };
          if (type) headers['content-type'] = type;
          await hostile(t, `content-type '${type}'`, bytes, headers, 415);
        }),
        { numRuns: 60 },
      );
      expectNoViolations(t);
    });
  });

  it('any single-bit or single-byte change to a correctly signed body fails verification (401), never a 5xx', async () => {
    const t = tally('callback route: one-bit/one-byte tampering');
    const original = raw(envelope(sb, 5001));
    const signature = sign(original, sb.connectwise.signingKey());
    const change = fc.record({ op: fc.constantFrom('flip', 'replace', 'insert', 'delete'), at: fc.nat({ max: original.length - 1 }), bits: fc.integer({ min: 1, max: 255 }) });
    await measured(t, async () => {
      await fc.assert(
        fc.asyncProperty(change, async ({ op, at, bits }) => {
          const bytes = mutate(original, op, at, bits);
          t.bump(op);
          // Unparseable bytes stop at the parser (400); everything else must fail the HMAC (401).
          await hostile(t, `${op} at ${at} (in ${fieldAt(original.toString(), at)})`, bytes, { 'content-type': 'application/json', 'x-content-signature': signature }, parseEnvelope(bytes).ok ? 401 : 400, {
            retry503: false,
          });
        }),
        // Random seed: a flip inside key_url once made the simulated key host throw on a malformed
        // percent-encoding (no answer, so a 503); it now answers 400 like ConnectWise, hence 401.
        { numRuns: 300 },
      );
      expectNoViolations(t);
    });
  });

  it('a forged callback naming a signing key ConnectWise does not have is refused with a 401, not a 503', async () => {
    const keyUrl = `${sb.connectwise.keyUrl()}-no-such-key`;
    const bytes = raw(envelope(sb, 5001, 250, { Metadata: { key_url: keyUrl } }));
    const res = await postRaw(hookUrl(sb), bytes, { 'content-type': 'application/json', 'x-content-signature': sign(bytes, 'an-attacker-key') });
    expect(res.status, res.text).toBe(401);
  });

  it('a forged callback whose key_url carries a malformed percent-encoding (one bit flip) is a 401, not a 503', async () => {
    const genuine = sb.connectwise.keyUrl();
    // '5' (0x35) with bit 4 flipped is '%': what the random seed once found.
    for (const keyUrl of [`${genuine}%`, `${genuine.slice(0, -1)}%zz`, genuine.replace('/system/', '/sys%tem/')]) {
      const bytes = raw(envelope(sb, 5001, 250, { Metadata: { key_url: keyUrl } }));
      const res = await postRaw(hookUrl(sb), bytes, { 'content-type': 'application/json', 'x-content-signature': sign(bytes, 'an-attacker-key') });
      expect([keyUrl, res.status, res.json?.error]).toEqual([keyUrl, 401, 'ConnectWise has no signing key at key_url']);
    }
  });

  it('a key_url anywhere but ConnectWise is refused and never fetched (the bait server sees nothing)', async () => {
    const t = tally('callback route: hostile key_url');
    const appPort = Number(new URL(sb.app.url).port);
    // The bait does record what reaches it (so an empty record below means something).
    await fetch(`${bait.origin}/probe`);
    expect(bait.hits.map((h) => h.url)).toEqual(['/probe']);
    bait.hits.length = 0;
    await measured(t, async () => {
      await fc.assert(
        fc.asyncProperty(hostileKeyUrls(bait.port, appPort), async (keyUrl) => {
          // Signed with the key the bait would serve: fetching it would make the forgery verify.
          const bytes = raw(envelope(sb, 5001, 250, { Metadata: { key_url: keyUrl } }));
          const parses = parseEnvelope(bytes).ok;
          const res = await hostile(t, keyUrl, bytes, { 'content-type': 'application/json', 'x-content-signature': sign(bytes, BAIT_KEY) }, parses ? 401 : 400);
          if (parses) t.check(/key_url/.test(String(res.json?.error)), 'refused for another reason than key_url', `${keyUrl}: ${String(res.json?.error)}`);
        }),
        { numRuns: 200 },
      );
      t.bump('bait hits', bait.hits.length);
      expect(bait.hits, 'the bait server was fetched').toEqual([]);
      expectNoViolations(t);
    });
  });
});

describe('replayed ConnectWise callbacks', () => {
  let sb: Sandbox;
  beforeAll(async () => {
    sb = await testSandbox();
  });
  afterAll(async () => sb?.close());

  it('an accepted signed callback replayed (in sequence or racing) is answered 200 {duplicate:true}: one signal, one run', async () => {
    const t = tally('callback route: replays of an accepted callback');
    const plan = fc.record({ racing: fc.integer({ min: 1, max: 6 }), after: fc.integer({ min: 1, max: 3 }) });
    await measured(t, async () => {
      await fc.assert(
        fc.asyncProperty(plan, async ({ racing, after }) => {
          // Created as the app's own API member: the simulator's callback is self-suppressed, so ours is the only one.
          const ticket = sb.connectwise.createTicket({ summary: 'Printer out of toner on floor 2', company: { id: 250 }, board: { id: 1 }, contactEmailAddress: 'megan.bowen@contoso.example' }, { by: 'ticketfix' });
          const bytes = raw(envelope(sb, ticket.id, 250, { Entity: JSON.stringify(ticket) }));
          const headers = { 'content-type': 'application/json', 'x-content-signature': sign(bytes, sb.connectwise.signingKey()) };
          const send = () => postRaw(hookUrl(sb), bytes, headers);
          const answers = await Promise.all(Array.from({ length: racing }, send));
          for (let i = 0; i < after; i++) answers.push(await send());
          await sb.connectwise.flushCallbacks();
          await sb.app.settle();
          const firsts = answers.filter((a) => a.status === 202);
          const dups = answers.filter((a) => a.status === 200 && a.json?.duplicate === true);
          t.tried += answers.length - 1;
          t.accepted += Math.max(0, firsts.length - 1);
          answers.forEach((a) => t.see(a.status));
          const runs = await sb.app.store.listRuns({ ticketId: String(ticket.id) });
          const received = await sb.app.store.queryAudit({ ticketId: String(ticket.id), type: 'received' });
          t.stored += Math.max(0, runs.length - 1);
          expect(sb.connectwise.deliveries.filter((d) => d.ticketId === ticket.id)).toEqual([]);
          expect(firsts, 'exactly one delivery is accepted').toHaveLength(1);
          expect(dups, 'every other delivery is a duplicate').toHaveLength(answers.length - 1);
          expect(runs, 'one run per callback').toHaveLength(1);
          expect(received).toHaveLength(1);
        }),
        { numRuns: 12 },
      );
      expect(await sb.app.store.listUnprocessedSignals(100)).toEqual([]);
    });
  });
});

describe('config loader', () => {
  const dir = mkdtempSync(join(tmpdir(), 'tfx-hostile-config-'));
  // `- <path>: <problem>` (a path may itself contain ':' when a record key does).
  const NAMES_A_FIELD = /invalid configuration:\n {2}- \S[^\n]*: \S/;

  /** parseConfig/loadConfigFile either succeed or throw a ConfigError; anything else is a crash. */
  function verdict(t: Tally, what: string, load: () => unknown): { ok: true } | { ok: false; configError: boolean; message: string } {
    t.tried++;
    try {
      load();
      t.bump('valid');
      return { ok: true };
    } catch (err) {
      const configError = err instanceof ConfigError;
      t.check(configError, `threw ${err instanceof Error ? err.name : typeof err} instead of ConfigError`, `${what}: ${String(err).slice(0, 200)}`);
      t.bump(configError ? 'ConfigError' : 'crash');
      return { ok: false, configError, message: err instanceof Error ? err.message : String(err) };
    }
  }

  it('the shipped example config loads (the baseline the mutations start from)', () => {
    expect(() => parseConfig(exampleConfig() as AppConfigInput, remediations)).not.toThrow();
  });

  it('arbitrary values and mutated configs never crash: success, or a ConfigError naming a field', () => {
    const t = tally('config loader: arbitrary and mutated values');
    const input = fc.oneof(
      fc.jsonValue({ maxDepth: 5 }).map((config) => ({ path: [] as (string | number)[], config })),
      mutatedConfig(),
    );
    return measured(t, () => {
      fc.assert(
        fc.property(input, ({ path, config }) => {
          const r = verdict(t, `at ${path.join('.') || '(root)'}`, () => parseConfig(config as AppConfigInput, remediations));
          if (!r.ok && r.configError) t.check(NAMES_A_FIELD.test(r.message), 'ConfigError does not name a field', r.message.slice(0, 200));
        }),
        { numRuns: 800 },
      );
      expectNoViolations(t);
    });
  });

  it('arbitrary YAML and JSON files (garbage, alias bombs, deep nesting, mangled examples) never crash the loader', () => {
    // YAML nested deep enough to overflow the parser's stack is exercised in a child process
    // (next test): it can abort Node outright, which would take this worker down with it.
    const t = tally('config loader: arbitrary files');
    const lines = EXAMPLE_YAML.split('\n');
    const text = fc.oneof(
      fc.string({ unit: 'binary', maxLength: 400 }),
      fc.record({ drop: fc.nat({ max: lines.length - 1 }), dup: fc.nat({ max: lines.length - 1 }), junk: fc.string({ maxLength: 12 }) }).map(({ drop, dup, junk }) => lines.flatMap((l, i) => (i === drop ? [] : i === dup ? [l, junk + l] : [l])).join('\n')),
      fc.constantFrom(
        ['a: &a ["x","x","x","x","x","x","x","x","x"]', ...Array.from({ length: 9 }, (_, i) => `${String.fromCharCode(98 + i)}: &${String.fromCharCode(98 + i)} [*${String.fromCharCode(97 + i)},*${String.fromCharCode(97 + i)},*${String.fromCharCode(97 + i)},*${String.fromCharCode(97 + i)},*${String.fromCharCode(97 + i)},*${String.fromCharCode(97 + i)},*${String.fromCharCode(97 + i)},*${String.fromCharCode(97 + i)},*${String.fromCharCode(97 + i)}]`)].join('\n'),
        JSON.stringify({ ...exampleConfig(), remediations: { 'mailbox-quota': { settings: { deep: '__DEEP__' } } } }).replace('"__DEEP__"', nested(50_000, 'array')),
        'clients:\n' + Array.from({ length: 150 }, (_, i) => `${'  '.repeat(i)}- x:`).join('\n'),
        '__proto__: { dryRun: true }\nconstructor: { prototype: { polluted: true } }',
        '%YAML 1.1\n---\n!!js/function "function(){}"',
        'port: .inf\nmaxBodyBytes: .nan\napprovalTtlMinutes: 0x7fffffffffffffff',
        '',
      ),
    );
    return measured(t, () => {
      fc.assert(
        fc.property(text, fc.constantFrom('yaml', 'json'), (content, ext) => {
          const file = join(dir, `config.${ext}`);
          writeFileSync(file, content);
          const r = verdict(t, `${ext} file`, () => loadConfigFile(file, remediations));
          if (!r.ok && r.configError) t.check(r.message.startsWith(file), 'error does not name the file', r.message.slice(0, 200));
        }),
        { numRuns: 200 },
      );
      expect(({} as Record<string, unknown>).polluted, 'Object.prototype was polluted').toBeUndefined();
      expectNoViolations(t);
    });
  });

  it('a deeply nested YAML config is refused with a ConfigError every time it is loaded, never aborting the process', () => {
    const file = join(dir, 'deep.yaml');
    writeFileSync(file, `installations: ${nested(2_000, 'array')}\n`);
    const child = spawnSync(process.execPath, ['--import', 'tsx', fileURLToPath(new URL('./support/hostile/load-config-child.ts', import.meta.url)), file, '4'], { encoding: 'utf8', timeout: 30_000 });
    const fatal = /FATAL ERROR[^\n]*/.exec(child.stderr)?.[0];
    expect({ status: child.status, signal: child.signal, fatal, verdicts: child.stdout.trim().split('\n') }).toEqual({ status: 0, signal: null, fatal: undefined, verdicts: ['ConfigError', 'ConfigError', 'ConfigError', 'ConfigError'] });
  });

  it('a secret pasted in place of an environment variable name is refused, naming the field and not echoing the secret', () => {
    const t = tally('config loader: secrets in place of env var names');
    return measured(t, () => {
      fc.assert(
        fc.property(pastedSecret, fc.constantFrom(...SECRET_NAME_FIELDS), (secret, path) => {
          const r = verdict(t, path.join('.'), () => parseConfig(withValue(path, secret) as AppConfigInput, remediations));
          if (r.ok) t.accepted++;
          t.check(!r.ok, 'a secret was accepted as an env var name', `${path.join('.')} = ${secret}`);
          if (!r.ok) {
            t.check(r.message.includes(path.join('.')), 'error does not name the field', r.message.slice(0, 200));
            t.check(!r.message.includes(secret), 'error echoes the secret', r.message.slice(0, 200));
          }
        }),
        { numRuns: 300 },
      );
      expectNoViolations(t);
    });
  });
});

describe('admin API', () => {
  let sb: Sandbox;
  beforeAll(async () => {
    sb = await testSandbox();
    // Some state to aim at: a run waiting for approval.
    await createTicket(sb, { summary: 'My mailbox is full, I cannot send email', contactEmail: 'alex.wilber@contoso.example' });
    await settle(sb);
  });
  afterAll(async () => sb?.close());

  it('random paths, queries, bodies and tokens never get a 5xx; every wrong token gets a 401', async () => {
    const t = tally('admin API: random requests');
    const approvalIds = (await sb.app.store.listApprovals()).map((a) => a.id);
    await measured(t, async () => {
      await fc.assert(
        fc.asyncProperty(adminRequest(sb.app.adminToken, approvalIds), async (req: AdminRequest) => {
          t.tried++;
          const url = new URL(sb.app.url + req.path);
          const headers: Record<string, string> = {};
          if (req.token.header !== undefined) headers.authorization = req.token.header;
          if (req.body.type) headers['content-type'] = req.body.type;
          const res = await fetch(url, { method: req.method, headers, body: req.body.bytes, signal: AbortSignal.timeout(10_000) });
          const text = await res.text();
          t.see(res.status);
          t.bump(`token ${req.token.kind === 'correct' ? 'correct' : 'wrong'}`);
          const sample = `${req.method} ${req.path.slice(0, 150)} [token ${req.token.kind}, body ${req.body.kind}${req.body.bytes ? ` ${req.body.bytes.slice(0, 150)}` : ''}] -> ${res.status} ${text.slice(0, 150)}`;
          t.check(res.status < 500, `${req.route} answered ${res.status}`, sample);
          // The API description is public by design (it holds no data); everything else needs a token.
          const isAdmin = (url.pathname === '/admin' || url.pathname.startsWith('/admin/')) && url.pathname !== '/admin/openapi.json';
          if (req.token.kind !== 'correct' && isAdmin) {
            if (res.status !== 401) t.accepted++;
            t.check(res.status === 401, `wrong token (${req.token.kind}) not refused with 401`, sample);
          }
          if (res.status >= 400 && req.method !== 'HEAD') t.check(/"message"|"error"/.test(text), 'error answer without a JSON message', sample);
        }),
        { numRuns: 500 },
      );
      expectNoViolations(t);
    });
  });

  it('POST /admin/dry-run for an installation that does not exist is a 4xx, not a 500', async () => {
    const res = await admin(sb, 'POST', '/dry-run', { installationId: 'no-such-installation', ticketId: '1' });
    expect(res.status).toBeGreaterThanOrEqual(400);
    expect(res.status).toBeLessThan(500);
  });

  it('POST /admin/dry-run with a ticket id that is not a number is a 400, not a 500', async () => {
    const res = await admin(sb, 'POST', '/dry-run', { installationId: 'sandbox-cw', ticketId: 'abc' });
    expect(res.status).toBe(400);
  });

  it('GET /admin/audit with a from/to that is not a timestamp is a 400, not a 500', async () => {
    for (const q of ['from=yesterday', 'to=not-a-date']) {
      const res = await admin(sb, 'GET', `/audit?${q}`);
      expect(res.status, q).toBe(400);
    }
  });
});

describe('tenant isolation against hostile tickets', () => {
  let sb: Sandbox;
  beforeAll(async () => {
    sb = await testSandbox();
  });
  afterAll(async () => sb?.close());

  it("a ticket from one client naming another client's user (as the contact, in the text, or both) never touches the other client's tenant", async () => {
    const t = tally('tenant isolation: cross-client tickets');
    const { companies, users } = sb.world;
    const ticket = fc.record({
      from: fc.constantFrom(...companies),
      victim: fc.nat(),
      own: fc.nat(),
      placement: fc.constantFrom('contact', 'text', 'both'),
      disguise: fc.constantFrom('plain', 'upper', 'mailto', 'angle', 'spaced', 'trailing-dot', 'double-at'),
      summary: fc.constantFrom('My mailbox is full', 'Mailbox full, please raise the quota', 'Cannot send email, mailbox quota exceeded'),
    });
    await measured(t, async () => {
      await fc.assert(
        fc.asyncProperty(ticket, async ({ from, victim, own, placement, disguise, summary }) => {
          const others = users.filter((u) => u.clientId !== from.clientId);
          const mine = users.filter((u) => u.clientId === from.clientId);
          const target = others[victim % others.length]!;
          const victimTenant = companies.find((c) => c.clientId === target.clientId)!.tenantId;
          const named = disguised(target.email, disguise, from.domain);
          const before = others.map((u) => sb.m365.mailbox(u.email));
          const callsBefore = sb.m365.calls.length;
          t.tried++;
          const contactEmail = placement === 'text' ? mine[own % mine.length]!.email : named;
          const description = placement === 'contact' ? 'Please help.' : `Please raise the quota of ${named} right away, it is urgent.`;
          await createTicket(sb, { summary, description, contactEmail, companyId: from.psaId });
          await settle(sb);
          const calls = sb.m365.calls.slice(callsBefore);
          const touched = calls.filter((c) => c.tenantId === victimTenant);
          const changed = others.filter((u, i) => JSON.stringify(sb.m365.mailbox(u.email)) !== JSON.stringify(before[i]));
          const setOnVictims = calls.filter((c) => c.cmdlet === 'Set-Mailbox' && others.some((u) => u.email === c.identity?.toLowerCase()));
          if (touched.length + changed.length + setOnVictims.length > 0) t.accepted++;
          t.bump(placement);
          expect(touched, `calls to ${target.clientId}'s tenant`).toEqual([]);
          expect(changed.map((u) => u.email), 'mailboxes of the other client changed').toEqual([]);
          expect(setOnVictims).toEqual([]);
        }),
        { numRuns: 24 },
      );
    });
  });
});
