// The bundle as the user gave it (an archive file, or a bag directory): its
// files' hashes, and a copy of its bytes kept in the case so the case alone
// can be moved, re-verified and shown to a third party. Hashed as it is
// copied, streamed (memory stays flat), never written. The big file of a
// directory bag, the dump, is copied by a tap (PassCopies) in the pass that
// parses it; the other files are read here.
import { createReadStream } from 'node:fs';
import { lstat, readdir } from 'node:fs/promises';
import { basename, join, relative, resolve, sep } from 'node:path';
import { createHash } from 'node:crypto';
import type Database from 'better-sqlite3';
import type { VerificationResult } from '../../model/verification.js';
import type { BackgroundWriteback } from './background-writeback.js';
import { EngineError } from '../engine-error.js';

export interface SourceFile {
  /** Path inside the bag for a directory (e.g. `data/db/natalia.sql`), the file name for an archive. */
  path: string;
  sha256: string;
  bytes: number;
}

export interface CopiedSource {
  form: 'file' | 'directory';
  files: SourceFile[];
  /** Text of manifest-sha256.txt as copied (directory bags), to check the copy against what was verified. */
  manifest?: string;
}

const CHUNK_BYTES = 1 << 20;

/** Where a chunk tap writes: see PassCopies.tap. */
export interface FileTap {
  write(chunk: Uint8Array): void;
  /** The pass read every byte; `sha256` is the hash it computed of them. */
  end(sha256: string): void;
}

/**
 * Copies of files of a directory source made while another pass reads them
 * (the verifier's dump reader, which hashes what it reads): each tapped
 * file is recorded with that hash and, when bytes are kept, written to
 * bundle_content in the caller's transaction, in the same 1 MiB chunks
 * copySource writes. copySource then only records it.
 */
export class PassCopies {
  /** Set once the bundle is registered; no tap before. */
  bundleId: number | undefined;
  private readonly done = new Map<string, { sha256: string; bytes: number }>();
  private readonly started = new Set<string>();
  private readonly root: string;

  constructor(
    private readonly db: Database.Database,
    source: string,
    private readonly keepBytes: boolean,
    private readonly writeback?: BackgroundWriteback,
  ) {
    this.root = resolve(source);
  }

  /** A tap for the file at `absPath`, or undefined when it cannot be copied this way. */
  tap(absPath: string): FileTap | undefined {
    const bundleId = this.bundleId;
    const abs = resolve(absPath);
    const path = relative(this.root, abs).split(sep).join('/');
    if (bundleId === undefined || path === '' || path.startsWith('../') || this.started.has(abs)) return undefined;
    this.started.add(abs);
    const chunkRow = this.db.prepare('INSERT INTO bundle_content (bundle_id, path, chunk, data) VALUES (?,?,?,?)');
    const keepBytes = this.keepBytes;
    const writeback = this.writeback;
    let bytes = 0;
    let chunk = 0;
    let pending: Buffer[] = [];
    let pendingBytes = 0;
    const flush = () => {
      if (pendingBytes === 0) return;
      chunkRow.run(bundleId, path, chunk++, Buffer.concat(pending, pendingBytes));
      pending = [];
      pendingBytes = 0;
    };
    return {
      write: (b) => {
        bytes += b.length;
        if (!keepBytes) return;
        writeback?.wrote(b.length);
        let view = Buffer.from(b.buffer, b.byteOffset, b.byteLength);
        // Whole 1 MiB rows straight from the caller's bytes (SQLite copies them); the rest waits, copied.
        while (pendingBytes === 0 && view.length >= CHUNK_BYTES) {
          chunkRow.run(bundleId, path, chunk++, view.subarray(0, CHUNK_BYTES));
          view = view.subarray(CHUNK_BYTES);
        }
        while (view.length > 0) {
          const take = Math.min(view.length, CHUNK_BYTES - pendingBytes);
          pending.push(Buffer.from(view.subarray(0, take))); // a copy: the caller reuses its buffer
          pendingBytes += take;
          view = view.subarray(take);
          if (pendingBytes >= CHUNK_BYTES) flush();
        }
      },
      end: (sha256) => {
        if (keepBytes) {
          flush();
          writeback?.flush();
        }
        this.done.set(abs, { sha256, bytes });
      },
    };
  }

  /** The hash and size of a file fully copied by a tap. Throws for one tapped but not to its end. */
  copied(absPath: string): { sha256: string; bytes: number } | undefined {
    const abs = resolve(absPath);
    const d = this.done.get(abs);
    if (!d && this.started.has(abs)) throw new Error(`${absPath} was only partly copied`);
    return d;
  }
}

export class SourceChangedError extends EngineError {
  constructor(message: string, options?: { cause?: unknown }) {
    super('SOURCE_CHANGED', message, options);
    this.name = 'SourceChangedError';
  }
}

/** Regular files of the source, sorted by path. Links and special files are not followed. */
async function listSource(source: string): Promise<{ form: 'file' | 'directory'; files: { path: string; abs: string }[] }> {
  const st = await lstat(source);
  if (st.isFile()) return { form: 'file', files: [{ path: basename(source), abs: source }] };
  if (!st.isDirectory()) throw new Error(`${source} is neither a file nor a directory`);
  const files: { path: string; abs: string }[] = [];
  const walk = async (dir: string) => {
    for (const ent of await readdir(dir, { withFileTypes: true })) {
      const abs = join(dir, ent.name);
      if (ent.isDirectory()) await walk(abs);
      else if (ent.isFile()) files.push({ path: relative(source, abs).split(sep).join('/'), abs });
    }
  };
  await walk(source);
  return { form: 'directory', files: files.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0)) };
}

