// Streams a .tar.gz into a private folder: gunzip and tar-stream, one entry at
// a time, so memory stays flat. The limits are metered on the inflated tar
// stream itself (what gunzip actually produced, headers and padding included),
// which also stops archives padded with endless empty blocks.
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { createGunzip } from 'node:zlib';
import tar from 'tar-stream';
import { asExtractError, EntryLedger, insideFolder, NotABundleError, UnsafeEntryError } from './archive-guard.js';
import type { ExtractBudget, ExtractLimits, ExtractProgress } from './types.js';

export interface TarOptions {
  limits: ExtractLimits;
  archiveBytes: number;
  budget: ExtractBudget;
  onProgress?: (p: ExtractProgress) => void;
  signal?: AbortSignal;
}

/**
 * Extracts into `dest` and returns the bag's root folder: spec §1, a .tar.gz
 * holds exactly one top-level directory, the bag. Any other layout (bag files
 * at the root, a second top-level entry) is a BagLayoutError.
 */
export async function extractTarGz(path: string, dest: string, opts: TarOptions): Promise<string> {
  const ledger = new EntryLedger(opts.limits, opts.archiveBytes, false, opts.budget, opts.onProgress, opts.signal);
  let current = '(start of archive)';
  const extract = tar.extract();
  // Settled into a value at once: the loop below may still be running when the pipeline fails.
  const piped = pipeline(createReadStream(path), createGunzip(), ledger.meter(() => current), extract, {
    signal: opts.signal,
  }).then(
    () => undefined,
    (err: unknown) => err,
  );

  let loopError: unknown;
  try {
    for await (const entry of extract) {
      const header = entry.header;
      current = header.name;
      // "./bag/..." as written by `tar -C dir .`: the "./" prefix names no directory.
      const name = header.name.replace(/^(\.\/)+/, '');
      if (name === '' || name === '.') {
        entry.resume();
        continue;
      }
      const kind = kindOf(header);
      const segs = ledger.admit(name, kind);
      if (ledger.layoutProblem) {
        // Not one bag (spec §1): write nothing more, but read on so that an unsafe entry or a bomb is still refused as such.
        entry.resume();
        continue;
      }
      const out = insideFolder(dest, segs, name);
      if (kind === 'dir') {
        await mkdir(out, { recursive: true });
        entry.resume();
        continue;
      }
      // The header's size, before its bytes: a tar bomb is refused at the entry that would not fit.
      ledger.declare(header.size ?? 0, name);
      await mkdir(join(dest, ...segs.slice(0, -1)), { recursive: true });
      // 'wx': never overwrite, never follow anything already at that path.
      await pipeline(entry, createWriteStream(out, { flags: 'wx' }));
    }
  } catch (err) {
    loopError = err;
  }
  const pipeError = await piped;
  opts.signal?.throwIfAborted();
  // A refusal may surface on either side (the meter runs in the pipeline); it explains more than "premature close".
  const errors = [loopError, pipeError].filter((e) => e !== undefined);
  const err = errors.find((e) => e instanceof UnsafeEntryError) ?? errors[0];
  if (err !== undefined) throw asExtractError(err, `the tar.gz archive cannot be extracted (at "${current}")`);
  if (ledger.layoutProblem) throw ledger.layoutProblem;

  ledger.finish();
  const top = ledger.topDirectory;
  if (top === null) throw new NotABundleError('the tar.gz archive is empty');
  return join(dest, top);
}

function kindOf(header: tar.Header): 'file' | 'dir' {
  switch (header.type) {
    case 'file':
      return 'file';
    case 'directory':
      return 'dir';
    case 'symlink':
      throw new UnsafeEntryError(header.name, `it is a symbolic link (to "${header.linkname ?? ''}")`);
    case 'link':
      throw new UnsafeEntryError(header.name, `it is a hard link (to "${header.linkname ?? ''}")`);
    case 'character-device':
    case 'block-device':
      throw new UnsafeEntryError(header.name, 'it is a device file');
    case 'fifo':
      throw new UnsafeEntryError(header.name, 'it is a fifo');
    default:
      throw new UnsafeEntryError(header.name, `its type (${header.type ?? 'unknown'}) is not a regular file or directory`);
  }
}
