// Reading files inside a bag without ever following a link out of it: a
// directory bag is the user's own folder and may hold symlinks, so every path
// is resolved component by component with lstat.
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { lstat, readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';

/** Tag files are small; a bigger one is refused rather than read into memory. */
export const MAX_TAG_FILE_BYTES = 32 * 1024 * 1024;
/**
 * bagit.txt holds two lines and bag-info.txt ten labels (spec §1.1): 64 KiB
 * is far more than either needs, and keeps a hostile value from being read,
 * parsed and repeated by every message that names it. Manifests grow with the
 * payload and keep the general bound.
 */
export const MAX_BAG_DECLARATION_BYTES = 64 * 1024;

export function maxTagFileBytes(rel: string): number {
  return rel === 'bagit.txt' || rel === 'bag-info.txt' ? MAX_BAG_DECLARATION_BYTES : MAX_TAG_FILE_BYTES;
}

export type BagFileState = { kind: 'file'; size: number } | { kind: 'missing' } | { kind: 'not_regular'; what: string };

/** What lies at bag-relative `rel` ("a/b/c"), looking at every component without following links. */
export async function statInBag(root: string, rel: string): Promise<BagFileState> {
  const segs = rel.split('/');
  let path = root;
  for (let i = 0; i < segs.length; i++) {
    path = join(path, segs[i]!);
    let s;
    try {
      s = await lstat(path);
    } catch {
      return { kind: 'missing' };
    }
    const last = i === segs.length - 1;
    if (s.isSymbolicLink()) return { kind: 'not_regular', what: `${segs.slice(0, i + 1).join('/')} is a symbolic link` };
    if (!last && !s.isDirectory()) return { kind: 'missing' };
    if (last) {
      return s.isFile() ? { kind: 'file', size: s.size } : { kind: 'not_regular', what: `${rel} is not a regular file` };
    }
  }
  return { kind: 'missing' };
}

/** A tag file's text (strict UTF-8), or why it cannot be had. */
export async function readTagText(
  root: string,
  rel: string,
): Promise<{ text: string; bytes: Buffer } | { missing: true } | { problem: string }> {
  const st = await statInBag(root, rel);
  if (st.kind === 'missing') return { missing: true };
  if (st.kind === 'not_regular') return { problem: `${st.what}; links and special files are not followed` };
  const max = maxTagFileBytes(rel);
  if (st.size > max) return { problem: `${rel} is ${st.size} bytes, more than the ${max} bytes such a tag file may hold; it was not read` };
  let bytes: Buffer;
  try {
    bytes = await readFile(join(root, ...rel.split('/')));
  } catch (err) {
    return { problem: `${rel} cannot be read (${(err as NodeJS.ErrnoException).code ?? String(err)})` };
  }
  try {
    return { text: new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(bytes), bytes };
  } catch {
    return { problem: `${rel} is not valid UTF-8` };
  }
}

export interface PayloadWalk {
  /** Bag-relative path -> size, for every regular file under data/. */
  files: Map<string, number>;
  /** Bag-relative paths under data/ that are links or special files (never followed). */
  refused: { path: string; what: string }[];
  /** Directories under data/ that could not be listed, and why. */
  unreadable: { path: string; reason: string }[];
  dataDirPresent: boolean;
}

/** Lists the payload: every regular file under data/, sorted, without following links. */
export async function walkPayload(root: string): Promise<PayloadWalk> {
  const out: PayloadWalk = { files: new Map(), refused: [], unreadable: [], dataDirPresent: false };
  const top = await lstat(join(root, 'data')).catch(() => null);
  if (!top) return out;
  if (!top.isDirectory()) {
    out.refused.push({ path: 'data', what: top.isSymbolicLink() ? 'a symbolic link' : 'not a directory' });
    return out;
  }
  out.dataDirPresent = true;
  const pending = ['data'];
  while (pending.length > 0) {
    const dir = pending.pop()!;
    let entries;
    try {
      entries = await readdir(join(root, ...dir.split('/')), { withFileTypes: true });
    } catch (err) {
      out.unreadable.push({ path: dir, reason: (err as NodeJS.ErrnoException).code ?? String(err) });
      continue;
    }
    entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const e of entries) {
      const rel = `${dir}/${e.name}`;
      if (e.isDirectory()) pending.push(rel);
      else if (e.isFile()) out.files.set(rel, (await lstat(join(root, ...rel.split('/')))).size);
      else out.refused.push({ path: rel, what: e.isSymbolicLink() ? 'a symbolic link' : 'a special file' });
    }
  }
  out.files = new Map([...out.files].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
  return out;
}

/** SHA-256 of a bag file, streamed; `onBytes` sees each chunk's length. */
export async function hashBagFile(
  root: string,
  rel: string,
  onBytes?: (n: number) => void,
  signal?: AbortSignal,
): Promise<string> {
  const h = createHash('sha256');
  for await (const chunk of createReadStream(join(root, ...rel.split('/')), { highWaterMark: 1 << 20, signal })) {
    h.update(chunk as Buffer);
    onBytes?.((chunk as Buffer).length);
  }
  return h.digest('hex');
}
