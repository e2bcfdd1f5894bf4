// The reference samples' dumps (real pg_dump 15 output): every row read and
// typed, none refused, counts as the samples' README and the files say.
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readDump, type DumpItem } from '../../shared/engine/dump/read-dump.js';
import { typedRow, type DumpRows, type TypedRow } from '../../shared/engine/dump/schema.js';
import { fullBag, insertsBag, minimalBag, type SampleBag } from './sample-bags.js';

interface Read {
  counts: Record<string, number>;
  errors: DumpItem[];
  tables: string[];
  typed: TypedRow[];
  lines: Map<string, number>;
}

async function readAll(bag: SampleBag): Promise<Read> {
  const r: Read = { counts: {}, errors: [], tables: [], typed: [], lines: new Map() };
  for await (const item of readDump(join(bag.root, 'data/db/natalia.sql'))) {
    if (item.kind === 'error') r.errors.push(item);
    else if (item.kind === 'table') r.tables.push(item.table);
    else {
      r.counts[item.table] = (r.counts[item.table] ?? 0) + 1;
      const t = typedRow(item.table, item.columns, item.values, { file: 'data/db/natalia.sql', line: item.line });
      if (!t || 'finding' in t) throw new Error(`row at line ${item.line} not typed: ${JSON.stringify(t)}`);
      r.typed.push(t);
      r.lines.set(`${item.table}:${item.values[0]}`, item.line);
    }
  }
  return r;
}

const rowsOf = <T extends keyof DumpRows>(r: Read, table: T): DumpRows[T][] =>
  r.typed.filter((t) => t.table === table).map((t) => t.row as DumpRows[T]);

const SEVEN = ['cdr', 'erasures', 'extensions', 'license_state', 'reveals', 'tenants', 'users'];

describe('sample dumps', () => {
  const bags: Record<string, SampleBag> = {};
  const read: Record<string, Read> = {};
  beforeAll(async () => {
    bags.minimal = minimalBag();
    bags.inserts = insertsBag();
    bags.full = await fullBag();
    for (const k of Object.keys(bags)) read[k] = await readAll(bags[k]!);
  });
  afterAll(() => Object.values(bags).forEach((b) => b.cleanup()));

  it('reads the minimal (COPY) dump: 421 CDRs, no finding', () => {
    const r = read.minimal!;
    expect(r.errors).toEqual([]);
    expect(r.tables.sort()).toEqual(SEVEN);
    expect(r.counts).toEqual({ cdr: 421, erasures: 1, extensions: 11, license_state: 1, reveals: 13, tenants: 1, users: 7 });
    // Physical lines of the first CDR and of the first reveal in the file.
    expect(r.lines.get('cdr:1000000')).toBe(151);
    expect(r.lines.get('reveals:RV-5C5D687834')).toBe(617);
  });

  it('reads the full (COPY) dump: 21,524 CDRs, two tenants, no finding', () => {
    const r = read.full!;
    expect(r.errors).toEqual([]);
    expect(r.counts).toEqual({ cdr: 21524, erasures: 4, extensions: 56, license_state: 1, reveals: 629, tenants: 2, users: 15 });
    const multiLine = rowsOf(r, 'reveals').find((x) => x.id === 'RV-893D00391E')!;
    expect(multiLine.motive).toBe('Escalation 7719, customer says: "nobody called me back"\nSecond line: manager approval by phone');
    expect(r.lines.get('reveals:RV-893D00391E')).toBe(21778);
    expect(rowsOf(r, 'tenants').map((t) => [t.id, t.retention_months])).toHaveLength(2);
  });

  it('reads the --column-inserts dump: 419 CDRs, a multi-line value located at its statement start', () => {
    const r = read.inserts!;
    expect(r.errors).toEqual([]);
    expect(r.counts).toEqual({ cdr: 419, erasures: 1, extensions: 11, license_state: 1, reveals: 7, tenants: 1, users: 7 });
    const rv = rowsOf(r, 'reveals').find((x) => x.id === 'RV-D6CD11980E')!;
    expect(rv.motive).toBe('Escalation 3864, customer says: "nobody called me back"\nSecond line: manager approval by phone');
    expect(r.lines.get('reveals:RV-D6CD11980E')).toBe(606);
    expect(r.lines.get('reveals:RV-50297C6D86')).toBe(608);
    // NULL stays null, a text value stays text
    const cdr = rowsOf(r, 'cdr');
    expect(cdr.find((c) => c.id === 1000002)!.queue).toBeNull();
    expect(cdr.find((c) => c.id === 1000000)!.queue).toBe('recouvrement');
  });

  it('types times as RFC 3339 UTC milliseconds, matching the certificate of the minimal sample', () => {
    const [erasure] = rowsOf(read.minimal!, 'erasures');
    expect(erasure).toEqual({
      certificate_id: 'ERC-2026-000017',
      tenant_id: 'acme',
      extension_id: 107,
      ext_pseudonym: '4e119e8c5a475effe9f16f34ea4908ec93dec1a0eb4c3249cfe4f80e7ca87d62',
      requested_at: '2026-02-16T03:00:00.000Z',
      executed_at: '2026-02-28T14:00:00.000Z',
      cdr_deleted: 40,
      audit_seq: 129,
    });
    const [ls] = rowsOf(read.minimal!, 'license_state');
    expect(ls!.clock_high_water).toBe('2026-03-02T09:14:07.012Z');
    const users = rowsOf(read.minimal!, 'users');
    expect(users.find((u) => u.username === 'integrator.nat')).toMatchObject({ tenant_id: '', disabled_at: null });
  });
});
