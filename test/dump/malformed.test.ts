// Unreadable input gives exactly one dump.parse_error at its line, and
// reading goes on with the next row or statement.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { DumpParser, parseDumpText, readDump, readDumpBatches, type DumpItem } from '../../shared/engine/dump/read-dump.js';
import type { Finding } from '../../shared/model/findings.js';
import { minimalBag } from './sample-bags.js';

const tmp = mkdtempSync(join(tmpdir(), 'natalia-dump-bad-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

const errorsOf = (items: DumpItem[]): Finding[] => items.flatMap((i) => (i.kind === 'error' ? [i.finding] : []));
const rowsOf = (items: DumpItem[]) => items.flatMap((i) => (i.kind === 'row' ? [i] : []));

async function readFile(path: string, opts = {}): Promise<DumpItem[]> {
  const out: DumpItem[] = [];
  for await (const i of readDump(path, 'data/db/natalia.sql', opts)) out.push(i);
  return out;
}

describe('malformed COPY data', () => {
  const sample = readFileSync(join(minimalBag().root, 'data/db/natalia.sql'), 'utf8').split('\n');

  it('a CDR row with a missing field at line N: one finding at N, the other 420 CDRs read', async () => {
    const lines = [...sample];
    expect(lines[199]).toMatch(/^\d+\tacme\t/);
    lines[199] = lines[199]!.split('\t').slice(0, 11).join('\t'); // line 200 loses its last field
    const path = join(tmp, 'bad-row.sql');
    writeFileSync(path, lines.join('\n'));
    const items = await readFile(path);
    const errors = errorsOf(items);
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatchObject({ code: 'dump.parse_error', severity: 'medium', file: 'data/db/natalia.sql', line: 200 });
    expect(errors[0]!.message).toMatch(/11 fields for 12 columns/);
    expect(rowsOf(items).filter((r) => r.table === 'cdr')).toHaveLength(420);
    expect(rowsOf(items).filter((r) => r.table === 'reveals')).toHaveLength(13);
  });

  it('a row with too many fields and one with a bad byte escape: one finding each', () => {
    const items = parseDumpText(['COPY public.t (a, b) FROM stdin;', '1\t2\t3', '4\t\\xff', '5\t6', '\\.'].join('\n'));
    expect(errorsOf(items).map((e) => e.line)).toEqual([2, 3]);
    expect(rowsOf(items).map((r) => r.values)).toEqual([['5', '6']]);
  });

  it('a COPY block without its "\\." end marker: one finding, the statements after it still read', () => {
    const items = parseDumpText(
      [
        'COPY public.t (a, b) FROM stdin;',
        '1\t2',
        '',
        '',
        '--',
        '-- Data for Name: u',
        '--',
        'COPY public.u (c) FROM stdin;',
        'x',
        '\\.',
      ].join('\n'),
    );
    const errors = errorsOf(items);
    expect(errors).toHaveLength(1);
    expect(errors[0]!.line).toBe(3);
    expect(errors[0]!.message).toMatch(/no end marker/);
    expect(rowsOf(items).map((r) => [r.table, r.values])).toEqual([
      ['t', ['1', '2']],
      ['u', ['x']],
    ]);
  });

  it('a stray empty line inside a block is one finding; the rows around it read', () => {
    const items = parseDumpText(['COPY public.t (a, b) FROM stdin;', '1\t2', '', '3\t4', '\\.'].join('\n'));
    expect(errorsOf(items).map((e) => e.line)).toEqual([3]);
    expect(rowsOf(items)).toHaveLength(2);
  });

  it('a COPY block still open at the end of the file: one finding at its header', () => {
    const items = parseDumpText(['SET x = 1;', 'COPY public.t (a) FROM stdin;', 'row'].join('\n'));
    expect(errorsOf(items).map((e) => e.line)).toEqual([2]);
    expect(rowsOf(items)).toHaveLength(1);
  });

  it('a line that is not valid UTF-8: one finding, the next rows read', async () => {
    const path = join(tmp, 'utf8.sql');
    writeFileSync(
      path,
      Buffer.concat([Buffer.from('COPY public.t (a) FROM stdin;\nok\n'), Buffer.from([0x62, 0xff, 0x61, 0x64, 0x0a]), Buffer.from('\u00e9\n\\.\n')]),
    );
    const items = await readFile(path);
    expect(errorsOf(items).map((e) => e.line)).toEqual([3]);
    expect(rowsOf(items).map((r) => r.values[0])).toEqual(['ok', '\u00e9']);
  });
});

describe('malformed statements', () => {
  it('an unterminated quoted string at the end of the file: one finding at the line it opens', () => {
    const items = parseDumpText(
      [
        'CREATE TABLE public.t (a text, b integer);',
        "INSERT INTO public.t VALUES ('fine', 1);",
        '',
        "INSERT INTO public.t VALUES ('broken",
        'second line of it',
        "INSERT INTO public.t VALUES ('swallowed', 3);",
      ].join('\n'),
    );
    const errors = errorsOf(items);
    expect(errors).toHaveLength(1);
    // Quote parity makes line 6 look like the opening; the finding sits at the statement that never ends.
    expect(errors[0]).toMatchObject({ code: 'dump.parse_error', line: 4 });
    expect(errors[0]!.message).toMatch(/never closed \(the last one opened at line 6\)/);
    expect(rowsOf(items).map((r) => r.values)).toEqual([['fine', '1']]);
    const last = parseDumpText("CREATE TABLE public.t (a text, b integer);\nINSERT INTO public.t VALUES ('fine', 1);\nINSERT INTO public.t VALUES ('oops, 2);\n");
    expect(errorsOf(last).map((e) => [e.line, /quoted string is never closed\./.test(e.message)])).toEqual([[3, true]]);
    expect(rowsOf(last)).toHaveLength(1);
  });

  it('a garbage line between statements: one finding at it; a run of them: one finding with a count', () => {
    const items = parseDumpText(
      [
        'CREATE TABLE public.t (a text);',
        'this is not SQL at all',
        "INSERT INTO public.t VALUES ('a');",
        '}}}}',
        '1\t2\t3',
        '@@@',
        '',
        "INSERT INTO public.t VALUES ('b');",
      ].join('\n'),
    );
    const errors = errorsOf(items);
    expect(errors.map((e) => [e.line, e.count])).toEqual([
      [2, undefined],
      [4, 3],
    ]);
    expect(rowsOf(items).map((r) => r.values[0])).toEqual(['a', 'b']);
  });

  it('an INSERT that lost its ";": one finding at it, the next statement read', () => {
    const items = parseDumpText(
      ['CREATE TABLE public.t (a text);', "INSERT INTO public.t VALUES ('lost')", "INSERT INTO public.t VALUES ('next');"].join('\n'),
    );
    expect(errorsOf(items).map((e) => e.line)).toEqual([2]);
    expect(rowsOf(items).map((r) => r.values[0])).toEqual(['next']);
  });

  it('garbage inside VALUES: one finding at the line of the bad value, the next statement read', () => {
    const items = parseDumpText(
      [
        'CREATE TABLE public.t (a text, b integer);',
        'INSERT INTO public.t VALUES',
        "\t('ok', 1),",
        "\t('bad', now()),",
        "\t('after', 3);",
        "INSERT INTO public.t VALUES ('next', 4);",
      ].join('\n'),
    );
    const errors = errorsOf(items);
    expect(errors).toHaveLength(1);
    expect(errors[0]!.line).toBe(4);
    expect(errors[0]!.message).toMatch(/"now"/);
    expect(rowsOf(items).map((r) => r.values[0])).toEqual(['ok', 'next']);
  });

  it('a tuple with the wrong number of values: one finding at its line, the other tuples read', () => {
    const items = parseDumpText(
      [
        'INSERT INTO public.t (a, b) VALUES',
        "\t('one', 1),",
        "\t('two'),",
        "\t('three', 3);",
      ].join('\n'),
    );
    expect(errorsOf(items).map((e) => e.line)).toEqual([3]);
    expect(rowsOf(items).map((r) => [r.values[0], r.line])).toEqual([
      ['one', 2],
      ['three', 4],
    ]);
  });

  it('a statement longer than the limit is skipped with one finding, and reading resumes', () => {
    const parser = new DumpParser('data/db/natalia.sql', { maxStatementChars: 100 });
    const out: DumpItem[] = [];
    const lines = ['CREATE TABLE public.t (a text);', "INSERT INTO public.t VALUES ('never closed", ...Array(10).fill('x'.repeat(20)), "INSERT INTO public.t VALUES ('ok');"];
    lines.forEach((l, i) => parser.pushLine(l, i + 1, out));
    parser.end(out);
    const errors = errorsOf(out);
    expect(errors[0]).toMatchObject({ line: 2 });
    expect(errors[0]!.message).toMatch(/runs past 100 characters/);
    expect(rowsOf(out).map((r) => r.values[0])).toEqual(['ok']);
  });

  it('an unterminated dollar quote or comment at the end: one finding where it opens', () => {
    expect(errorsOf(parseDumpText(['SET a = 1;', 'CREATE FUNCTION f() RETURNS int AS $body$', 'SELECT 1;'].join('\n'))).map((e) => e.line)).toEqual([2]);
    expect(errorsOf(parseDumpText(['SET a = 1;', 'SELECT 1 /* open', 'still'].join('\n'))).map((e) => e.line)).toEqual([2]);
  });
});

describe('streaming', () => {
  const fixture = join(import.meta.dirname, '../fixtures/dumps/rows-per-insert-3.sql');

  it('gives the same items whatever the read chunk size (chunk edges inside lines and UTF-8 characters)', async () => {
    const whole = await readFile(fixture);
    for (const chunkBytes of [2, 7, 64]) expect(await readFile(fixture, { chunkBytes })).toEqual(whole);
  });

  it('never holds a line longer than the limit: one finding, the next rows read; a BOM is dropped', async () => {
    const path = join(tmp, 'long.sql');
    writeFileSync(path, ['\ufeffCOPY public.t (a) FROM stdin;', 'short', 'x'.repeat(5000), 'after', '\\.', ''].join('\n'));
    for (const chunkBytes of [16, 4096]) {
      const items = await readFile(path, { maxLineBytes: 1000, chunkBytes });
      expect(errorsOf(items).map((e) => [e.line, /too long/.test(e.message)])).toEqual([[3, true]]);
      expect(rowsOf(items).map((r) => [r.values[0], r.line])).toEqual([
        ['short', 2],
        ['after', 4],
      ]);
    }
  });

  it('reports progress and stops when aborted', async () => {
    const progress: number[] = [];
    const all: DumpItem[] = [];
    for await (const b of readDumpBatches(fixture, 'data/db/natalia.sql', { chunkBytes: 512, onProgress: (p) => progress.push(p.bytesRead) })) all.push(...b);
    expect(progress.length).toBeGreaterThan(5);
    expect(progress.at(-1)).toBe(readFileSync(fixture).length);
    const ac = new AbortController();
    const seen: DumpItem[] = [];
    await expect(
      (async () => {
        for await (const item of readDump(fixture, 'data/db/natalia.sql', { signal: ac.signal, chunkBytes: 512 })) {
          seen.push(item);
          ac.abort();
        }
      })(),
    ).rejects.toThrow(/abort/i);
    expect(seen.length).toBeLessThan(all.length);
  });
});
