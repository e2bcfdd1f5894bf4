// Files that belong together are written all or none, never into a pipe, a
// device or a folder, never over an existing file unless asked, and never
// leave a temporary file behind.
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { OutputFileError, writeOutputFiles } from '../../shared/engine/output-files.js';

const root = mkdtempSync(join(tmpdir(), 'natalia-output-files-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));
let n = 0;
const fresh = () => {
  const d = join(root, `d${n++}`);
  mkdirSync(d);
  return d;
};

function refusal(fn: () => void): OutputFileError {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(OutputFileError);
    return e as OutputFileError;
  }
  throw new Error('written');
}

describe('writeOutputFiles', () => {
  it('writes every file with its content, and nothing else in the folder', () => {
    const d = fresh();
    writeOutputFiles(
      [
        { path: join(d, 'r.pdf'), content: Buffer.from('%PDF') },
        { path: join(d, 'r.pdf.sig.json'), content: '{"sig":1}' },
      ],
      { overwrite: false },
    );
    expect(readdirSync(d).sort()).toEqual(['r.pdf', 'r.pdf.sig.json']);
    expect(readFileSync(join(d, 'r.pdf.sig.json'), 'utf8')).toBe('{"sig":1}');
  });

  it('writes none when one target exists, and replaces them all when asked', () => {
    const d = fresh();
    writeFileSync(join(d, 'r.pdf.sig.json'), 'old');
    const e = refusal(() =>
      writeOutputFiles(
        [
          { path: join(d, 'r.pdf'), content: 'new' },
          { path: join(d, 'r.pdf.sig.json'), content: 'new' },
        ],
        { overwrite: false },
      ),
    );
    expect([e.problem, e.message]).toEqual(['exists', `${join(d, 'r.pdf.sig.json')} already exists`]);
    // No report without its signature: the first file was not written either.
    expect(readdirSync(d)).toEqual(['r.pdf.sig.json']);
    writeOutputFiles(
      [
        { path: join(d, 'r.pdf'), content: 'new' },
        { path: join(d, 'r.pdf.sig.json'), content: 'new' },
      ],
      { overwrite: true },
    );
    expect(readFileSync(join(d, 'r.pdf.sig.json'), 'utf8')).toBe('new');
    expect(readdirSync(d).sort()).toEqual(['r.pdf', 'r.pdf.sig.json']);
  });

  it('refuses a named pipe, a device and a folder as a target, even to replace it, before writing anything', () => {
    const d = fresh();
    execFileSync('mkfifo', [join(d, 'pipe.json')]);
    mkdirSync(join(d, 'folder.json'));
    for (const [target, kind] of [
      [join(d, 'pipe.json'), 'a named pipe'],
      ['/dev/null', 'a device'],
      [join(d, 'folder.json'), 'a folder'],
    ] as const) {
      const e = refusal(() => writeOutputFiles([{ path: join(d, 'first.pdf'), content: 'x' }, { path: target, content: 'x' }], { overwrite: true }));
      expect([e.problem, e.message]).toEqual(['not_a_file', `cannot write ${target}: it is ${kind}, not a file`]);
    }
    expect(readdirSync(d).sort()).toEqual(['folder.json', 'pipe.json']);
  });

  it('says when the folder does not exist', () => {
    const target = join(root, 'no', 'such', 'r.pdf');
    const e = refusal(() => writeOutputFiles([{ path: target, content: 'x' }], { overwrite: false }));
    expect([e.problem, e.message]).toEqual(['no_folder', `cannot write ${target}: the folder ${join(root, 'no', 'such')} does not exist`]);
  });

  it('removes what it wrote when a later file cannot be written, and leaves no temporary file', () => {
    const d = fresh();
    // The second file's folder disappears between the checks and the writes (permissions do not stop root).
    const gone = join(d, 'gone');
    mkdirSync(gone);
    const files = [
      { path: join(d, 'r.pdf'), content: 'x' },
      {
        path: join(gone, 'r.csv'),
        get content() {
          rmSync(gone, { recursive: true });
          return 'y';
        },
      },
    ];
    const e = refusal(() => writeOutputFiles(files, { overwrite: false }));
    expect(e.problem).toBe('write_failed');
    expect(e.message).toBe(`cannot write ${join(gone, 'r.csv')}: its folder is gone`);
    expect(readdirSync(d)).toEqual([]);
  });

  it('takes back the files already in place when a later name was taken meanwhile', () => {
    const d = fresh();
    const late = join(d, 'r.pdf.sig.json');
    const files = [
      { path: join(d, 'r.pdf'), content: 'report' },
      {
        path: late,
        // Another program takes the name after the checks, while the contents are written.
        get content() {
          writeFileSync(late, 'theirs');
          return 'ours';
        },
      },
    ];
    const e = refusal(() => writeOutputFiles(files, { overwrite: false }));
    expect([e.problem, e.message]).toEqual(['exists', `${late} already exists`]);
    expect(readdirSync(d)).toEqual(['r.pdf.sig.json']);
    expect(readFileSync(late, 'utf8')).toBe('theirs');
  });
});