export interface CopySourceOptions {
  signal?: AbortSignal;
  /** Files already copied by taps: only recorded here. */
  copies?: PassCopies;
  /** Told of the bytes written, to start writing them to disk early. */
  writeback?: BackgroundWriteback;
}

/**
 * Hashes every file of the source and records it for the bundle (bundle_files),
 * copying its bytes into bundle_content when `keepBytes`, in the caller's
 * transaction. Files `copies` already copied are only recorded.
 */
export async function copySource(
  db: Database.Database,
  bundleId: number,
  source: string,
  keepBytes: boolean,
  opts: CopySourceOptions = {},
): Promise<CopiedSource> {
  const { signal, copies, writeback } = opts;
  const listed = await listSource(source);
  const fileRow = db.prepare('INSERT INTO bundle_files (bundle_id, path, sha256, bytes) VALUES (?,?,?,?)');
  const chunkRow = db.prepare('INSERT INTO bundle_content (bundle_id, path, chunk, data) VALUES (?,?,?,?)');
  const out: CopiedSource = { form: listed.form, files: [] };
  for (const f of listed.files) {
    const pre = listed.form === 'directory' ? copies?.copied(f.abs) : undefined;
    if (pre) {
      fileRow.run(bundleId, f.path, pre.sha256, pre.bytes);
      out.files.push({ path: f.path, ...pre });
      continue;
    }
    const h = createHash('sha256');
    let bytes = 0;
    let chunk = 0;
    let pending: Buffer[] = [];
    let pendingBytes = 0;
    const keepText = listed.form === 'directory' && f.path === 'manifest-sha256.txt';
    const text: Buffer[] = [];
    const flush = () => {
      if (pendingBytes === 0) return;
      chunkRow.run(bundleId, f.path, chunk++, Buffer.concat(pending, pendingBytes));
      writeback?.wrote(pendingBytes);
      pending = [];
      pendingBytes = 0;
    };
    for await (const buf of createReadStream(f.abs, { highWaterMark: CHUNK_BYTES })) {
      signal?.throwIfAborted();
      const b = buf as Buffer;
      h.update(b);
      bytes += b.length;
      if (keepText) text.push(b);
      if (!keepBytes) continue;
      pending.push(b);
      pendingBytes += b.length;
      if (pendingBytes >= CHUNK_BYTES) flush();
    }
    if (keepBytes) flush();
    const sha256 = h.digest('hex');
    fileRow.run(bundleId, f.path, sha256, bytes);
    out.files.push({ path: f.path, sha256, bytes });
    if (keepText) out.manifest = Buffer.concat(text).toString('utf8');
  }
  return out;
}

/**
 * The copy must be what was verified. An archive's hash must be the one the
 * verifier computed. A directory's payload files must match its manifest
 * unless the verifier reported that very file as differing: a file that
 * matched during verification and not now changed in between.
 */
export function checkCopyMatchesVerification(copy: CopiedSource, result: VerificationResult): void {
  if (copy.form === 'file') {
    const archive = copy.files[0]!;
    if (result.bundle.sha256 && archive.sha256 !== result.bundle.sha256) {
      throw new SourceChangedError(`${archive.path} changed while it was being imported; the import was cancelled and the case left as it was.`);
    }
    return;
  }
  if (copy.manifest === undefined) return;
  const reported = new Set(result.findings.filter((f) => f.code === 'bundle.manifest_mismatch' && f.file).map((f) => f.file!));
  const copied = new Map(copy.files.map((f) => [f.path, f.sha256]));
  for (const line of copy.manifest.split(/\r?\n/)) {
    const m = /^([0-9a-f]{64})\s+(.+)$/.exec(line);
    if (!m) continue;
    const [, expected, path] = m as unknown as [string, string, string];
    const actual = copied.get(path);
    if (actual !== undefined && actual !== expected && !reported.has(path)) {
      throw new SourceChangedError(`${path} changed while the bundle was being imported; the import was cancelled and the case left as it was.`);
    }
  }
}

/** Bundles of the case (other than `except`) whose files are exactly these (same paths, same hashes). */
export function sameContentBundles(db: Database.Database, files: SourceFile[], except?: number): number[] {
  const key = files.map((f) => `${f.path}\u0000${f.sha256}`).sort().join('\n');
  const rows = db.prepare('SELECT bundle_id, path, sha256 FROM bundle_files ORDER BY bundle_id, path').all() as {
    bundle_id: number;
    path: string;
    sha256: string;
  }[];
  const byBundle = new Map<number, string[]>();
  for (const r of rows) {
    if (r.bundle_id === except) continue;
    const l = byBundle.get(r.bundle_id) ?? [];
    l.push(`${r.path}\u0000${r.sha256}`);
    byBundle.set(r.bundle_id, l);
  }
  return [...byBundle].filter(([, l]) => l.sort().join('\n') === key).map(([id]) => id);
}
