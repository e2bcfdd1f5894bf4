// Opens what the user gave as a bag (spec §1): a directory is read in place
// and never written; an archive is recognised by its content and streamed into
// a private temporary folder that close() removes. Whatever fails, that folder
// is gone before this returns.
import { lstat, mkdir, open, readdir, rm, stat, statfs } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, join, resolve } from 'node:path';
import { finding } from '../../model/findings.js';
import { sha256File } from '../crypto/hash.js';
import { makePrivateTemp } from '../private-temp.js';
import { BagLayoutError, DEFAULT_EXTRACT_LIMITS, NotABundleError, ROOT_BAG, UnsafeEntryError } from './archive-guard.js';
import { extractTarGz } from './extract-tar.js';
import { extractZip } from './extract-zip.js';
import type { BagHandle, BundleForm, ExtractBudget, ExtractLimits, ExtractProgress, OpenBundleOutcome } from './types.js';

export { DEFAULT_EXTRACT_LIMITS } from './archive-guard.js';

export interface OpenBundleOptions {
  /** Where the private extraction folder is made; os.tmpdir() by default. */
  tempRoot?: string;
  limits?: Partial<ExtractLimits>;
  signal?: AbortSignal;
  onProgress?: (p: ExtractProgress) => void;
  /** Bytes free where the folder is made (tests: a nearly full disk); statfs by default. */
  freeBytes?: (dir: string) => Promise<number>;
}

/** Room left on the disk for everything else while an archive is extracted. */
const DISK_RESERVE_BYTES = 64 * 1024 * 1024;

/**
 * Never throws for bad input: ok:false carries one clear message (and, for a
 * refused archive, the bundle.unsafe_entry finding, or bundle.malformed for
 * safe entries not laid out as one bag). Cancellation via
 * `signal` rejects with the AbortError, after cleaning up.
 */
export async function openBundle(inputPath: string, opts: OpenBundleOptions = {}): Promise<OpenBundleOutcome> {
  const source = resolve(inputPath);
  try {
    const info = await stat(source).catch((err: NodeJS.ErrnoException) => {
      throw new NotABundleError(err.code === 'ENOENT' ? 'it does not exist' : `it cannot be read (${err.code ?? err.message})`);
    });
    if (info.isDirectory()) return { ok: true, bag: await openDirectory(inputPath, source), findings: [] };
    if (!info.isFile()) throw new NotABundleError('it is neither a directory nor a file');
    const form = await sniff(source);
    return { ok: true, bag: await openArchive(inputPath, source, form, info.size, opts), findings: [] };
  } catch (err) {
    if (err instanceof UnsafeEntryError) {
      return {
        ok: false,
        message: `${inputPath}: ${err.message}`,
        findings: [finding({ code: 'bundle.unsafe_entry', message: err.message, file: err.entry })],
      };
    }
    if (err instanceof BagLayoutError) {
      // Safe entries that do not form one bag (spec §1): a bag-structure finding, not an escape.
      return {
        ok: false,
        message: `${inputPath}: ${err.message}`,
        findings: [finding({ code: 'bundle.malformed', message: err.message, file: err.entry })],
      };
    }
    if (err instanceof NotABundleError) {
      const reason = err.message.replace(/\.+$/, '');
      return { ok: false, message: `${inputPath} is not a readable Natalia evidence bundle: ${reason}.`, findings: [] };
    }
    throw err; // AbortError, or a bug
  }
}

async function openDirectory(given: string, dir: string): Promise<BagHandle> {
  let root = dir;
  if (!(await isFile(join(dir, 'bagit.txt')))) {
    // A folder that holds the bag (and perhaps its trust-roots.json next to it).
    const entries = await readdir(dir, { withFileTypes: true }).catch((err: NodeJS.ErrnoException) => {
      throw new NotABundleError(`the directory cannot be listed (${err.code ?? err.message})`);
    });
    const bags: string[] = [];
    for (const e of entries) {
      if (e.isDirectory() && (await isFile(join(dir, e.name, 'bagit.txt')))) bags.push(e.name);
    }
    if (bags.length === 0) throw new NotABundleError('the directory holds no bagit.txt, nor a single bag folder that does');
    if (bags.length > 1) throw new NotABundleError(`the directory holds ${bags.length} bags (${bags.join(', ')}); give one of them`);
    root = join(dir, bags[0]!);
  }
  return { root, name: basename(root), form: 'directory', source: given, close: async () => {} };
}

