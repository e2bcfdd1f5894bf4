// COPY and INSERT forms of the same data must give the same rows. The
// fixtures are real pg_dump 15 output of one database with hostile values
// (test/fixtures/dumps/README.md), dumped in six forms and time zones.
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseDumpText, readDump, type DumpItem } from '../../shared/engine/dump/read-dump.js';
import { typedRow, type CdrRow, type RevealRow, type UserRow } from '../../shared/engine/dump/schema.js';

const DUMPS = join(import.meta.dirname, '../fixtures/dumps');
const FORMS = ['copy', 'inserts', 'column-inserts', 'rows-per-insert-3', 'copy-kolkata', 'inserts-sao-paulo'];

interface Dump {
  raw: Record<string, Record<string, string | null>[]>;
  typed: Record<string, unknown[]>;
  items: DumpItem[];
}

async function load(name: string): Promise<Dump> {
  const d: Dump = { raw: {}, typed: {}, items: [] };
  for await (const item of readDump(join(DUMPS, `${name}.sql`))) {
    d.items.push(item);
    if (item.kind !== 'row') continue;
    (d.raw[item.table] ??= []).push(Object.fromEntries(item.columns.map((c, i) => [c, item.values[i]!])));
    const t = typedRow(item.table, item.columns, item.values);
    if (t === null) continue;
    if ('finding' in t) throw new Error(t.finding.message);
    (d.typed[item.table] ??= []).push(t.row);
  }
  return d;
}

describe('dump forms of the same database', async () => {
  const dumps = Object.fromEntries(await Promise.all(FORMS.map(async (f) => [f, await load(f)] as const)));
  const copy = dumps.copy!;

  it.each(FORMS)('%s gives the same typed rows as COPY', (form) => {
    expect(dumps[form]!.typed).toEqual(copy.typed);
    expect(Object.keys(copy.typed).sort()).toEqual(['cdr', 'erasures', 'extensions', 'license_state', 'reveals', 'tenants', 'users']);
  });

  it.each(['inserts', 'column-inserts', 'rows-per-insert-3'])('%s gives the same raw COPY-text values (all types)', (form) => {
    expect(dumps[form]!.raw).toEqual(copy.raw);
  });

  it('skips schema "other" with a single info finding, and reads quoted names', () => {
    for (const form of FORMS) {
      const errors = dumps[form]!.items.filter((i) => i.kind === 'error');
      expect(errors).toHaveLength(1);
      expect(errors[0]).toMatchObject({ finding: { code: 'dump.other_schema', severity: 'info', details: { schema: 'other' } } });
      expect(dumps[form]!.raw['Odd Table']).toEqual([
        { select: '1', 'Mixed Case': 'Mixed', 'semi;colon': 'a;b' },
        { select: '2', 'Mixed Case': null, 'semi;colon': '' },
      ]);
      expect(dumps[form]!.raw.secrets).toBeUndefined();
    }
  });

  it('keeps hostile text exactly: escapes, NULL vs empty, SQL-looking lines inside values', () => {
    const cdr = copy.typed.cdr as CdrRow[];
    expect(cdr.map((c) => c.queue)).toEqual([null, '', 'tab\there', '\\N', '\\.', '\b\f\v\r\n\r\n']);
    const motives = (copy.typed.reveals as RevealRow[]).map((r) => r.motive);
    expect(motives).toEqual([
      'line one\nline two\n\\.\nINSERT INTO public.cdr VALUES (1);\nCOPY public.cdr (id) FROM stdin;\n-- not a comment',
      'Quality review, "missed callback" complaint; it\'s urgent -- really /* not */ $$dollar$$',
      'R\u00e9clamation n\u00b0 3752 \u2014 v\u00e9rification \u{1F4DE} \u202Eevil\u202C \u2028sep\u00a0nbsp \u200b',
      '   ',
      'trailing backslash \\',
      '\x01ctrl\x7f',
      '',
    ]);
    expect(copy.raw.nasty![0]).toEqual({
      id: '1',
      t: 'a\tb\nc\\d\'e"f',
      n: '-1.50',
      f: '1e+20',
      b: 't',
      ts: '2026-02-16 10:15:16.154+01',
      big: '-9223372036854775808',
      arr: '{x,"y z",NULL,"q\\"q"}',
    });
    expect(copy.raw.tenants![1]!.name).toBe('Globex \u00e9 \u{1F4DE}\ttab');
    // INSERTs inside BEGIN ATOMIC function bodies are not data
    for (const form of FORMS) expect(dumps[form]!.raw.tenants!.map((t) => t.id)).toEqual(['acme', 'globex']);
  });

  it('converts offsets (+01, +02, +05:30, -03, LMT +00:09:21), keeps ms, truncates µs, keeps infinity', () => {
    const cdr = copy.typed.cdr as CdrRow[];
    expect(cdr.map((c) => [c.id, c.started_at])).toEqual([
      [1000000, '2026-02-16T09:15:16.154Z'],
      [1000001, '2026-02-16T13:49:42.000Z'],
      [1000002, '2026-03-29T01:30:00.100Z'],
      ['9007199254740993', '2026-10-25T01:30:00.000Z'], // bigint past 2^53 kept as text
      [-5, '2026-02-16T09:15:16.999Z'], // .999999 truncated
      [1000005, '2026-02-16T09:15:16.154Z'],
    ]);
    const users = copy.typed.users as UserRow[];
    expect(users.map((u) => [u.created_at, u.disabled_at])).toEqual([
      ['2026-02-16T00:00:00.000Z', null],
      ['2026-02-16T00:00:00.123Z', '2026-02-20T11:00:00.000Z'],
      ['1899-12-31T23:50:39.000Z', 'infinity'],
    ]);
    // The raw text differs by time zone; the instants do not.
    expect(dumps['copy-kolkata']!.raw.users![2]!.created_at).toBe('1900-01-01 05:11:49+05:21:10');
    expect(dumps['inserts-sao-paulo']!.raw.users![0]!.created_at).toBe('2026-02-15 21:00:00-03');
  });

  it('reports the line where each row of a multi-row INSERT starts', () => {
    const rows = dumps['rows-per-insert-3']!.items.filter((i): i is Extract<DumpItem, { kind: 'row' }> => i.kind === 'row' && i.table === 'reveals');
    const lines = rows.map((r) => r.line);
    // RV-1 spans 6 lines; RV-2 starts right after it; RV-4 opens the next statement's tuples.
    expect(lines[1]! - lines[0]!).toBe(6);
    expect(lines[2]! - lines[1]!).toBe(1);
    expect(lines[3]! - lines[2]!).toBe(2);
  });
});

