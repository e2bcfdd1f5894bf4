// The CDR fast path must accept exactly the lines the general path reads
// without a finding, and give the same values: every line here goes through
// both, and wherever the fast path says yes, the general path must agree on
// id, tenant, extension and start instant; wherever the general path
// refuses, the fast path must refuse too.
import { describe, expect, it } from 'vitest';
import { isSpecCdrColumns, scanCdrLine, type CdrScan } from '../../shared/engine/dump/cdr-fast-path.js';
import { parseCopyLine } from '../../shared/engine/dump/copy-text.js';
import { DUMP_SCHEMA, typedRow, type CdrRow } from '../../shared/engine/dump/schema.js';
import { msToRfc3339, scanTimestamptz, timestamptzToUtc } from '../../shared/engine/dump/values.js';
import { dumpMs } from '../../shared/engine/crosscheck/load-dump.js';

const COLUMNS = DUMP_SCHEMA.cdr.map((c) => c.name);
const BASE = ['1017812', 'acme', '393', '2025-02-02 14:04:37.88+01', '409', 'in', '3a9d14', '3322', 'f3675f', '2173', 'answered', 'support'];

function general(line: string): { ok: true; row: CdrRow } | { ok: false } {
  const values = parseCopyLine(line.endsWith('\r') ? line.slice(0, -1) : line);
  if (!Array.isArray(values) || values.length !== COLUMNS.length) return { ok: false };
  const t = typedRow('cdr', COLUMNS, values, { file: 'data/db/natalia.sql', line: 1 });
  if (!t || 'finding' in t) return { ok: false };
  return { ok: true, row: t.row as CdrRow };
}

const withField = (i: number, v: string) => BASE.map((b, k) => (k === i ? v : b)).join('\t');

const LINES: string[] = [
  BASE.join('\t'),
  withField(11, '\\N'),
  withField(11, ''),
  withField(11, 'a\\tb'),
  withField(11, '\\\\N'),
  withField(11, '\\N\\N'),
  withField(11, 'x\\'),
  withField(5, '\\N'),
  withField(1, '\\N'),
  withField(1, ''),
  withField(1, 'acme2'),
  withField(1, 'ac\\x41me'),
  withField(0, '-5'),
  withField(0, '0'),
  withField(0, '000000000000042'),
  withField(0, '999999999999999'),
  withField(0, '9999999999999999'),
  withField(0, '9223372036854775807'),
  withField(0, '9223372036854775808'),
  withField(0, '+5'),
  withField(0, ''),
  withField(0, '1e3'),
  withField(0, '\\N'),
  withField(2, '2147483647'),
  withField(2, '2147483648'),
  withField(2, '-1'),
  withField(2, '-0'),
  withField(2, '0000000001'),
  withField(2, '00000000001'),
  withField(2, '12a'),
  withField(4, '2147483647'),
  withField(4, '4294967296'),
  withField(4, '-3'),
  withField(4, ''),
  withField(3, '2025-02-02 14:04:37+01'),
  withField(3, '2025-02-02 14:04:37.1+01'),
  withField(3, '2025-02-02 14:04:37.123456+01'),
  withField(3, '2025-02-02 14:04:37.1234567+01'),
  withField(3, '2025-02-02 14:04:37.+01'),
  withField(3, '2025-02-02 14:04:37.88+05:30'),
  withField(3, '2025-02-02 14:04:37.88-03'),
  withField(3, '1890-02-02 14:04:37.88+00:09:21'),
  withField(3, '2024-02-29 23:59:59.999+00'),
  withField(3, '2023-02-29 10:00:00+00'),
  withField(3, '2025-13-01 10:00:00+00'),
  withField(3, '2025-02-02 24:00:00+00'),
  withField(3, '2025-02-02 10:60:00+00'),
  withField(3, '2025-02-02 10:00:00+16'),
  withField(3, '2025-02-02 10:00:00+01:60'),
  withField(3, '2025-02-02 10:00:00+01:'),
  withField(3, '2025-02-02 10:00:00+1'),
  withField(3, '2025-02-02 10:00:00'),
  withField(3, '2025-02-02T10:00:00+00'),
  withField(3, '0000-01-01 00:30:00+01'),
  withField(3, '0000-01-01 00:30:00-01'),
  withField(3, '9999-12-31 23:30:00-01'),
  withField(3, '9999-12-31 23:30:00+01'),
  withField(3, 'infinity'),
  withField(3, '-infinity'),
  withField(3, '2025-02-02 14:04:37.88+01 BC'),
  withField(3, '\\N'),
  BASE.join('\t') + '\r',
  BASE.join('\t') + '\\',
  BASE.join('\t') + '\\\\',
  BASE.join('\t') + '\textra',
  BASE.slice(0, 11).join('\t'),
  BASE.join('\t').replace('answered', 'ans\\nwered'),
  BASE.join('\t').replace('answered', 'ans\rwered'),
  BASE.join('\t').replace('answered', 'é✓😀'),
  '\\.',
  '',
];

