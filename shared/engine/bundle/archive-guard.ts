// What every archive entry must satisfy before a byte of it reaches the disk
// (spec §7 bundle.unsafe_entry), and the archive layout of a bag (spec §1; a
// layout that is not one bag is bundle.malformed, not an unsafe entry). The
// zip and tar readers share these rules so that both forms refuse exactly the
// same things.
import { join, relative, sep } from 'node:path';
import { Transform } from 'node:stream';
import type { ExtractBudget, ExtractLimits, ExtractProgress } from './types.js';

/**
 * maxRatio: a real bundle (CSV, JSON, a text dump) deflates 3 to 15 times;
 * 100 leaves room for repetitive evidence while a 4 MB zip of zeros (1000
 * times) is refused on its declared sizes before anything is written.
 */
export const DEFAULT_EXTRACT_LIMITS: ExtractLimits = {
  maxEntries: 10_000,
  maxTotalBytes: 16 * 1024 ** 3,
  maxRatio: 100,
};

/** The folder a bag stored at a zip's root is extracted to: chosen by the tool, never from the file's name. */
export const ROOT_BAG = 'bag';

/** The path of an admitted entry under `dest`, checked to stay inside it (a second guard behind entrySegments). */
export function insideFolder(dest: string, segs: string[], entry: string): string {
  const out = join(dest, ...segs);
  const rel = relative(dest, out);
  if (rel === '' || rel === '..' || rel.startsWith(`..${sep}`) || rel.split(sep).length !== segs.length) {
    throw new UnsafeEntryError(entry, 'it would be written outside the extraction folder');
  }
  return out;
}

/** An entry refused for safety: the whole archive is refused with it. */
export class UnsafeEntryError extends Error {
  constructor(
    readonly entry: string,
    readonly reason: string,
  ) {
    super(`Refused the archive at entry "${entry}": ${reason}.`);
  }
}

/**
 * The archive's entries are safe but are not laid out as one bag (spec §1: a
 * .tar.gz holds exactly one top-level directory, the bag): a bag-structure
 * problem (bundle.malformed), not an escape. The archive is not extracted.
 */
export class BagLayoutError extends Error {
  constructor(
    readonly entry: string,
    readonly reason: string,
  ) {
    super(`The archive is not laid out as one bag, at entry "${entry}": ${reason}. It was not extracted.`);
  }
}

/** The input cannot be read as a bundle at all (CLI exit 2). */
export class NotABundleError extends Error {}

/** Keeps refusals and cancellation as they are; any other failure (corrupt data, I/O) becomes NotABundleError. */
export function asExtractError(err: unknown, context: string): Error {
  if (err instanceof UnsafeEntryError || err instanceof BagLayoutError || err instanceof NotABundleError) return err;
  if (err instanceof Error && err.name === 'AbortError') return err;
  const e = err as NodeJS.ErrnoException;
  if (e?.code === 'ENOSPC' || e?.code === 'EDQUOT') {
    return new NotABundleError(`${context}: the disk holding the temporary folder is full (${e.code}); nothing was kept`);
  }
  return new NotABundleError(`${context}: ${err instanceof Error ? err.message : String(err)}`);
}

/**
 * Splits an entry name into path segments, or explains why it may not be
 * written. `name` is as stored; a trailing "/" marks a directory.
 */
export function entrySegments(name: string): string[] | { problem: string } {
  if (name.includes('\0')) return { problem: 'its name contains a NUL byte' };
  if (name.includes('\\')) return { problem: 'its name contains a backslash' };
  if (/^[A-Za-z]:/.test(name)) return { problem: 'its name starts with a drive letter' };
  if (name.startsWith('/')) return { problem: 'it is an absolute path' };
  const segs = name.replace(/\/$/, '').split('/');
  if (segs.includes('..')) return { problem: 'its path has a ".." segment' };
  if (segs.some((s) => s === '' || s === '.')) return { problem: 'its path has an empty or "." segment' };
  return segs;
}

/**
 * Admits entries one by one: counts them, refuses duplicates, and meters the
 * bytes produced against the limits (all UnsafeEntryError). Unless the bag
 * sits at the archive root, it also notes the first entry outside the single
 * top-level directory (`layoutProblem`): that is not an escape, and the
 * readers keep admitting the entries after it, so that an unsafe one later in
 * the archive is still refused as such, but write none of them.
 */
export class EntryLedger {
  private entries = 0;
  private bytes = 0;
  private declared = 0;
  private lastReported = 0;
  private top: string | null = null;
  private layout: BagLayoutError | null = null;
  /** Case- and normalization-folded path -> kind: two names that one file system would merge are duplicates. */
  private seen = new Map<string, 'file' | 'dir'>();

