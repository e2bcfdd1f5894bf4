// Files the user names are read only when they are regular files within
// their limit: a named pipe would block the reader for ever, a device or a
// huge file would fill memory. Each is refused before a byte is read.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { InputFileError, readInputFileSync } from '../../shared/engine/input-file.js';

const dir = mkdtempSync(join(tmpdir(), 'natalia-input-file-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const LIMITS = { what: 'answer library', maxBytes: 1024 };

function refusal(path: string): InputFileError {
  try {
    readInputFileSync(path, LIMITS);
  } catch (e) {
    expect(e).toBeInstanceOf(InputFileError);
    return e as InputFileError;
  }
  throw new Error(`${path} was read`);
}

describe('readInputFileSync', () => {
  it('reads a regular file whole, up to its limit included', () => {
    const p = join(dir, 'ok.json');
    writeFileSync(p, 'x'.repeat(1024));
    expect(readInputFileSync(p, LIMITS).toString()).toBe('x'.repeat(1024));
    const empty = join(dir, 'empty.json');
    writeFileSync(empty, '');
    expect(readInputFileSync(empty, LIMITS).length).toBe(0);
  });

  it('refuses a file over its limit without reading it', () => {
    const p = join(dir, 'big.json');
    writeFileSync(p, 'x'.repeat(1025));
    expect(refusal(p).message).toBe(`the answer library ${p} is 1025 bytes, more than the 1 KB such a file can hold; it was not read`);
  });

  it('refuses a named pipe at once, though nobody writes to it', () => {
    const p = join(dir, 'pipe');
    execFileSync('mkfifo', [p]);
    expect(refusal(p).message).toBe(`cannot read the answer library ${p}: it is a named pipe, not a file`);
  });

  it('refuses a device, a folder, and says when there is no such file', () => {
    expect(refusal('/dev/zero').message).toBe('cannot read the answer library /dev/zero: it is a device, not a file');
    expect(refusal(dir).message).toBe(`cannot read the answer library ${dir}: it is a folder, not a file`);
    const missing = refusal(join(dir, 'nope.json'));
    expect(missing.message).toBe(`cannot read the answer library ${join(dir, 'nope.json')}: no such file`);
    expect(missing.code).toBe('ENOENT');
  });
});
