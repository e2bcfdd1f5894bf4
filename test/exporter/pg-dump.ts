// A plain-format pg_dump 15 look-alike of the appliance database (spec §5),
// written line by line in the exact shape of the samples' real dumps: header
// comments and SET lines, the `\restrict` guard of recent 15.x releases, one
// CREATE TABLE per table in name order, then data per table (COPY text format,
// or INSERT / column INSERT statements), constraints, indexes and the footer.
import type { HashingWriter } from './file-writer.js';
import { countLf } from './csv.js';
import { pgTimestamptz } from './time.js';

export type DumpForm = 'copy' | 'inserts' | 'column-inserts';
type ColumnType = 'text' | 'integer' | 'bigint' | 'timestamptz';

interface ColumnDef {
  name: string;
  type: ColumnType;
  nullable?: boolean;
}

export interface TableDef {
  name: string;
  columns: ColumnDef[];
  primaryKey: string;
}

const col = (name: string, type: ColumnType, nullable = false): ColumnDef => ({ name, type, nullable });

/** The seven tables of spec §5, in pg_dump's (alphabetical) order. */
export const TABLES = {
  cdr: {
    name: 'cdr',
    primaryKey: 'id',
    columns: [
      col('id', 'bigint'),
      col('tenant_id', 'text'),
      col('extension_id', 'integer'),
      col('started_at', 'timestamptz'),
      col('duration_s', 'integer'),
      col('direction', 'text'),
      col('caller_pseudonym', 'text'),
      col('caller_last4', 'text'),
      col('callee_pseudonym', 'text'),
      col('callee_last4', 'text'),
      col('disposition', 'text'),
      col('queue', 'text', true),
    ],
  },
  erasures: {
    name: 'erasures',
    primaryKey: 'certificate_id',
    columns: [
      col('certificate_id', 'text'),
      col('tenant_id', 'text'),
      col('extension_id', 'integer'),
      col('ext_pseudonym', 'text'),
      col('requested_at', 'timestamptz'),
      col('executed_at', 'timestamptz'),
      col('cdr_deleted', 'integer'),
      col('audit_seq', 'bigint'),
    ],
  },
  extensions: {
    name: 'extensions',
    primaryKey: 'id',
    columns: [
      col('id', 'integer'),
      col('tenant_id', 'text'),
      col('ext_pseudonym', 'text'),
      col('label', 'text'),
      col('last4', 'text'),
      col('created_at', 'timestamptz'),
    ],
  },
  license_state: {
    name: 'license_state',
    primaryKey: 'id',
    columns: [
      col('id', 'integer'),
      col('license_id', 'text'),
      col('installed_at', 'timestamptz'),
      col('clock_high_water', 'timestamptz'),
      col('last_check_at', 'timestamptz'),
    ],
  },
  reveals: {
    name: 'reveals',
    primaryKey: 'id',
    columns: [
      col('id', 'text'),
      col('tenant_id', 'text'),
      col('cdr_id', 'bigint'),
      col('extension_id', 'integer'),
      col('actor', 'text'),
      col('revealed_at', 'timestamptz'),
      col('field', 'text'),
      col('phone_pseudonym', 'text'),
      col('motive', 'text'),
      col('audit_seq', 'bigint'),
    ],
  },
  tenants: {
    name: 'tenants',
    primaryKey: 'id',
    columns: [col('id', 'text'), col('name', 'text'), col('retention_months', 'integer'), col('created_at', 'timestamptz')],
  },
  users: {
    name: 'users',
    primaryKey: 'id',
    columns: [
      col('id', 'integer'),
      col('tenant_id', 'text'),
      col('username', 'text'),
      col('role', 'text'),
      col('created_at', 'timestamptz'),
      col('disabled_at', 'timestamptz', true),
    ],
  },
} satisfies Record<string, TableDef>;

export type TableName = keyof typeof TABLES;
export const TABLE_ORDER: TableName[] = ['cdr', 'erasures', 'extensions', 'license_state', 'reveals', 'tenants', 'users'];

/** A cell: text, integer, or for timestamptz columns a UTC instant in ms; null for NULL. */
export type DumpValue = string | number | null;

const SQL_TYPE: Record<ColumnType, string> = {
  text: 'text',
  integer: 'integer',
  bigint: 'bigint',
  timestamptz: 'timestamp with time zone',
};

/** COPY text format escaping (PostgreSQL CopyAttributeOutText). */
export function copyEscape(text: string): string {
  return text.replace(/[\\\b\f\n\r\t\v]/g, (c) => {
    switch (c) {
      case '\\':
        return '\\\\';
      case '\b':
        return '\\b';
      case '\f':
        return '\\f';
      case '\n':
        return '\\n';
      case '\r':
        return '\\r';
      case '\t':
        return '\\t';
      default:
        return '\\v';
    }
  });
}