async function sniff(path: string): Promise<Exclude<BundleForm, 'directory'>> {
  const magic = Buffer.alloc(4);
  let read = 0;
  try {
    const fh = await open(path, 'r');
    try {
      ({ bytesRead: read } = await fh.read(magic, 0, 4, 0));
    } finally {
      await fh.close();
    }
  } catch (err) {
    throw new NotABundleError(`it cannot be read (${(err as NodeJS.ErrnoException).code ?? String(err)})`);
  }
  if (read === 4 && magic.equals(Buffer.from('PK\x03\x04', 'latin1'))) return 'zip';
  if (read >= 2 && magic[0] === 0x1f && magic[1] === 0x8b) return 'tar.gz';
  throw new NotABundleError('it is not a directory, a .zip or a .tar.gz (its content has neither signature)');
}

async function openArchive(
  given: string,
  path: string,
  form: Exclude<BundleForm, 'directory'>,
  archiveBytes: number,
  opts: OpenBundleOptions,
): Promise<BagHandle> {
  const limits = { ...DEFAULT_EXTRACT_LIMITS, ...opts.limits };
  // Named by the tool, never after the user's file (an archive called "...zip" once extracted into "..").
  const temp = await makePrivateTemp(opts.tempRoot ?? tmpdir(), 'natalia-bundle-');
  const remove = () => rm(temp, { recursive: true, force: true, maxRetries: 3 });
  try {
    const dest = join(temp, 'extracted');
    await mkdir(dest);
    const free = await (opts.freeBytes ?? freeBytesAt)(temp);
    const budget = diskBudget(limits, archiveBytes, free, temp);
    const common = { limits, archiveBytes, budget, onProgress: opts.onProgress, signal: opts.signal };
    const root = form === 'zip' ? await extractZip(path, dest, common) : await extractTarGz(path, dest, common);
    if (!(await isFile(join(root, 'bagit.txt')))) {
      throw new NotABundleError(`the archive holds no bag: "${basename(root)}" has no bagit.txt`);
    }
    const sourceSha256 = (await sha256File(path)).sha256;
    return { root, name: form === 'zip' && basename(root) === ROOT_BAG ? rootBagName(path) : basename(root), form, source: given, sourceSha256, close: remove };
  } catch (err) {
    await remove();
    throw err;
  }
}

/** A bag stored at a zip's root is named after the archive for display only; it is never a path. */
function rootBagName(path: string): string {
  const name = basename(path).replace(/\.zip$/i, '');
  return /^\.*$/.test(name) ? ROOT_BAG : name;
}

async function freeBytesAt(dir: string): Promise<number> {
  const s = await statfs(dir);
  return s.bavail * s.bsize;
}

/**
 * What extraction may write: the limits, a multiple of the archive's size
 * (maxRatio), and never past the free disk less a reserve. Known before a byte
 * is written, so a bomb is refused on its declared sizes, and metered on what
 * it inflates when the sizes lie.
 */
function diskBudget(limits: ExtractLimits, archiveBytes: number, free: number, dir: string): ExtractBudget {
  const bound = Math.min(limits.maxTotalBytes, limits.maxRatio * archiveBytes);
  const room = Math.max(0, free - DISK_RESERVE_BYTES);
  return room < bound ? { bytes: room, why: `the disk holding ${dir} has ${free} bytes free` } : { bytes: bound, why: null };
}

async function isFile(path: string): Promise<boolean> {
  return lstat(path).then(
    (s) => s.isFile(),
    () => false,
  );
}
