// Converters of dump text to §5 typed values, and typedRow's findings.
import { describe, expect, it } from 'vitest';
import { compileRowTyper, typedRow } from '../../shared/engine/dump/schema.js';
import { int4, int8, timestamptzToUtc } from '../../shared/engine/dump/values.js';

describe('timestamptzToUtc', () => {
  it.each([
    ['2026-03-02 10:14:07.512+01', '2026-03-02T09:14:07.512Z'],
    ['2026-03-02 10:14:07+01', '2026-03-02T09:14:07.000Z'],
    ['2026-03-02 10:14:07.5+01', '2026-03-02T09:14:07.500Z'],
    ['2026-03-02 10:14:07.51+01', '2026-03-02T09:14:07.510Z'],
    ['2026-03-02 10:14:07.5129+01', '2026-03-02T09:14:07.512Z'],
    ['2026-03-02 10:14:07.512999+01', '2026-03-02T09:14:07.512Z'], // truncated, not rounded
    ['2026-03-02 14:44:07.512+05:30', '2026-03-02T09:14:07.512Z'],
    ['2026-03-02 06:14:07.512-03', '2026-03-02T09:14:07.512Z'],
    ['2026-01-01 00:30:00+01', '2025-12-31T23:30:00.000Z'], // crosses a year
    ['2024-02-29 12:00:00+00', '2024-02-29T12:00:00.000Z'],
    ['1900-01-01 00:00:00+00:09:21', '1899-12-31T23:50:39.000Z'],
    ['0050-06-01 00:00:00+00', '0050-06-01T00:00:00.000Z'], // not read as 1950
    ['infinity', 'infinity'],
    ['-infinity', '-infinity'],
  ])('%s -> %s', (input, expected) => {
    expect(timestamptzToUtc(input)).toBe(expected);
  });

  it.each([
    '2026-03-02T10:14:07.512+01', // not PostgreSQL's output form
    '2026-03-02 10:14:07.512Z',
    '2026-03-02 10:14:07.5123456+01', // 7 fraction digits
    '2026-02-30 10:00:00+01',
    '2025-02-29 10:00:00+01',
    '2026-13-01 10:00:00+01',
    '2026-03-02 24:00:00+01',
    '2026-03-02 10:60:00+01',
    '2026-03-02 10:14:07+16',
    '2026-03-02 10:14:07',
    '0001-01-01 00:00:00+00 BC',
    '9999-12-31 23:30:00-01', // year 10000 in UTC
    'Infinity',
    '',
  ])('refuses %j', (input) => {
    expect(() => timestamptzToUtc(input)).toThrow();
  });

  it('orders infinity around every time in plain string comparison', () => {
    const sorted = ['infinity', '2026-03-02T09:14:07.512Z', '-infinity', '0001-01-01T00:00:00.000Z'].sort();
    expect(sorted).toEqual(['-infinity', '0001-01-01T00:00:00.000Z', '2026-03-02T09:14:07.512Z', 'infinity']);
  });
});

describe('integers', () => {
  it('reads integer and bigint, keeping unsafe bigints as text', () => {
    expect(int4('-2147483648')).toBe(-2147483648);
    expect(int4('2147483647')).toBe(2147483647);
    expect(() => int4('2147483648')).toThrow(/out of range/);
    expect(() => int4('1.0')).toThrow();
    expect(() => int4('')).toThrow();
    expect(() => int4(' 1')).toThrow();
    expect(int8('9007199254740991')).toBe(9007199254740991);
    expect(int8('9007199254740993')).toBe('9007199254740993');
    expect(int8('-9223372036854775808')).toBe('-9223372036854775808');
    expect(() => int8('9223372036854775808')).toThrow(/out of range/);
    expect(() => int8('1e3')).toThrow();
  });
});

describe('typedRow', () => {
  const cols = ['id', 'name', 'retention_months', 'created_at'];
  const where = { file: 'data/db/natalia.sql', line: 42 };

  it('maps by column name whatever the order, ignoring columns the format does not define', () => {
    const r = typedRow('tenants', ['created_at', 'extra', 'retention_months', 'name', 'id'], ['2026-01-17 01:00:00+01', 'x', '13', 'Acme', 'acme'], where);
    expect(r).toEqual({ table: 'tenants', row: { id: 'acme', name: 'Acme', retention_months: 13, created_at: '2026-01-17T00:00:00.000Z' } });
    expect(typedRow('not_in_spec', ['a'], ['1'], where)).toBeNull();
  });

  it.each([
    [['acme', 'Acme', 'thirteen', '2026-01-17 01:00:00+01'], /tenants\.retention_months: "thirteen" is not an integer/],
    [['acme', 'Acme', '13', '2026-01-17'], /tenants\.created_at: .* is not a timestamp/],
    [['acme', null, '13', '2026-01-17 01:00:00+01'], /tenants\.name is NULL/],
  ])('refuses %j with a located dump.parse_error', (values, message) => {
    const r = typedRow('tenants', cols, values, where);
    expect(r).toMatchObject({ finding: { code: 'dump.parse_error', file: 'data/db/natalia.sql', line: 42 } });
    expect((r as { finding: { message: string } }).finding.message).toMatch(message);
  });

  it('accepts NULL only where §5 allows it (users.disabled_at, cdr.queue)', () => {
    const u = typedRow('users', ['id', 'tenant_id', 'username', 'role', 'created_at', 'disabled_at'], ['1', '', 'x', 'Admin', '2026-02-16 01:00:00+01', null]);
    expect(u).toMatchObject({ row: { disabled_at: null, tenant_id: '' } });
  });

  it('says once per column list when a §5 column is missing', () => {
    const typer = compileRowTyper('tenants', ['id', 'name']);
    expect(typer.problem).toBe('table tenants in the dump lacks columns retention_months, created_at of the format');
    expect(typer.type(['a', 'b'], where)).toMatchObject({ finding: { code: 'dump.parse_error', line: 42 } });
  });
});
