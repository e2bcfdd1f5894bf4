// The two readers: strict shapes, located problems, and reading that goes on
// after a bad record.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { readAuditCsv } from '../../shared/engine/audit/csv-reader.js';
import { readAuditJsonl } from '../../shared/engine/audit/jsonl-reader.js';
import type { ReadItem } from '../../shared/engine/audit/read-item.js';
import { AUDIT_FIELDS } from '../../shared/model/audit-entry.js';
import { cleanup, CSV, JSONL, MINIMAL_BAG, tempDir } from './helpers.js';

let dir = '';
afterEach(() => {
  if (dir) cleanup(dir);
  dir = '';
});

async function collect(it: AsyncIterable<ReadItem>): Promise<ReadItem[]> {
  const out: ReadItem[] = [];
  for await (const x of it) out.push(x);
  return out;
}

function write(name: string, text: string): string {
  dir ||= tempDir();
  const p = join(dir, name);
  writeFileSync(p, text);
  return p;
}

const csvText = readFileSync(join(MINIMAL_BAG, CSV), 'utf8');
const csvLines = csvText.split('\r\n');
const jsonlLines = readFileSync(join(MINIMAL_BAG, JSONL), 'utf8').split('\n');

describe('readAuditCsv', () => {
  it('reads the minimal sample: 130 entries, seq N on line N+1, details parsed', async () => {
    const items = await collect(readAuditCsv(join(MINIMAL_BAG, CSV)));
    expect(items.length).toBe(130);
    items.forEach((it, i) => {
      if (!('entry' in it)) throw new Error(it.error.message);
      expect(it.entry.seq).toBe(i + 1);
      expect(it.line).toBe(i + 2);
    });
    const first = items[0] as { entry: { details: unknown } };
    expect(first.entry.details).toEqual({ key: 'installation.id', new: 'NAT-EC94-0782', old: '' });
  });

  it('refuses a header that is not exactly the 17 fields in order, once, at line 1, and stops', async () => {
    const swapped = [...AUDIT_FIELDS];
    [swapped[1], swapped[2]] = [swapped[2]!, swapped[1]!];
    const items = await collect(readAuditCsv(write('a.csv', [swapped.join(','), ...csvLines.slice(1)].join('\r\n')), CSV));
    expect(items.length).toBe(1);
    expect(items[0]).toMatchObject({ line: 1, error: { code: 'audit.malformed_entry', file: CSV, line: 1, severity: 'high' } });
    const empty = await collect(readAuditCsv(write('b.csv', ''), CSV));
    expect(empty.map((i) => 'error' in i && i.error.message)).toEqual(['The file is empty: it has no header line.']);
  });

  it('reports a byte order mark as a low deviation and reads on', async () => {
    const items = await collect(readAuditCsv(write('c.csv', '\ufeff' + csvText), CSV));
    expect(items[0]).toMatchObject({ notice: true, error: { code: 'audit.malformed_entry', severity: 'low', line: 1 } });
    expect(items.filter((i) => 'entry' in i).length).toBe(130);
  });

  it('refuses seq with sign, leading zero or fraction, details that are not an object, and wrong cell counts', async () => {
    const row = (i: number, f: (cells: string[]) => string) => {
      const line = csvLines[i]!;
      const cells = line.split(',');
      return f(cells);
    };
    const bad = [
      row(1, (c) => ['+1', ...c.slice(1)].join(',')),
      row(2, (c) => ['02', ...c.slice(1)].join(',')),
      row(3, (c) => ['3.0', ...c.slice(1)].join(',')),
      csvLines[4]!.replace(/"\{.*\}"/, '"[1,2]"'),
      csvLines[5]!.replace(/"\{.*\}"/, '"{""a"":"'),
      csvLines[6]!.slice(0, csvLines[6]!.lastIndexOf(',')),
    ];
    const items = await collect(readAuditCsv(write('d.csv', [csvLines[0], ...bad, csvLines[7]].join('\r\n') + '\r\n'), CSV));
    const msgs = items.map((i) => ('error' in i ? [i.line, i.error.seq, i.error.message] : [i.line, i.entry.seq]));
    expect(msgs[0]![0]).toBe(2);
    expect(msgs[0]![2]).toMatch(/seq "\+1" is not a decimal integer/);
    expect(msgs[1]![2]).toMatch(/seq "02"/);
    expect(msgs[2]![2]).toMatch(/seq "3.0"/);
    expect(msgs[3]).toEqual([5, 4, 'Record cannot be read: details is not a JSON object.']);
    expect(msgs[4]![2]).toMatch(/details is not valid JSON/);
    expect(msgs[5]).toEqual([7, 6, 'Record cannot be read: record has 16 cells, expected 17.']);
    expect(msgs[6]).toEqual([8, 7]);
  });
});

describe('readAuditJsonl', () => {
  it('reads the minimal sample: 130 entries on lines 1 to 130', async () => {
    const items = await collect(readAuditJsonl(join(MINIMAL_BAG, JSONL)));
    expect(items.map((i) => ('entry' in i ? i.line : -1))).toEqual(Array.from({ length: 130 }, (_, i) => i + 1));
  });

  it('requires exactly the 17 members with strict types, and reads on after a bad line', async () => {
    const e = JSON.parse(jsonlLines[0]!);
    const variants = [
      JSON.stringify({ ...e, extra: 1 }),
      JSON.stringify({ ...e, kid: undefined }),
      JSON.stringify({ ...e, seq: '1' }),
      JSON.stringify({ ...e, seq: 1.5 }),
      JSON.stringify({ ...e, details: [] }),
      JSON.stringify({ ...e, motive: null }),
      '{"seq":7,',
      '',
      jsonlLines[1]!,
    ];
    const items = await collect(readAuditJsonl(write('a.jsonl', variants.join('\n') + '\n'), JSONL));
    const got = items.map((i) => ('error' in i ? [i.line, i.error.seq, i.error.message] : [i.line, 'ok']));
    expect(got[0]![2]).toMatch(/unexpected "extra"/);
    expect(got[0]![1]).toBe(1);
    expect(got[1]![2]).toMatch(/missing kid/);
    expect(got[2]![2]).toMatch(/seq is not an integer/);
    expect(got[3]![2]).toMatch(/seq is not an integer/);
    expect(got[4]![2]).toMatch(/details is not a JSON object/);
    expect(got[5]![2]).toMatch(/motive is not a string/);
    expect(got[6]![0]).toBe(7);
    expect(got[6]![2]).toMatch(/not valid JSON/);
    expect(got[7]).toEqual([8, undefined, 'Empty line where an entry was expected.']);
    expect(got[8]).toEqual([9, 'ok']);
  });
});
