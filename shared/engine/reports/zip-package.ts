// Office files (.xlsx) are zip packages of XML parts. This reads one into
// memory and writes one back deterministically: entries in their original
// order, each with its original content and compression method, and a fixed
// timestamp, so the same parts always give the same bytes.
//
// Workbooks are small (the official CAIQ workbook is well under 1 MB); the
// limits below refuse archives that would expand far past that.
import yauzl from 'yauzl';
import yazl from 'yazl';
import { EngineError } from '../engine-error.js';

export interface ZipPart {
  name: string;
  data: Buffer;
  /** Whether the part was deflated in the source (kept when writing back). */
  compressed: boolean;
}

export interface ZipLimits {
  maxEntries: number;
  maxEntryBytes: number;
  maxTotalBytes: number;
}

export const WORKBOOK_LIMITS: ZipLimits = { maxEntries: 10_000, maxEntryBytes: 64 << 20, maxTotalBytes: 256 << 20 };

export class ZipPackageError extends EngineError {
  constructor(message: string, options?: { cause?: unknown }) {
    super('WORKBOOK_INVALID', message, options);
    this.name = 'ZipPackageError';
  }
}

export async function readZipPackage(bytes: Buffer, limits: ZipLimits = WORKBOOK_LIMITS): Promise<ZipPart[]> {
  const zip = await new Promise<yauzl.ZipFile>((resolve, reject) =>
    yauzl.fromBuffer(bytes, { lazyEntries: true, decodeStrings: true, validateEntrySizes: true, strictFileNames: false }, (err, z) =>
      err || !z ? reject(new ZipPackageError(`not a zip package: ${err?.message ?? 'unreadable'}`)) : resolve(z),
    ),
  );
  if (zip.entryCount > limits.maxEntries) throw new ZipPackageError(`too many entries (${zip.entryCount})`);
  const parts: ZipPart[] = [];
  let total = 0;
  return new Promise<ZipPart[]>((resolve, reject) => {
    const fail = (e: unknown) => {
      zip.close();
      reject(e instanceof ZipPackageError ? e : new ZipPackageError(`cannot read the package: ${(e as Error).message}`));
    };
    zip.on('error', fail);
    zip.on('end', () => resolve(parts));
    zip.on('entry', (entry: yauzl.Entry) => {
      if (entry.fileName.endsWith('/')) {
        zip.readEntry();
        return;
      }
      if (entry.uncompressedSize > limits.maxEntryBytes) return fail(new ZipPackageError(`${entry.fileName}: entry too large`));
      total += entry.uncompressedSize;
      if (total > limits.maxTotalBytes) return fail(new ZipPackageError('package expands past the size limit'));
      if (parts.some((p) => p.name === entry.fileName)) return fail(new ZipPackageError(`${entry.fileName}: entry repeated`));
      zip.openReadStream(entry, (err, stream) => {
        if (err || !stream) return fail(err ?? new Error('no stream'));
        const chunks: Buffer[] = [];
        stream.on('data', (c: Buffer) => chunks.push(c));
        stream.on('error', fail);
        stream.on('end', () => {
          parts.push({ name: entry.fileName, data: Buffer.concat(chunks), compressed: entry.compressionMethod !== 0 });
          zip.readEntry();
        });
      });
    });
    zip.readEntry();
  });
}

/**
 * A fixed entry time. yazl writes the DOS date from the local-time fields of
 * the Date, so a Date built from local fields gives the same stored bytes in
 * every time zone (noon avoids any daylight-saving gap).
 */
const FIXED_MTIME = new Date(1980, 0, 1, 12, 0, 0);

export async function writeZipPackage(parts: ZipPart[]): Promise<Buffer> {
  const zip = new yazl.ZipFile();
  for (const p of parts) {
    zip.addBuffer(p.data, p.name, { mtime: FIXED_MTIME, mode: 0o100644, compress: p.compressed, forceDosTimestamp: true });
  }
  const chunks: Buffer[] = [];
  const done = new Promise<Buffer>((resolve, reject) => {
    zip.outputStream.on('data', (c: Buffer) => chunks.push(c));
    zip.outputStream.on('error', reject);
    zip.outputStream.on('end', () => resolve(Buffer.concat(chunks)));
  });
  zip.end();
  return done;
}
