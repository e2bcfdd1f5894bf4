// The appliance database as spec §5 defines it, and the mapping of a dump row
// (column names + COPY-text values, in whatever column order the dump uses)
// to a typed object. Tables the spec does not define are not typed (null).
import { finding, type Finding } from '../../model/findings.js';
import { int4, int8, timestamptzToUtc, ValueConversionError } from './values.js';

export type ColumnKind = 'text' | 'integer' | 'bigint' | 'timestamptz';

export interface ColumnSpec {
  name: string;
  kind: ColumnKind;
  nullable: boolean;
}

/** A bigint: a number when safe, else its decimal text (see values.ts). */
export type Int8 = number | string;

export interface TenantRow {
  id: string;
  name: string;
  retention_months: number;
  created_at: string;
}
export interface UserRow {
  id: number;
  tenant_id: string;
  username: string;
  role: string;
  created_at: string;
  disabled_at: string | null;
}
export interface ExtensionRow {
  id: number;
  tenant_id: string;
  ext_pseudonym: string;
  label: string;
  last4: string;
  created_at: string;
}
export interface CdrRow {
  id: Int8;
  tenant_id: string;
  extension_id: number;
  started_at: string;
  duration_s: number;
  direction: string;
  caller_pseudonym: string;
  caller_last4: string;
  callee_pseudonym: string;
  callee_last4: string;
  disposition: string;
  queue: string | null;
}
export interface RevealRow {
  /** The reveal_id. */
  id: string;
  tenant_id: string;
  cdr_id: Int8;
  extension_id: number;
  actor: string;
  revealed_at: string;
  field: string;
  phone_pseudonym: string;
  motive: string;
  audit_seq: Int8;
}
export interface ErasureRow {
  certificate_id: string;
  tenant_id: string;
  extension_id: number;
  ext_pseudonym: string;
  requested_at: string;
  executed_at: string;
  cdr_deleted: number;
  audit_seq: Int8;
}
export interface LicenseStateRow {
  id: number;
  license_id: string;
  installed_at: string;
  clock_high_water: string;
  last_check_at: string;
}

export interface DumpRows {
  tenants: TenantRow;
  users: UserRow;
  extensions: ExtensionRow;
  cdr: CdrRow;
  reveals: RevealRow;
  erasures: ErasureRow;
  license_state: LicenseStateRow;
}

export type DumpTable = keyof DumpRows;

const c = (name: string, kind: ColumnKind, nullable = false): ColumnSpec => ({ name, kind, nullable });

/** Spec §5, in the spec's column order. Times are `timestamptz`, typed as RFC 3339 UTC ms strings. */
export const DUMP_SCHEMA: { readonly [T in DumpTable]: readonly ColumnSpec[] } = {
  tenants: [c('id', 'text'), c('name', 'text'), c('retention_months', 'integer'), c('created_at', 'timestamptz')],
  users: [
    c('id', 'integer'),
    c('tenant_id', 'text'),
    c('username', 'text'),
    c('role', 'text'),
    c('created_at', 'timestamptz'),
    c('disabled_at', 'timestamptz', true),
  ],
  extensions: [
    c('id', 'integer'),
    c('tenant_id', 'text'),
    c('ext_pseudonym', 'text'),
    c('label', 'text'),
    c('last4', 'text'),
    c('created_at', 'timestamptz'),
  ],
  cdr: [
    c('id', 'bigint'),
    c('tenant_id', 'text'),
    c('extension_id', 'integer'),
    c('started_at', 'timestamptz'),
    c('duration_s', 'integer'),
    c('direction', 'text'),
    c('caller_pseudonym', 'text'),
    c('caller_last4', 'text'),
    c('callee_pseudonym', 'text'),
    c('callee_last4', 'text'),
    c('disposition', 'text'),
    c('queue', 'text', true),
  ],
  reveals: [
    c('id', 'text'),
    c('tenant_id', 'text'),
    c('cdr_id', 'bigint'),
    c('extension_id', 'integer'),
    c('actor', 'text'),
    c('revealed_at', 'timestamptz'),
    c('field', 'text'),
    c('phone_pseudonym', 'text'),
    c('motive', 'text'),
    c('audit_seq', 'bigint'),
  ],
  erasures: [
    c('certificate_id', 'text'),
    c('tenant_id', 'text'),
    c('extension_id', 'integer'),
    c('ext_pseudonym', 'text'),
    c('requested_at', 'timestamptz'),
    c('executed_at', 'timestamptz'),
    c('cdr_deleted', 'integer'),
    c('audit_seq', 'bigint'),
  ],
  license_state: [
    c('id', 'integer'),
    c('license_id', 'text'),
    c('installed_at', 'timestamptz'),
    c('clock_high_water', 'timestamptz'),
    c('last_check_at', 'timestamptz'),
  ],
};

