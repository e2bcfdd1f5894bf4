// The --out of a report command: a file name with the report's extension. A
// folder or another extension is said plainly, with what is expected, instead
// of "--out FILE.x is required" when --out was given.
import { statSync } from 'node:fs';
import { basename, extname, join } from 'node:path';
import { UsageError } from './cli-error.js';

export interface OutSpec {
  /** The report's extension, with its dot: `.xlsx`, `.pdf`. */
  ext: string;
  /** What the file is, for the message: `the workbook`, `the PDF report`. */
  what: string;
  /** What is written next to it, for the message: `the CSV (same name, .csv)`. */
  companion: string;
  /** A file name to suggest, without extension: `caiq`. */
  example: string;
}

/** The --out path when it names a file with the right extension; otherwise a UsageError saying what is wrong and what is expected. */
export function checkOutFile(out: string | undefined, spec: OutSpec, usage: string): string {
  const expected = `--out names ${spec.what}, a file ending in ${spec.ext}; ${spec.companion} is written next to it`;
  if (out === undefined || out.trim() === '') throw new UsageError(`${out === undefined ? '--out is required' : '--out is empty'}: ${expected}. Usage: ${usage}`);
  let isFolder = /[\\/]$/.test(out) || out === '.' || out === '..';
  if (!isFolder) {
    try {
      isFolder = statSync(out).isDirectory();
    } catch {
      isFolder = false;
    }
  }
  if (isFolder) throw new UsageError(`--out ${out} is a folder: ${expected}, e.g. --out ${join(out, spec.example + spec.ext)}`);
  const ext = extname(out);
  if (ext.toLowerCase() !== spec.ext) {
    const stem = ext ? out.slice(0, -ext.length) : out;
    const got = ext ? `ends in ${ext}` : 'has no extension';
    throw new UsageError(`--out ${out} ${got}: ${expected}, e.g. --out ${basename(stem) === '' ? spec.example : stem}${spec.ext}`);
  }
  return out;
}
