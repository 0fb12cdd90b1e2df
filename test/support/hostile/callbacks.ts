import { createHash, createHmac } from 'node:crypto';
import type { Sandbox } from '../../../src/sandbox/start-sandbox.js';

/** The sandbox's ConnectWise callback route. */
export const hookUrl = (sb: Sandbox): string => `${sb.app.url}/webhooks/connectwise/sandbox-cw`;

/** ConnectWise's `x-content-signature`: base64(HMAC-SHA256(key = SHA-256(signing key), raw body)). */
export const sign = (body: Uint8Array | string, key: string): string =>
  createHmac('sha256', createHash('sha256').update(key).digest()).update(body).digest('base64');

/** A ticket callback as ConnectWise sends it, for ticket `id` of PSA company `companyId`. */
export function envelope(sb: Sandbox, id = 5001, companyId = 250, overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    Action: 'added',
    Type: 'ticket',
    ID: id,
    CompanyId: 'sandboxmsp',
    MemberId: 'dispatch',
    FromUrl: new URL(sb.app.url).host,
    Entity: JSON.stringify({ id, summary: 'My mailbox is full', company: { id: companyId } }),
    Metadata: { key_url: sb.connectwise.keyUrl() },
    ...overrides,
  };
}

export interface Answer {
  status: number;
  text: string;
  json: Record<string, unknown> | null;
}

/** POSTs raw bytes; a request that gets no answer within `timeoutMs` fails the test (a hang). */
export async function postRaw(url: string, body: Uint8Array | string | ReadableStream<Uint8Array>, headers: Record<string, string>, timeoutMs = 15_000): Promise<Answer> {
  const init: RequestInit & { duplex?: 'half' } = { method: 'POST', headers, body: body as BodyInit, signal: AbortSignal.timeout(timeoutMs) };
  if (body instanceof ReadableStream) init.duplex = 'half';
  let res: Response;
  try {
    res = await fetch(url, init);
  } catch (err) {
    // The server may answer 413 and close before reading a huge body: that is an answer, not a hang.
    const cause = (err as { cause?: { code?: string } }).cause?.code;
    if (cause === 'ECONNRESET' || cause === 'EPIPE' || cause === 'UND_ERR_SOCKET') return { status: 0, text: String(cause), json: null };
    throw new Error(`no answer from ${url}: ${err instanceof Error ? err.message : String(err)}`);
  }
  const text = await res.text();
  let json: Record<string, unknown> | null = null;
  try {
    json = JSON.parse(text) as Record<string, unknown>;
  } catch {
    json = null;
  }
  return { status: res.status, text, json };
}

export interface StoredCounts {
  unprocessed: number;
  runs: number;
  audit: number;
}

/** What the store holds that an accepted callback would have added (after the app settled). */
export async function storedCounts(sb: Sandbox): Promise<StoredCounts> {
  await sb.app.settle();
  return {
    unprocessed: (await sb.app.store.listUnprocessedSignals(10_000)).length,
    runs: (await sb.app.store.listRuns({ limit: 10_000 })).length,
    audit: (await sb.app.store.queryAudit({ limit: 10_000 })).length,
  };
}

/** The top-level field of a JSON object text that byte offset `at` falls in (for reports). */
export function fieldAt(json: string, at: number): string {
  let found = '(structure)';
  for (const m of json.matchAll(/"([A-Za-z_]+)":/g)) if (m.index <= at) found = m[1] ?? found;
  return found;
}

/** The bytes as a stream, so they go out chunked (no content-length). */
export function chunked(bytes: Buffer): ReadableStream<Uint8Array> {
  return new ReadableStream({
    start(c) {
      for (let i = 0; i < bytes.length; i += 16_384) c.enqueue(bytes.subarray(i, i + 16_384));
      c.close();
    },
  });
}

/** One-bit flip, one-byte replace (xor `bits`), insert (byte `bits`) or delete at `at`. */
export function mutate(original: Buffer, op: string, at: number, bits: number): Buffer {
  const bytes = Buffer.from(original);
  if (op === 'flip') bytes[at] = bytes[at]! ^ (1 << (bits % 8));
  if (op === 'replace') bytes[at] = bytes[at]! ^ bits;
  if (op === 'insert') return Buffer.concat([original.subarray(0, at), Buffer.from([bits]), original.subarray(at)]);
  if (op === 'delete') return Buffer.concat([original.subarray(0, at), original.subarray(at + 1)]);
  return bytes;
}
