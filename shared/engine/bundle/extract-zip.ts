// Streams a .zip into a private folder. Every entry of the central directory
// is checked before any is written, so a refused archive leaves nothing behind
// even before the caller cleans up; the bytes written are metered anyway,
// because sizes in zip headers are only claims.
import { createWriteStream } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import yauzl from 'yauzl';
import { asExtractError, EntryLedger, insideFolder, NotABundleError, ROOT_BAG, UnsafeEntryError } from './archive-guard.js';
import type { ExtractBudget, ExtractLimits, ExtractProgress } from './types.js';

const S_IFMT = 0o170000;
const S_IFREG = 0o100000;
const S_IFDIR = 0o040000;
const S_IFLNK = 0o120000;

/** yauzl fields present with decodeStrings: false that its typings omit. */
type RawEntry = yauzl.Entry & { fileNameRaw: Buffer };
const decodeName = (yauzl as unknown as {
  getFileNameLowLevel(flags: number, raw: Buffer, extra: yauzl.Entry['extraFields'], strict: boolean): string;
}).getFileNameLowLevel;

interface Planned {
  entry: RawEntry;
  name: string;
  kind: 'file' | 'dir';
}

export interface ZipOptions {
  limits: ExtractLimits;
  archiveBytes: number;
  budget: ExtractBudget;
  onProgress?: (p: ExtractProgress) => void;
  signal?: AbortSignal;
}

/** Extracts into `dest` and returns the bag's root folder. Throws UnsafeEntryError, BagLayoutError or NotABundleError. */
export async function extractZip(path: string, dest: string, opts: ZipOptions): Promise<string> {
  const zip = await openZip(path);
  try {
    const planned = await readCentralDirectory(zip, opts.limits.maxEntries);
    // The spec's form is one top-level directory; a bag written at the root is accepted too.
    const bagAtRoot = planned.some((p) => p.name === 'bagit.txt');
    const ledger = new EntryLedger(opts.limits, opts.archiveBytes, bagAtRoot, opts.budget, opts.onProgress, opts.signal);
    const base = bagAtRoot ? join(dest, ROOT_BAG) : dest;
    const targets = planned.map((p) => ({ ...p, segs: ledger.admit(p.name, p.kind) }));
    if (planned.length === 0) throw new NotABundleError('the zip archive is empty');
    if (ledger.layoutProblem) throw ledger.layoutProblem;
    // Declared sizes first: an honest bomb is refused before one byte is written; yauzl then holds each entry to its claim.
    for (const t of targets) if (t.kind === 'file') ledger.declare(t.entry.uncompressedSize, t.name);

    await mkdir(base, { recursive: true });
    for (const t of targets) {
      const out = insideFolder(base, t.segs, t.name);
      if (t.kind === 'dir') {
        await mkdir(out, { recursive: true });
        continue;
      }
      await mkdir(join(base, ...t.segs.slice(0, -1)), { recursive: true });
      const input = await openEntry(zip, t.entry, t.name);
      // 'wx': never overwrite, never follow anything already at that path.
      await pipeline(input, ledger.meter(t.name), createWriteStream(out, { flags: 'wx' }), { signal: opts.signal }).catch(
        (err: unknown) => {
          throw asExtractError(err, `zip entry "${t.name}" cannot be extracted`);
        },
      );
    }
    ledger.finish();
    return bagAtRoot ? base : join(dest, ledger.topDirectory!);
  } finally {
    zip.close();
  }
}

function openZip(path: string): Promise<yauzl.ZipFile> {
  return new Promise((resolve, reject) => {
    yauzl.open(path, { lazyEntries: true, autoClose: false, decodeStrings: false, validateEntrySizes: true }, (err, zip) =>
      err ? reject(new NotABundleError(`the zip archive cannot be read: ${err.message}`)) : resolve(zip),
    );
  });
}

/** Reads and classifies every central-directory entry, refusing links, devices and encryption. */
function readCentralDirectory(zip: yauzl.ZipFile, maxEntries: number): Promise<Planned[]> {
  return new Promise((resolve, reject) => {
    const planned: Planned[] = [];
    zip.on('error', (err: Error) => reject(new NotABundleError(`the zip archive cannot be read: ${err.message}`)));
    zip.on('end', () => resolve(planned));
    zip.on('entry', (raw: RawEntry) => {
      try {
        planned.push(classify(raw));
        if (planned.length > maxEntries) {
          throw new UnsafeEntryError(planned.at(-1)!.name, `the archive holds more than ${maxEntries} entries`);
        }
        zip.readEntry();
      } catch (err) {
        reject(err);
      }
    });
    zip.readEntry();
  });
}

function classify(entry: RawEntry): Planned {
  const name = decodeName(entry.generalPurposeBitFlag, entry.fileNameRaw, entry.extraFields, true);
  const type = (entry.externalFileAttributes >>> 16) & S_IFMT;
  if (type === S_IFLNK) throw new UnsafeEntryError(name, 'it is a symbolic link');
  if (type !== 0 && type !== S_IFREG && type !== S_IFDIR) {
    throw new UnsafeEntryError(name, 'it is a special file (device, fifo or socket), not a regular file');
  }
  const kind = name.endsWith('/') || type === S_IFDIR ? 'dir' : 'file';
  if (kind === 'file' && entry.isEncrypted()) {
    throw new UnsafeEntryError(name, 'it is encrypted, and encrypted entries are not supported');
  }
  if (kind === 'file' && entry.compressionMethod !== 0 && entry.compressionMethod !== 8) {
    throw new NotABundleError(`zip entry "${name}" uses compression method ${entry.compressionMethod}, which is not supported`);
  }
  return { entry, name, kind };
}

function openEntry(zip: yauzl.ZipFile, entry: yauzl.Entry, name: string): Promise<Readable> {
  return new Promise((resolve, reject) => {
    zip.openReadStream(entry, (err, stream) =>
      err ? reject(new NotABundleError(`zip entry "${name}" cannot be read: ${err.message}`)) : resolve(stream),
    );
  });
}