  constructor(
    private readonly limits: ExtractLimits,
    private readonly archiveBytes: number,
    private readonly bagAtRoot: boolean,
    private readonly budget: ExtractBudget,
    private readonly onProgress?: (p: ExtractProgress) => void,
    private readonly signal?: AbortSignal,
  ) {}

  /** The single top-level directory, once an entry has named it. */
  get topDirectory(): string | null {
    return this.top;
  }

  /** The first entry that breaks the one-top-level-directory layout, if any; nothing may be written once it is set. */
  get layoutProblem(): BagLayoutError | null {
    return this.layout;
  }

  /** Checks the entry and returns its segments; throws UnsafeEntryError. A layout problem is only noted (`layoutProblem`). */
  admit(name: string, kind: 'file' | 'dir'): string[] {
    this.signal?.throwIfAborted();
    if (++this.entries > this.limits.maxEntries) {
      throw new UnsafeEntryError(name, `the archive holds more than ${this.limits.maxEntries} entries`);
    }
    const segs = entrySegments(name);
    if (!Array.isArray(segs)) throw new UnsafeEntryError(name, segs.problem);
    if (!this.bagAtRoot && this.layout === null) {
      this.top ??= segs[0]!;
      if (segs[0] !== this.top) {
        this.layout = new BagLayoutError(
          name,
          `it lies outside the top-level directory "${this.top}"; the bag must be the archive's one top-level directory`,
        );
      } else if (segs.length === 1 && kind === 'file') {
        this.layout = new BagLayoutError(name, "it is a file at the top level; the bag must be the archive's one top-level directory");
      }
    }
    this.record(name, segs, kind);
    return segs;
  }

  private record(name: string, segs: string[], kind: 'file' | 'dir'): void {
    const fold = (parts: string[]) => parts.join('/').normalize('NFC').toLowerCase();
    for (let i = 1; i < segs.length; i++) {
      const parent = fold(segs.slice(0, i));
      if (this.seen.get(parent) === 'file') {
        throw new UnsafeEntryError(name, `its parent "${segs.slice(0, i).join('/')}" is also a file entry`);
      }
      this.seen.set(parent, 'dir');
    }
    const key = fold(segs);
    const before = this.seen.get(key);
    if (before === 'file') throw new UnsafeEntryError(name, 'it duplicates an earlier entry of the same name');
    if (before === 'dir' && kind === 'file') {
      throw new UnsafeEntryError(name, 'a directory of the same name is also in the archive');
    }
    this.seen.set(key, kind);
  }

  /**
   * Adds an entry's declared size before any of its bytes are written: a bomb
   * that tells the truth is refused with nothing written. (Sizes are only
   * claims: `spend` meters what is actually inflated.)
   */
  declare(n: number, entry: string): void {
    this.declared += n;
    this.check(this.declared, entry, 'its entries declare');
  }

  /** Meters `n` more bytes produced while extracting `entry`; throws UnsafeEntryError past a limit. */
  spend(n: number, entry: string): void {
    this.signal?.throwIfAborted();
    this.bytes += n;
    this.check(this.bytes, entry, 'it expands to');
    if (this.onProgress && this.bytes - this.lastReported >= 1 << 20) {
      this.lastReported = this.bytes;
      this.onProgress({ stage: 'extract', bytes: this.bytes });
    }
  }

  private check(total: number, entry: string, what: string): void {
    if (total > this.limits.maxTotalBytes) {
      throw new UnsafeEntryError(entry, `the archive expands past ${this.limits.maxTotalBytes} bytes (${what} ${total} or more)`);
    }
    if (total > this.limits.maxRatio * this.archiveBytes) {
      throw new UnsafeEntryError(
        entry,
        `the archive expands more than ${this.limits.maxRatio} times its own size (${this.archiveBytes} bytes; ${what} ${total} or more)`,
      );
    }
    if (total > this.budget.bytes) {
      throw new UnsafeEntryError(entry, `the archive does not fit: ${what} ${total} bytes or more, and ${this.budget.why ?? 'the budget is smaller'}`);
    }
  }

  /** A pass-through that meters the bytes flowing through it, charged to `entry` (or the entry current at that time). */
  meter(entry: string | (() => string)): Transform {
    return new Transform({
      transform: (chunk: Buffer, _enc, done) => {
        try {
          this.spend(chunk.length, typeof entry === 'string' ? entry : entry());
          done(null, chunk);
        } catch (err) {
          done(err as Error);
        }
      },
    });
  }

  finish(): void {
    this.onProgress?.({ stage: 'extract', bytes: this.bytes });
  }
}
