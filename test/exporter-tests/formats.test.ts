// The exporter's text formats in isolation: PostgreSQL timestamptz in Paris
// time across both DST switches, COPY and SQL escaping, CSV quoting and the
// record reader's line numbers, and the dump's skeleton against the samples'
// real pg_dump output.
import { readFileSync, writeFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { execFileSync } from 'node:child_process';
import { afterAll, describe, expect, it } from 'vitest';
import { copyEscape, sqlQuote } from '../exporter/pg-dump.js';
import { addMonths, pgTimestamptz } from '../exporter/time.js';
import { csvCell, csvRow, readCsvRecords } from '../exporter/csv.js';
import { exportBundle } from '../exporter/export-bundle.js';
import { parisWallClock, parseCsv, tempDir } from './helpers.js';

const SAMPLES = join(import.meta.dirname, '../fixtures/samples');
const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

describe('timestamptz in Europe/Paris (spec §5)', () => {
  it('switches to +02 at 01:00 UTC on the last Sunday of March and back at 01:00 UTC on the last Sunday of October', () => {
    expect(pgTimestamptz(Date.parse('2026-03-29T00:59:59.999Z'))).toBe('2026-03-29 01:59:59.999+01');
    expect(pgTimestamptz(Date.parse('2026-03-29T01:00:00.000Z'))).toBe('2026-03-29 03:00:00+02');
    expect(pgTimestamptz(Date.parse('2025-10-26T00:59:59.500Z'))).toBe('2025-10-26 02:59:59.5+02');
    expect(pgTimestamptz(Date.parse('2025-10-26T01:00:00.000Z'))).toBe('2025-10-26 02:00:00+01');
    expect(pgTimestamptz(Date.parse('2026-03-02T09:14:07.512Z'))).toBe('2026-03-02 10:14:07.512+01');
    expect(pgTimestamptz(Date.parse('2025-07-01T12:00:00.350Z'))).toBe('2025-07-01 14:00:00.35+02');
  });

  it('agrees with ICU every 97 minutes over two years', () => {
    for (let t = Date.parse('2024-01-01T00:00:00Z'); t < Date.parse('2026-01-01T00:00:00Z'); t += 97 * 60_000) {
      expect(pgTimestamptz(t).slice(0, 19)).toBe(parisWallClock(t));
    }
  });

  it('counts calendar months back with the day clamped', () => {
    expect(new Date(addMonths(Date.parse('2026-03-31T02:00:00.000Z'), -1)).toISOString()).toBe('2026-02-28T02:00:00.000Z');
    expect(new Date(addMonths(Date.parse('2026-03-02T09:14:07.512Z'), -13)).toISOString()).toBe('2025-02-02T09:14:07.512Z');
  });
});

describe('escaping', () => {
  it('escapes COPY text fields like PostgreSQL and quotes SQL literals with standard_conforming_strings', () => {
    expect(copyEscape('a\tb\nc\\d\re')).toBe('a\\tb\\nc\\\\d\\re');
    expect(copyEscape('Réclamation — ok 📞')).toBe('Réclamation — ok 📞');
    expect(sqlQuote("it's C:\\path\nnext")).toBe("'it''s C:\\path\nnext'");
  });

  it('quotes CSV cells holding commas, quotes, line breaks or a leading =, and reads records back with their first line', async () => {
    expect(csvCell('plain')).toBe('plain');
    expect(csvCell('a,b')).toBe('"a,b"');
    expect(csvCell('say "hi"')).toBe('"say ""hi"""');
    expect(csvCell('=1+2')).toBe('"=1+2"');
    expect(csvCell('+33 1')).toBe('+33 1');
    const rows = [['h1', 'h2'], ['a', 'two\nlines'], ['=SUM(A1)', 'x,"y"'], ['', 'last']];
    const text = rows.map(csvRow).join('');
    expect(parseCsv(text)).toEqual(rows);
    const dir = tempDir();
    dirs.push(dir);
    const p = join(dir, 'x.csv');
    writeFileSync(p, text);
    const got = [];
    for await (const r of readCsvRecords(p)) got.push([r.line, r.cells]);
    expect(got).toEqual([[1, rows[0]], [2, rows[1]], [4, rows[2]], [5, rows[3]]]);
  });
});

/** A dump without its data rows, and the \restrict key blanked: the pg_dump skeleton. */
function skeleton(sql: string): string {
  const out: string[] = [];
  let copy = false;
  for (const line of sql.split('\n')) {
    if (copy) {
      if (line === '\\.') copy = false;
      else continue;
    }
    if (line.startsWith('COPY ')) copy = true;
    if (line.startsWith('INSERT INTO ') || line.startsWith('Second line')) continue;
    out.push(line.replace(/restrict \S+$/, 'restrict KEY'));
  }
  return out.join('\n');
}

describe('the dump skeleton against real pg_dump 15 output (the samples)', () => {
  it('matches the COPY sample line for line outside the data', async () => {
    const dir = tempDir();
    dirs.push(dir);
    const r = await exportBundle({ outDir: dir, seed: 'skeleton', entries: 120 });
    const ours = readFileSync(join(r.bagDir, 'data/db/natalia.sql'), 'utf8');
    const sample = readFileSync(join(SAMPLES, 'minimal/natalia-evidence-NAT-EC94-0782-20260302T091407Z/data/db/natalia.sql'), 'utf8');
    expect(skeleton(ours)).toBe(skeleton(sample));
  });

  it('matches the --column-inserts sample line for line outside the data', async () => {
    const dir = tempDir();
    dirs.push(dir);
    const r = await exportBundle({ outDir: dir, seed: 'skeleton', entries: 120, dump: 'column-inserts' });
    const ours = readFileSync(join(r.bagDir, 'data/db/natalia.sql'), 'utf8');
    const archive = join(SAMPLES, 'inserts/natalia-evidence-NAT-0DF2-67CD-20260302T091407Z.tar.gz');
    const sample = execFileSync('tar', ['xzOf', archive, 'natalia-evidence-NAT-0DF2-67CD-20260302T091407Z/data/db/natalia.sql'], {
      maxBuffer: 1 << 26,
    }).toString('utf8');
    expect(skeleton(ours)).toBe(skeleton(sample));
    expect(ours).toMatch(/^INSERT INTO public\.cdr \(id, tenant_id, .*\) VALUES \(1000\d{3}, 'acme', \d+, '20\d\d-\d\d-\d\d [0-9:.]+\+0[12]', /m);
  });

  it('writes plain INSERT statements for --inserts', async () => {
    const dir = tempDir();
    dirs.push(dir);
    const r = await exportBundle({ outDir: dir, seed: 'skeleton', entries: 120, dump: 'inserts' });
    const ours = readFileSync(join(r.bagDir, 'data/db/natalia.sql'), 'utf8');
    expect(ours).toMatch(/^INSERT INTO public\.tenants VALUES \('acme', 'Acme Contact SAS', 13, '[^']+'\);$/m);
    expect(ours).not.toContain('COPY public.');
  });
});
