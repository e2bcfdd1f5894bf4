// Writes a set of files that belong together (a report and its signature, a
// workbook and its CSV twin...) all or nothing. A report without its
// signature, or half a workbook after a full disk or a crash, would be worse
// than no report: it looks finished and cannot be checked.
//
// Every target is checked before anything is written (its folder exists, it
// is not a folder, a device or a named pipe, which a write would block on,
// and it does not exist unless replacing was asked for). Each content then
// goes to a temporary file next to its target and is flushed to disk; only
// when all are written are they moved to their names, by rename (replace) or
// by hard link (never replace: the link fails if the name was taken
// meanwhile). A failure removes the temporary files and whatever was already
// moved in without replacing anything.
import { randomBytes } from 'node:crypto';
import { closeSync, fsyncSync, linkSync, openSync, renameSync, rmSync, statSync, unlinkSync, writeSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { notAFile, systemReason } from './input-file.js';

export type OutputFileProblem = 'exists' | 'not_a_file' | 'no_folder' | 'write_failed';

export class OutputFileError extends Error {
  constructor(
    message: string,
    readonly problem: OutputFileProblem,
    readonly path: string,
  ) {
    super(message);
  }
}

export interface FileToWrite {
  path: string;
  content: Buffer | string;
}

function check(path: string, overwrite: boolean): void {
  const folder = dirname(resolve(path));
  if (statSync(folder, { throwIfNoEntry: false })?.isDirectory() !== true) {
    throw new OutputFileError(`cannot write ${path}: the folder ${folder} does not exist`, 'no_folder', path);
  }
  const st = statSync(path, { throwIfNoEntry: false });
  if (st === undefined) return;
  if (!st.isFile()) throw new OutputFileError(`cannot write ${path}: it is ${notAFile(st)}, not a file`, 'not_a_file', path);
  if (!overwrite) throw new OutputFileError(`${path} already exists`, 'exists', path);
}

function writeTemporary(path: string, content: Buffer | string): string {
  const tmp = join(dirname(path), `.${basename(path)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
  const fd = openSync(tmp, 'wx', 0o644);
  try {
    const bytes = typeof content === 'string' ? Buffer.from(content, 'utf8') : content;
    for (let at = 0; at < bytes.length; ) at += writeSync(fd, bytes, at, bytes.length - at);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  return tmp;
}

/** Moves `tmp` to `path`; without `overwrite`, only if `path` is still free. */
function commit(tmp: string, path: string, overwrite: boolean): void {
  if (overwrite) {
    renameSync(tmp, path);
    return;
  }
  try {
    linkSync(tmp, path);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'EEXIST') throw new OutputFileError(`${path} already exists`, 'exists', path);
    // Some file systems (FAT and exFAT drives) have no hard links: check, then rename.
    if (code !== 'EPERM' && code !== 'ENOTSUP' && code !== 'EOPNOTSUPP' && code !== 'ENOSYS') throw e;
    if (statSync(path, { throwIfNoEntry: false }) !== undefined) throw new OutputFileError(`${path} already exists`, 'exists', path);
    renameSync(tmp, path);
    return;
  }
  unlinkSync(tmp);
}

/**
 * Writes all `files` or none. Without `overwrite` an existing target is an
 * error; with it, existing regular files are replaced. Throws OutputFileError.
 */
export function writeOutputFiles(files: readonly FileToWrite[], opts: { overwrite: boolean }): void {
  for (const f of files) check(f.path, opts.overwrite);
  const temps: string[] = [];
  const created: string[] = [];
  let current = '';
  try {
    for (const f of files) {
      current = f.path;
      temps.push(writeTemporary(f.path, f.content));
    }
    files.forEach((f, i) => {
      current = f.path;
      const existed = statSync(f.path, { throwIfNoEntry: false }) !== undefined;
      commit(temps[i]!, f.path, opts.overwrite);
      if (!existed) created.push(f.path);
    });
  } catch (e) {
    // Nothing half-done stays behind. A replaced file cannot be given back, but replacing starts
    // only once every content is safely on disk, so only a rename in the same folder can fail then.
    for (const p of created) rmSync(p, { force: true });
    if (e instanceof OutputFileError) throw e;
    throw new OutputFileError(`cannot write ${current}: ${systemReason(e, 'its folder is gone')}`, 'write_failed', current);
  } finally {
    for (const t of temps) rmSync(t, { force: true });
  }
}
