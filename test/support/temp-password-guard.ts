import fs from 'node:fs';
import { syncBuiltinESMExports } from 'node:module';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

/**
 * Watches one test worker for a leaked temporary password: records every password issued, scans
 * every byte the worker writes to stdout/stderr (stream writes and raw fd 1/2 writes, which is
 * how pino's sonic-boom writes), the files the test created under the temp and data dirs (also
 * just before a test deletes them) and the errors vitest recorded. Until a password is issued it
 * only forwards writes: files that never reset a password pay one readdir and nothing else.
 */
export interface PasswordLeak {
  /** Where it was seen: `stdout`, `fd 2`, `file /tmp/x/app.db`, `error in "test name"`. */
  where: string;
  /** raw, url-encoded or base64. */
  form: string;
  /** Surrounding text with the password masked, safe to print. */
  excerpt: string;
}

export interface TaskLike {
  name: string;
  tasks?: readonly TaskLike[];
  result?: { errors?: readonly unknown[] } | undefined;
}

export interface TempPasswordGuard {
  /** Feed it every password issued (wire to `addIssuedPasswordListener`). */
  noteIssued(password: string): void;
  issuedCount(): number;
  /** Every leak seen so far, plus the files and errors scanned now. Empty when none was issued. */
  check(suite?: TaskLike): PasswordLeak[];
  uninstall(): void;
}

export interface GuardOptions {
  /** Pass writes on to the real stdout/stderr (default true); false swallows them (for the guard's own test). */
  forward?: boolean;
  /** Directories whose new entries are scanned (default: the OS temp dir and ./data). */
  roots?: string[];
}

interface Needle {
  form: string;
  bytes: Buffer;
}

const MAX_FILE_BYTES = 64 * 1024 * 1024;
const MAX_FILES = 5_000;
const TAIL = 96; // longest needle (a URL-encoded 20-character password) fits: catches a password split across writes

function needlesOf(password: string): Needle[] {
  const forms = [
    { form: 'raw', text: password },
    { form: 'url-encoded', text: encodeURIComponent(password) },
    { form: 'base64', text: Buffer.from(password).toString('base64').replace(/=+$/, '') },
  ];
  const seen = new Set<string>();
  return forms.filter((f) => !seen.has(f.text) && seen.add(f.text)).map((f) => ({ form: f.form, bytes: Buffer.from(f.text) }));
}

function excerpt(buf: Buffer, at: number, length: number): string {
  const before = buf.subarray(Math.max(0, at - 40), at).toString('utf8');
  const after = buf.subarray(at + length, at + length + 40).toString('utf8');
  return `${before}<${length} bytes masked>${after}`.replace(/[^\x20-\x7e]+/g, ' ');
}

function toBuffer(chunk: unknown, encoding?: unknown): Buffer | null {
  if (typeof chunk === 'string') return Buffer.from(chunk, typeof encoding === 'string' ? (encoding as BufferEncoding) : 'utf8');
  if (Buffer.isBuffer(chunk)) return chunk;
  if (ArrayBuffer.isView(chunk)) return Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
  return null;
}

function listNames(dir: string): Set<string> {
  try {
    return new Set(fs.readdirSync(dir));
  } catch {
    return new Set();
  }
}