/** A SQL string literal with standard_conforming_strings on: only quotes are doubled. */
export function sqlQuote(text: string): string {
  return "'" + text.replace(/'/g, "''") + "'";
}

function renderCopy(c: ColumnDef, v: DumpValue): string {
  if (v === null) return '\\N';
  if (c.type === 'timestamptz') return pgTimestamptz(v as number);
  if (c.type === 'text') return copyEscape(String(v));
  return String(v);
}

function renderSql(c: ColumnDef, v: DumpValue): string {
  if (v === null) return 'NULL';
  if (c.type === 'timestamptz') return sqlQuote(pgTimestamptz(v as number));
  if (c.type === 'text') return sqlQuote(String(v));
  return String(v);
}

export class PgDumpWriter {
  /** 1-based line number where the next write starts. */
  line = 1;
  private table: TableDef | null = null;
  private insertPrefix = '';

  constructor(
    private readonly out: HashingWriter,
    private readonly form: DumpForm,
    /** pg_dump's random `\restrict` key (63 alphanumerics); derived from the seed here. */
    private readonly restrictKey: string,
  ) {}

  private async emit(text: string): Promise<void> {
    this.line += countLf(text);
    await this.out.write(text);
  }

  async header(): Promise<void> {
    await this.emit(
      '--\n-- PostgreSQL database dump\n--\n\n' +
        `\\restrict ${this.restrictKey}\n\n` +
        '-- Dumped from database version 15.18 (Debian 15.18-0+deb12u1)\n' +
        '-- Dumped by pg_dump version 15.18 (Debian 15.18-0+deb12u1)\n\n' +
        'SET statement_timeout = 0;\n' +
        'SET lock_timeout = 0;\n' +
        'SET idle_in_transaction_session_timeout = 0;\n' +
        "SET client_encoding = 'UTF8';\n" +
        'SET standard_conforming_strings = on;\n' +
        "SELECT pg_catalog.set_config('search_path', '', false);\n" +
        'SET check_function_bodies = false;\n' +
        'SET xmloption = content;\n' +
        'SET client_min_messages = warning;\n' +
        'SET row_security = off;\n\n' +
        "SET default_tablespace = '';\n\n" +
        'SET default_table_access_method = heap;\n\n',
    );
    for (const name of TABLE_ORDER) {
      const t: TableDef = TABLES[name];
      const cols = t.columns
        .map((c) => `    ${c.name} ${SQL_TYPE[c.type]}${c.nullable ? '' : ' NOT NULL'}`)
        .join(',\n');
      await this.emit(
        `--\n-- Name: ${t.name}; Type: TABLE; Schema: public; Owner: natalia\n--\n\n` +
          `CREATE TABLE public.${t.name} (\n${cols}\n);\n\n\n` +
          `ALTER TABLE public.${t.name} OWNER TO natalia;\n\n`,
      );
    }
  }

  async beginData(name: TableName): Promise<void> {
    const t: TableDef = TABLES[name];
    this.table = t;
    const colList = t.columns.map((c) => c.name).join(', ');
    let text = `--\n-- Data for Name: ${t.name}; Type: TABLE DATA; Schema: public; Owner: natalia\n--\n\n`;
    if (this.form === 'copy') text += `COPY public.${t.name} (${colList}) FROM stdin;\n`;
    this.insertPrefix =
      this.form === 'column-inserts'
        ? `INSERT INTO public.${t.name} (${colList}) VALUES (`
        : `INSERT INTO public.${t.name} VALUES (`;
    await this.emit(text);
  }

  /** Writes one row; returns the line where it starts. */
  async row(values: readonly DumpValue[]): Promise<number> {
    const t = this.table;
    if (!t) throw new Error('row outside a table data section');
    if (values.length !== t.columns.length) throw new Error(`${t.name}: ${values.length} values for ${t.columns.length} columns`);
    const at = this.line;
    if (this.form === 'copy') {
      await this.emit(values.map((v, i) => renderCopy(t.columns[i]!, v)).join('\t') + '\n');
    } else {
      await this.emit(this.insertPrefix + values.map((v, i) => renderSql(t.columns[i]!, v)).join(', ') + ');\n');
    }
    return at;
  }

  async endData(): Promise<void> {
    this.table = null;
    await this.emit(this.form === 'copy' ? '\\.\n\n\n' : '\n\n');
  }

  async footer(): Promise<void> {
    for (const name of TABLE_ORDER) {
      const t: TableDef = TABLES[name];
      await this.emit(
        `--\n-- Name: ${t.name} ${t.name}_pkey; Type: CONSTRAINT; Schema: public; Owner: natalia\n--\n\n` +
          `ALTER TABLE ONLY public.${t.name}\n    ADD CONSTRAINT ${t.name}_pkey PRIMARY KEY (${t.primaryKey});\n\n\n`,
      );
    }
    await this.emit(
      '--\n-- Name: cdr_extension_idx; Type: INDEX; Schema: public; Owner: natalia\n--\n\n' +
        'CREATE INDEX cdr_extension_idx ON public.cdr USING btree (extension_id);\n\n\n' +
        '--\n-- Name: cdr_started_at_idx; Type: INDEX; Schema: public; Owner: natalia\n--\n\n' +
        'CREATE INDEX cdr_started_at_idx ON public.cdr USING btree (started_at);\n\n\n' +
        '--\n-- PostgreSQL database dump complete\n--\n\n' +
        `\\unrestrict ${this.restrictKey}\n\n`,
    );
  }
}
