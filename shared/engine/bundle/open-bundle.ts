// Opens what the user gave as a bag (spec §1): a directory is read in place
// and never written; an archive is recognised by its content and streamed into
// a private temporary folder that close() removes. Whatever fails, that folder
// is gone before this returns.
import { lstat, mkdtemp, open, readdir, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, join, resolve } from 'node:path';
import { finding } from '../../model/findings.js';
import { sha256File } from '../crypto/hash.js';
import { BagLayoutError, DEFAULT_EXTRACT_LIMITS, NotABundleError, UnsafeEntryError } from './archive-guard.js';
import { extractTarGz } from './extract-tar.js';
import { extractZip } from './extract-zip.js';
import type { BagHandle, BundleForm, ExtractLimits, ExtractProgress, OpenBundleOutcome } from './types.js';

export { DEFAULT_EXTRACT_LIMITS } from './archive-guard.js';

export interface OpenBundleOptions {
  /** Where the private extraction folder is made; os.tmpdir() by default. */
  tempRoot?: string;
  limits?: Partial<ExtractLimits>;
  signal?: AbortSignal;
  onProgress?: (p: ExtractProgress) => void;
}

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
  const temp = await mkdtemp(join(opts.tempRoot ?? tmpdir(), 'natalia-bundle-'));
  const remove = () => rm(temp, { recursive: true, force: true, maxRetries: 3 });
  try {
    const common = { limits, archiveBytes, onProgress: opts.onProgress, signal: opts.signal };
    const root =
      form === 'zip'
        ? await extractZip(path, temp, { ...common, rootName: basename(path).replace(/\.zip$/i, '') || 'bag' })
        : await extractTarGz(path, temp, common);
    if (!(await isFile(join(root, 'bagit.txt')))) {
      throw new NotABundleError(`the archive holds no bag: "${basename(root)}" has no bagit.txt`);
    }
    const sourceSha256 = (await sha256File(path)).sha256;
    return { root, name: basename(root), form, source: given, sourceSha256, close: remove };
  } catch (err) {
    await remove();
    throw err;
  }
}

async function isFile(path: string): Promise<boolean> {
  return lstat(path).then(
    (s) => s.isFile(),
    () => false,
  );
}
