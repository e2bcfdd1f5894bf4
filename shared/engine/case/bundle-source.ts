// The bundle as the user gave it (an archive file, or a bag directory): its
// files' hashes, and a copy of its bytes kept in the case so the case alone
// can be moved, re-verified and shown to a third party. Read-only on the
// source; streamed, so memory stays flat.
import { createReadStream } from 'node:fs';
import { lstat, readdir } from 'node:fs/promises';
import { basename, join, relative, sep } from 'node:path';
import { createHash } from 'node:crypto';
import type Database from 'better-sqlite3';
import { sha256File } from '../crypto/hash.js';

export interface SourceFile {
  /** Path inside the bag for a directory (e.g. `data/db/natalia.sql`), the file name for an archive. */
  path: string;
  sha256: string;
  bytes: number;
  /** Absolute path on disk. */
  abs: string;
}

const CHUNK_BYTES = 1 << 20;

/** Regular files of the source, sorted, with their SHA-256. Links and special files are not followed. */
export async function hashSource(source: string, signal?: AbortSignal): Promise<SourceFile[]> {
  const st = await lstat(source);
  if (st.isFile()) {
    const h = await sha256File(source);
    return [{ path: basename(source), sha256: h.sha256, bytes: h.bytes, abs: source }];
  }
  if (!st.isDirectory()) throw new Error(`${source} is neither a file nor a directory`);
  const out: SourceFile[] = [];
  const walk = async (dir: string) => {
    for (const ent of await readdir(dir, { withFileTypes: true })) {
      signal?.throwIfAborted();
      const abs = join(dir, ent.name);
      if (ent.isDirectory()) await walk(abs);
      else if (ent.isFile()) {
        const h = await sha256File(abs);
        out.push({ path: relative(source, abs).split(sep).join('/'), sha256: h.sha256, bytes: h.bytes, abs });
      }
    }
  };
  await walk(source);
  return out.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}

export class SourceChangedError extends Error {
  override name = 'SourceChangedError';
}

/**
 * Stores the hashes and (when `keepBytes`) the bytes of the source files for a
 * bundle, in the caller's transaction. The bytes are hashed again as they are
 * copied: a file that changed since it was first hashed aborts the import.
 */
export async function storeSource(
  db: Database.Database,
  bundleId: number,
  files: SourceFile[],
  keepBytes: boolean,
  signal?: AbortSignal,
): Promise<void> {
  const fileRow = db.prepare('INSERT INTO bundle_files (bundle_id, path, sha256, bytes) VALUES (?,?,?,?)');
  const chunkRow = db.prepare('INSERT INTO bundle_content (bundle_id, path, chunk, data) VALUES (?,?,?,?)');
  for (const f of files) {
    fileRow.run(bundleId, f.path, f.sha256, f.bytes);
    if (!keepBytes) continue;
    const h = createHash('sha256');
    let chunk = 0;
    let pending: Buffer[] = [];
    let pendingBytes = 0;
    const flush = () => {
      if (pendingBytes === 0) return;
      chunkRow.run(bundleId, f.path, chunk++, Buffer.concat(pending, pendingBytes));
      pending = [];
      pendingBytes = 0;
    };
    for await (const buf of createReadStream(f.abs, { highWaterMark: CHUNK_BYTES })) {
      signal?.throwIfAborted();
      const b = buf as Buffer;
      h.update(b);
      pending.push(b);
      pendingBytes += b.length;
      if (pendingBytes >= CHUNK_BYTES) flush();
    }
    flush();
    if (h.digest('hex') !== f.sha256) {
      throw new SourceChangedError(`${f.path} changed while it was being imported; the import was cancelled and the case left as it was.`);
    }
  }
}

/** Bundles of the case whose files are exactly these (same paths, same hashes). */
export function sameContentBundles(db: Database.Database, files: SourceFile[]): number[] {
  const key = files.map((f) => `${f.path}\u0000${f.sha256}`).join('\n');
  const rows = db.prepare('SELECT bundle_id, path, sha256 FROM bundle_files ORDER BY bundle_id, path').all() as {
    bundle_id: number;
    path: string;
    sha256: string;
  }[];
  const byBundle = new Map<number, string[]>();
  for (const r of rows) {
    const l = byBundle.get(r.bundle_id) ?? [];
    l.push(`${r.path}\u0000${r.sha256}`);
    byBundle.set(r.bundle_id, l);
  }
  return [...byBundle].filter(([, l]) => l.join('\n') === key).map(([id]) => id);
}