describe('forms pg_dump can write that the fixtures do not hold', () => {
  const rows = (items: DumpItem[]) => items.filter((i) => i.kind === 'row').map((i) => (i as { values: unknown }).values);
  const errors = (items: DumpItem[]) => items.filter((i) => i.kind === 'error');

  it('decodes every COPY escape: \\b \\f \\n \\r \\t \\v \\\\, octal and hex bytes, other chars as themselves', () => {
    const items = parseDumpText(
      [
        'COPY public.t (a, b) FROM stdin;',
        '\\b\\f\\n\\r\\t\\v\\\\\t\\N',
        '\\303\\251t\\xc3\\xa9\t\\101\\x41\\x4\\q\\.\\N\\x',
        'caf\\303\\251 \\360\\237\\223\\236\t\\\\N',
        'tab\\\tinside\tx',
        '\\.',
      ].join('\n'),
    );
    expect(errors(items)).toEqual([]);
    expect(rows(items)).toEqual([
      ['\b\f\n\r\t\v\\', null],
      ['\u00e9t\u00e9', 'AA\x04q.Nx'],
      ['caf\u00e9 \u{1F4DE}', '\\N'],
      ['tab\tinside', 'x'],
    ]);
  });

  it('refuses byte escapes that are not UTF-8 or NUL, one finding each, and reads on', () => {
    const items = parseDumpText(['COPY public.t (a) FROM stdin;', 'ok', '\\377', 'nul\\000', 'fine', '\\.'].join('\n'));
    expect(rows(items)).toEqual([['ok'], ['fine']]);
    expect(errors(items).map((e) => (e as { finding: { line: number } }).finding.line)).toEqual([3, 4]);
  });

  it('joins a COPY row whose newline is escaped by a backslash, and accepts CRLF line ends', () => {
    const items = parseDumpText(['COPY public.t (a, b) FROM stdin;\r', 'first\\', 'second\tx\r', 'y\tz\r', '\\.\r', ''].join('\n'));
    expect(errors(items)).toEqual([]);
    const r = items.filter((i) => i.kind === 'row') as Extract<DumpItem, { kind: 'row' }>[];
    expect(r.map((x) => [x.values, x.line])).toEqual([
      [['first\nsecond', 'x'], 2],
      [['y', 'z'], 4],
    ]);
  });

  it("reads E'...' strings, '' doubling, OVERRIDING SYSTEM VALUE, ON CONFLICT DO NOTHING, several statements on a line", () => {
    const items = parseDumpText(
      [
        'CREATE TABLE public.t (a text, b text);',
        'SET standard_conforming_strings = off;',
        "INSERT INTO public.t (a, b) OVERRIDING SYSTEM VALUE VALUES (E'it\\'s \\x41\\101\\u00e9\\U0001F4DE\\n', 'x''y');",
        "INSERT INTO public.t VALUES (e'a''b\\\\', NULL) ON CONFLICT DO NOTHING; INSERT INTO public.t VALUES (-1.5e-3, true);",
        'INSERT INTO "public"."t" ("a", "b") VALUES (+7, FALSE);',
      ].join('\n'),
    );
    expect(errors(items)).toEqual([]);
    expect(rows(items)).toEqual([
      ["it's AA\u00e9\u{1F4DE}\n", "x'y"],
      ["a'b\\", null],
      ['-1.5e-3', 't'],
      ['7', 'f'],
    ]);
    expect(items.map((i) => (i.kind === 'row' ? i.line : 0))).toEqual([0, 3, 4, 4, 5]);
  });

  it("reads '...' with backslash escapes after SET standard_conforming_strings = off, and as written when on", () => {
    const items = parseDumpText(
      [
        'CREATE TABLE public.t (a text);',
        "INSERT INTO public.t VALUES ('on: a\\nb');",
        "SET standard_conforming_strings = 'off';",
        "INSERT INTO public.t VALUES ('off: it\\'s\\n;');",
        'SET standard_conforming_strings = on;',
        "INSERT INTO public.t VALUES ('on: \\');",
      ].join('\n'),
    );
    expect(errors(items)).toEqual([]);
    expect(rows(items)).toEqual([['on: a\\nb'], ["off: it's\n;"], ['on: \\']]);
  });

  it('gives rows of an INSERT without column list the CREATE TABLE columns, else the §5 ones', () => {
    const items = parseDumpText(
      [
        'CREATE TABLE public.t (',
        '    a numeric(10,2) DEFAULT 0 NOT NULL,',
        '    "B" character varying(20) COLLATE pg_catalog."C",',
        '    CONSTRAINT t_check CHECK ((a > (0)::numeric))',
        ');',
        "INSERT INTO public.t VALUES (1.00, 'x');",
        "INSERT INTO public.tenants VALUES ('acme', 'Acme', 13, '2026-01-17 01:00:00+01');",
        "INSERT INTO public.unknown VALUES ('?');",
      ].join('\n'),
    );
    expect(items[0]).toEqual({
      kind: 'table',
      table: 't',
      columns: [
        { name: 'a', type: 'numeric(10,2)' },
        { name: 'B', type: 'character varying(20)' },
      ],
      line: 1,
    });
    expect(items[1]).toMatchObject({ kind: 'row', table: 't', columns: ['a', 'B'], values: ['1.00', 'x'], line: 6 });
    expect(items[2]).toMatchObject({ kind: 'row', table: 'tenants', columns: ['id', 'name', 'retention_months', 'created_at'] });
    expect(items[3]).toMatchObject({ kind: 'error', finding: { code: 'dump.parse_error', line: 8 } });
  });
});