describe('CDR fast path', () => {
  it('accepts only what the general path reads without a finding, with the same values', () => {
    const scan: CdrScan = { id: 0, tenant: '', extensionId: 0, startedMs: 0 };
    let accepted = 0;
    let refusedValid = 0;
    for (const line of LINES) {
      const g = general(line);
      const fast = scanCdrLine(line, 0, line.length, scan, 'acme');
      // The same line inside a larger text (a piece of the dump) reads the same, never past its end.
      const around = `9\tx\t\\\n${line}\n\t\\N\tmore\t`;
      const inPlace: CdrScan = { id: 0, tenant: '', extensionId: 0, startedMs: 0 };
      expect(scanCdrLine(around, 6, 6 + line.length, inPlace, 'acme'), JSON.stringify(line)).toBe(fast);
      if (fast) expect(inPlace).toEqual(scan);
      if (!g.ok) {
        expect(fast, `fast path accepted a line the general path refuses: ${JSON.stringify(line)}`).toBe(false);
        continue;
      }
      if (!fast) {
        refusedValid++; // allowed: the general path then reads it
        continue;
      }
      accepted++;
      expect({ id: scan.id, tenant: scan.tenant, ext: scan.extensionId, ms: scan.startedMs }, JSON.stringify(line)).toEqual({
        id: g.row.id,
        tenant: g.row.tenant_id,
        ext: g.row.extension_id,
        ms: dumpMs(g.row.started_at),
      });
    }
    // The common shapes (pg_dump's output) do take the fast path.
    expect(accepted).toBeGreaterThanOrEqual(20);
    expect(refusedValid).toBeLessThan(20);
    expect(scanCdrLine(BASE.join('\t'), 0, BASE.join('\t').length, scan, '')).toBe(true);
    expect(scanCdrLine(withField(11, '\\N'), 0, withField(11, '\\N').length, scan, '')).toBe(true);
  });

  it('reuses the last tenant string when the text is the same', () => {
    const scan: CdrScan = { id: 0, tenant: '', extensionId: 0, startedMs: 0 };
    const last = ['ac', 'me'].join('');
    expect(scanCdrLine(BASE.join('\t'), 0, BASE.join('\t').length, scan, last)).toBe(true);
    expect(scan.tenant).toBe(last);
    expect(scanCdrLine(withField(1, 'acmf'), 0, withField(1, 'acmf').length, scan, last)).toBe(true);
    expect(scan.tenant).toBe('acmf');
  });

  it('runs only on the §5 column order', () => {
    expect(isSpecCdrColumns(COLUMNS)).toBe(true);
    expect(isSpecCdrColumns([...COLUMNS].reverse())).toBe(false);
    expect(isSpecCdrColumns([...COLUMNS, 'extra'])).toBe(false);
  });
});

describe('scanTimestamptz', () => {
  it('gives the instant timestamptzToUtc writes, or NaN where it throws', () => {
    for (const line of LINES) {
      const text = line.split('\t')[3] ?? '';
      const ms = scanTimestamptz(text, 0, text.length);
      let utc: string | null = null;
      try {
        utc = timestamptzToUtc(text);
      } catch {
        utc = null;
      }
      if (text === 'infinity' || text === '-infinity') {
        expect(ms).toBeNaN();
        expect(utc).toBe(text);
      } else if (utc === null) expect(ms, text).toBeNaN();
      else {
        expect(ms, text).toBe(Date.parse(utc));
        expect(msToRfc3339(ms)).toBe(utc);
      }
    }
  });

  it('reads a date again only when it differs from the last one, with the same results', () => {
    const texts = [
      '2025-02-02 10:00:00+01',
      '2025-02-02 25:00:00+01',
      '2025-02-02 10:00:00.5+01',
      '2025-02-02x10:00:00+01',
      '2025-02-29 10:00:00+01',
      '2025-02-02 10:00:00+16',
      '2024-02-29 23:59:59+00',
      '2024-02-29 23:59:59+00',
      '\u00002025-02-02 10:00:00+01'.slice(1),
      '2025-02-0210:00:00+01',
    ];
    for (const order of [texts, [...texts].reverse()]) {
      for (const t of order) {
        let want: number;
        try {
          want = Date.parse(timestamptzToUtc(t));
        } catch {
          want = NaN;
        }
        expect(scanTimestamptz(t, 0, t.length), t).toBe(want);
      }
    }
  });

  it('reads a field inside a longer text without looking past its end', () => {
    const t = 'x\t2025-02-02 14:04:37.88+01\ty';
    expect(scanTimestamptz(t, 2, t.length - 2)).toBe(Date.parse('2025-02-02T13:04:37.880Z'));
    const cut = 'x\t2025-02-02 14:04:37.88+0\t1';
    expect(scanTimestamptz(cut, 2, cut.length - 2)).toBeNaN();
  });
});