export function installTempPasswordGuard(o: GuardOptions = {}): TempPasswordGuard {
  const forward = o.forward ?? true;
  const roots = (o.roots ?? [tmpdir(), resolve('data')]).map((r) => resolve(r));
  const before = new Map(roots.map((r) => [r, listNames(r)]));
  const needles: Needle[] = [];
  let issued = 0;
  const leaks: PasswordLeak[] = [];
  const seenLeaks = new Set<string>();
  const tails = new Map<string, Buffer>();

  const record = (where: string, form: string, text: string) => {
    const key = `${where}|${form}|${text}`;
    if (seenLeaks.has(key)) return;
    seenLeaks.add(key);
    leaks.push({ where, form, excerpt: text });
  };

  const scanBuffer = (where: string, buf: Buffer) => {
    for (const n of needles) {
      const at = buf.indexOf(n.bytes);
      if (at >= 0) record(where, n.form, excerpt(buf, at, n.bytes.length));
    }
  };

  // Stream output is scanned as it goes, with the tail of the previous write prepended.
  const sawOutput = (where: string, chunk: unknown, encoding?: unknown) => {
    if (needles.length === 0) return;
    const buf = toBuffer(chunk, encoding);
    if (!buf) return;
    const joined = Buffer.concat([tails.get(where) ?? Buffer.alloc(0), buf]);
    scanBuffer(where, joined);
    tails.set(where, Buffer.from(joined.subarray(Math.max(0, joined.length - TAIL))));
  };

  const scanPath = (path: string, budget: { files: number }) => {
    if (budget.files <= 0) return;
    let st: fs.Stats;
    try {
      st = fs.lstatSync(path);
    } catch {
      return;
    }
    if (st.isDirectory()) {
      let names: string[] = [];
      try {
        names = fs.readdirSync(path);
      } catch {
        return;
      }
      for (const name of names) scanPath(join(path, name), budget);
    } else if (st.isFile() && st.size <= MAX_FILE_BYTES) {
      budget.files--;
      try {
        scanBuffer(`file ${path}`, fs.readFileSync(path));
      } catch {
        // Gone or unreadable (another worker's file): nothing this worker wrote.
      }
    }
  };

  const underRoots = (path: unknown): string | null => {
    if (typeof path !== 'string' && !(path instanceof URL)) return null;
    const abs = resolve(typeof path === 'string' ? path : path.pathname);
    return roots.some((r) => abs.startsWith(r + '/')) ? abs : null;
  };

  // A test removing its temp dir in afterAll would otherwise take the evidence with it.
  const beforeRemove = (path: unknown) => {
    if (needles.length === 0) return;
    const abs = underRoots(path);
    if (abs) scanPath(abs, { files: MAX_FILES });
  };

  const scanNewFiles = () => {
    const budget = { files: MAX_FILES };
    for (const r of roots) {
      const old = before.get(r) ?? new Set<string>();
      for (const name of listNames(r)) if (!old.has(name)) scanPath(join(r, name), budget);
    }
  };

  const scanErrors = (task: TaskLike) => {
    for (const e of task.result?.errors ?? []) {
      const err = e as { message?: unknown; stack?: unknown; stackStr?: unknown };
      const text = [err.message, err.stack, err.stackStr, safeJson(e)].filter((x) => typeof x === 'string').join('\n');
      scanBuffer(`error in "${task.name}"`, Buffer.from(text));
    }
    for (const t of task.tasks ?? []) scanErrors(t);
  };

  const originals = {
    out: process.stdout.write,
    err: process.stderr.write,
    write: fs.write,
    writeSync: fs.writeSync,
    rmSync: fs.rmSync,
    rm: fs.rm,
    promisesRm: fs.promises.rm,
  };

  const wrapStream = (stream: NodeJS.WriteStream, name: string, orig: typeof process.stdout.write) =>
    function (this: unknown, chunk: unknown, ...rest: unknown[]): boolean {
      sawOutput(name, chunk, typeof rest[0] === 'string' ? rest[0] : undefined);
      if (forward) return (orig as (...a: unknown[]) => boolean).call(stream, chunk, ...rest);
      const cb = rest.find((r) => typeof r === 'function') as (() => void) | undefined;
      cb?.();
      return true;
    } as typeof process.stdout.write;

  process.stdout.write = wrapStream(process.stdout, 'stdout', originals.out);
  process.stderr.write = wrapStream(process.stderr, 'stderr', originals.err);

  const mutableFs = fs as unknown as Record<string, unknown>;
  mutableFs.writeSync = function (fd: unknown, chunk: unknown, ...rest: unknown[]) {
    if (fd === 1 || fd === 2) {
      sawOutput(`fd ${fd}`, chunk, typeof rest[1] === 'string' ? rest[1] : undefined);
      if (!forward) return toBuffer(chunk)?.length ?? 0;
    }
    return (originals.writeSync as (...a: unknown[]) => number)(fd, chunk, ...rest);
  };
  mutableFs.write = function (fd: unknown, chunk: unknown, ...rest: unknown[]) {
    if (fd === 1 || fd === 2) {
      sawOutput(`fd ${fd}`, chunk, typeof rest[1] === 'string' ? rest[1] : undefined);
      if (!forward) {
        const cb = rest.find((r) => typeof r === 'function') as ((e: null, n: number) => void) | undefined;
        const n = toBuffer(chunk)?.length ?? 0;
        if (cb) process.nextTick(() => cb(null, n));
        return;
      }
    }
    return (originals.write as (...a: unknown[]) => unknown)(fd, chunk, ...rest);
  };
  mutableFs.rmSync = function (path: unknown, ...rest: unknown[]) {
    beforeRemove(path);
    return (originals.rmSync as (...a: unknown[]) => unknown)(path, ...rest);
  };
  mutableFs.rm = function (path: unknown, ...rest: unknown[]) {
    beforeRemove(path);
    return (originals.rm as (...a: unknown[]) => unknown)(path, ...rest);
  };
  (fs.promises as unknown as Record<string, unknown>).rm = function (path: unknown, ...rest: unknown[]) {
    beforeRemove(path);
    return (originals.promisesRm as (...a: unknown[]) => unknown)(path, ...rest);
  };
  // ESM `import { writeSync, rmSync } from 'node:fs'` sees the patched functions only after this.
  syncBuiltinESMExports();

  return {
    noteIssued(password) {
      issued++;
      needles.push(...needlesOf(password));
    },
    issuedCount: () => issued,
    check(suite) {
      if (needles.length === 0) return [];
      scanNewFiles();
      if (suite) scanErrors(suite);
      return [...leaks];
    },
    uninstall() {
      process.stdout.write = originals.out;
      process.stderr.write = originals.err;
      mutableFs.write = originals.write;
      mutableFs.writeSync = originals.writeSync;
      mutableFs.rmSync = originals.rmSync;
      mutableFs.rm = originals.rm;
      (fs.promises as unknown as Record<string, unknown>).rm = originals.promisesRm;
      syncBuiltinESMExports();
    },
  };
}

function safeJson(v: unknown): string | undefined {
  try {
    return JSON.stringify(v);
  } catch {
    return undefined;
  }
}

export function describePasswordLeaks(leaks: readonly PasswordLeak[]): string {
  return leaks.map((l) => `- ${l.where} (${l.form}): ${l.excerpt}`).join('\n');
}
