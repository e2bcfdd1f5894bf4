// Streams the database dump into the store's dump_* tables: rows typed by the
// dump reader (times as RFC 3339 UTC), each with its physical line so every
// finding can point at it. Batched inserts; memory stays flat. CDRs, the bulk
// of a dump, are summarised as they pass (cdr-summary.ts); only the rows the
// findings are about (those of erased extensions) are stored, unless asked.
import type Database from 'better-sqlite3';
import type { Finding } from '../../model/findings.js';
import { readDumpBatches } from '../dump/read-dump.js';
import { typedRow, type DumpRows, type DumpTable } from '../dump/schema.js';
import { BatchInserter } from '../store/batch-inserter.js';
import { throwIfAborted } from './abort.js';
import { CdrSummary } from './cdr-summary.js';

/** Epoch ms of a dump time; PostgreSQL's ±infinity sort before and after every real time. */
export function dumpMs(t: string | null | undefined): number | null {
  if (t === null || t === undefined) return null;
  if (t === 'infinity') return 8.64e15;
  if (t === '-infinity') return -8.64e15;
  const ms = Date.parse(t);
  return Number.isFinite(ms) ? ms : null;
}

type RowWriter<T extends DumpTable> = (row: DumpRows[T], line: number) => unknown[];

const INSERTS: { [T in DumpTable]: { sql: string; values: RowWriter<T> } } = {
  tenants: {
    sql: 'INSERT INTO dump_tenants (bundle_id, line, id, name, retention_months, created_at) VALUES (?,?,?,?,?,?)',
    values: (r, line) => [line, r.id, r.name, r.retention_months, r.created_at],
  },
  users: {
    sql: 'INSERT INTO dump_users (bundle_id, line, id, tenant_id, username, role, created_at, disabled_at, disabled_ms) VALUES (?,?,?,?,?,?,?,?,?)',
    values: (r, line) => [line, r.id, r.tenant_id, r.username, r.role, r.created_at, r.disabled_at, dumpMs(r.disabled_at)],
  },
  extensions: {
    sql: 'INSERT INTO dump_extensions (bundle_id, line, id, tenant_id, ext_pseudonym, label, last4, created_at, created_ms) VALUES (?,?,?,?,?,?,?,?,?)',
    values: (r, line) => [line, r.id, r.tenant_id, r.ext_pseudonym, r.label, r.last4, r.created_at, dumpMs(r.created_at)],
  },
  cdr: {
    sql: `INSERT INTO dump_cdr (bundle_id, line, id, tenant_id, extension_id, started_at, started_ms, duration_s, direction,
      caller_pseudonym, caller_last4, callee_pseudonym, callee_last4, disposition, queue) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)`,
    values: (r, line) => [
      line, r.id, r.tenant_id, r.extension_id, r.started_at, dumpMs(r.started_at), r.duration_s, r.direction,
      r.caller_pseudonym, r.caller_last4, r.callee_pseudonym, r.callee_last4, r.disposition, r.queue,
    ],
  },
  reveals: {
    sql: `INSERT INTO dump_reveals (bundle_id, line, id, tenant_id, cdr_id, extension_id, actor, revealed_at, revealed_ms, field,
      phone_pseudonym, motive, audit_seq) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)`,
    values: (r, line) => [
      line, r.id, r.tenant_id, r.cdr_id, r.extension_id, r.actor, r.revealed_at, dumpMs(r.revealed_at), r.field,
      r.phone_pseudonym, r.motive, r.audit_seq,
    ],
  },
  erasures: {
    sql: `INSERT INTO dump_erasures (bundle_id, line, certificate_id, tenant_id, extension_id, ext_pseudonym, requested_at, requested_ms,
      executed_at, executed_ms, cdr_deleted, audit_seq) VALUES (?,?,?,?,?,?,?,?,?,?,?,?)`,
    values: (r, line) => [
      line, r.certificate_id, r.tenant_id, r.extension_id, r.ext_pseudonym, r.requested_at, dumpMs(r.requested_at),
      r.executed_at, dumpMs(r.executed_at), r.cdr_deleted, r.audit_seq,
    ],
  },
  license_state: {
    sql: `INSERT INTO dump_license_state (bundle_id, line, id, license_id, installed_at, clock_high_water, clock_high_water_ms, last_check_at)
      VALUES (?,?,?,?,?,?,?,?)`,
    values: (r, line) => [line, r.id, r.license_id, r.installed_at, r.clock_high_water, dumpMs(r.clock_high_water), r.last_check_at],
  },
};

export interface DumpLoadResult {
  /** dump.parse_error (and other reader findings), in file order. */
  findings: Finding[];
  /** Rows read per table, §5 tables and others. */
  rows: Record<string, number>;
}

export interface DumpLoadOptions {
  /**
   * Which CDR rows to store in dump_cdr: 'all', or only those of these
   * extensions (the erased ones: what erasure.incomplete points at). The
   * checks need only the summaries; a case keeps the dump itself byte for
   * byte in bundle_content, so millions of rows need not be stored twice.
   */
  keepCdrRows?: 'all' | ReadonlySet<number>;
  signal?: AbortSignal;
  onProgress?: (p: { bytesRead: number; bytesTotal: number }) => void;
}

export async function loadDump(
  db: Database.Database,
  bundleId: number,
  path: string,
  file: string,
  opts: DumpLoadOptions = {},
): Promise<DumpLoadResult> {
  const writers = new Map<string, { ins: BatchInserter; values: RowWriter<DumpTable> }>();
  const writer = (table: DumpTable) => {
    let w = writers.get(table);
    if (!w) {
      const spec = INSERTS[table];
      w = { ins: new BatchInserter(db, spec.sql), values: spec.values as RowWriter<DumpTable> };
      writers.set(table, w);
    }
    return w;
  };
  const findings: Finding[] = [];
  const rows: Record<string, number> = {};
  const cdr = new CdrSummary();
  const keep = opts.keepCdrRows ?? new Set<number>();
  for await (const batch of readDumpBatches(path, file, {
    signal: opts.signal,
    onProgress: (p) => opts.onProgress?.({ bytesRead: p.bytesRead, bytesTotal: p.totalBytes }),
  })) {
    throwIfAborted(opts.signal);
    for (const item of batch) {
      if (item.kind === 'error') {
        findings.push(item.finding);
        continue;
      }
      if (item.kind !== 'row') continue;
      rows[item.table] = (rows[item.table] ?? 0) + 1;
      const typed = typedRow(item.table, item.columns, item.values, { file, line: item.line });
      if (typed === null) continue; // a table the format does not define: counted, not checked
      if ('finding' in typed) {
        findings.push(typed.finding);
        continue;
      }
      if (typed.table === 'cdr') {
        const ms = dumpMs(typed.row.started_at);
        cdr.add(typed.row, item.line, ms);
        if (keep !== 'all' && !keep.has(typed.row.extension_id)) continue;
      }
      const w = writer(typed.table);
      const values = w.values(typed.row, item.line);
      values.unshift(bundleId);
      w.ins.add(values);
    }
  }
  for (const w of writers.values()) w.ins.flush();
  cdr.write(db, bundleId);
  const count = db.prepare('INSERT INTO dump_table_counts (bundle_id, table_name, rows) VALUES (?,?,?)');
  for (const [table, n] of Object.entries(rows)) count.run(bundleId, table, n);
  return { findings, rows };
}