export function isDumpTable(name: string): name is DumpTable {
  return Object.prototype.hasOwnProperty.call(DUMP_SCHEMA, name);
}

/** The PostgreSQL type names a §5 column kind is declared with in CREATE TABLE. */
export const DECLARED_TYPES: Record<ColumnKind, string> = {
  text: 'text',
  integer: 'integer',
  bigint: 'bigint',
  timestamptz: 'timestamp with time zone',
};

export type TypedRow = { [T in DumpTable]: { table: T; row: DumpRows[T] } }[DumpTable];

export type TypedRowResult = TypedRow | { finding: Finding };

interface Where {
  file: string;
  line?: number;
}

/** Maps rows of one table with one column list; built once per COPY block or column list. */
export interface RowTyper<T extends DumpTable = DumpTable> {
  table: T;
  /** Set when the column list itself cannot be typed (a §5 column is missing): every row fails with it. */
  problem: string | null;
  type(values: readonly (string | null)[], where: Where): { table: T; row: DumpRows[T] } | { finding: Finding };
}

const CONVERT: Record<ColumnKind, (text: string) => unknown> = {
  text: (t) => t,
  integer: int4,
  bigint: int8,
  timestamptz: timestamptzToUtc,
};

/**
 * Prepares the mapping of `columns` (as the dump names them) to the §5 row
 * of `table`. Columns the spec does not define are ignored, so a newer
 * appliance that adds a column still reads; a §5 column the dump lacks makes
 * every row of the block fail.
 */
export function compileRowTyper<T extends DumpTable>(table: T, columns: readonly string[]): RowTyper<T> {
  const specs = DUMP_SCHEMA[table];
  const index: number[] = [];
  const missing: string[] = [];
  for (const spec of specs) {
    const i = columns.indexOf(spec.name);
    if (i < 0) missing.push(spec.name);
    index.push(i);
  }
  const problem = missing.length
    ? `table ${table} in the dump lacks column${missing.length > 1 ? 's' : ''} ${missing.join(', ')} of the format`
    : null;
  const convert = specs.map((s) => CONVERT[s.kind]);
  return {
    table,
    problem,
    type(values, where) {
      if (problem) return { finding: parseError(where, problem) };
      if (values.length !== columns.length) {
        return { finding: parseError(where, `${table} row has ${values.length} values for ${columns.length} columns`) };
      }
      const row: Record<string, unknown> = {};
      for (let k = 0; k < specs.length; k++) {
        const spec = specs[k]!;
        const v = values[index[k]!];
        if (v === null || v === undefined) {
          if (!spec.nullable) return { finding: parseError(where, `${table}.${spec.name} is NULL; the format requires a value`) };
          row[spec.name] = null;
          continue;
        }
        try {
          row[spec.name] = convert[k]!(v);
        } catch (e) {
          if (e instanceof ValueConversionError) return { finding: parseError(where, `${table}.${spec.name}: ${e.message}`) };
          throw e;
        }
      }
      return { table, row: row as unknown as DumpRows[T] };
    },
  };
}

function parseError(where: Where, message: string): Finding {
  return finding({ code: 'dump.parse_error', message, file: where.file, ...(where.line !== undefined ? { line: where.line } : {}) });
}

// Typers are cached per column array: the dump reader hands every row of a
// COPY block (and every INSERT with the same column list) the same array.
const typerCache = new WeakMap<readonly string[], RowTyper>();

/**
 * Maps one dump row to its typed §5 object, or to a dump.parse_error finding
 * when a value does not convert; null for a table §5 does not define.
 */
export function typedRow(
  table: string,
  columns: readonly string[],
  values: readonly (string | null)[],
  where: Where = { file: 'data/db/natalia.sql' },
): TypedRowResult | null {
  if (!isDumpTable(table)) return null;
  let typer = typerCache.get(columns);
  if (!typer || typer.table !== table) {
    typer = compileRowTyper(table, columns);
    typerCache.set(columns, typer);
  }
  return typer.type(values, where) as TypedRowResult;
}
