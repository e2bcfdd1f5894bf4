// What a verification keeps of the database dump, computed from its bytes:
// the findings (in file order), the rows to store (as INSERT values), the
// row count per table and the CDR summaries. Fed chunk by chunk with no
// database at hand, so it runs the same on a worker thread (dump-worker.ts)
// as on the calling thread; load-dump.ts writes what it gives.
//
// CDR rows in a §5 COPY block take the fast path (dump/cdr-fast-path.ts):
// summarised straight from the line. Every other line, and any CDR line the
// fast path does not vouch for, goes through the general reader and typer.
import { FindingList } from './finding-list.js';
import { scanCdrLine, type CdrScan } from '../dump/cdr-fast-path.js';
import { LineSplitter, type LineBlock } from '../dump/lines.js';
import { DumpParser, type DumpItem } from '../dump/read-dump.js';
import { typedRow, type DumpRows, type DumpTable } from '../dump/schema.js';
import { isUtf8 } from 'node:buffer';
import { CdrSummary, type PackedCdrSummary } from './cdr-summary.js';

/** Epoch ms of a dump time; PostgreSQL's ±infinity sort before and after every real time. */
export function dumpMs(t: string | null | undefined): number | null {
  if (t === null || t === undefined) return null;
  if (t === 'infinity') return 8.64e15;
  if (t === '-infinity') return -8.64e15;
  const ms = Date.parse(t);
  return Number.isFinite(ms) ? ms : null;
}

type RowWriter<T extends DumpTable> = (row: DumpRows[T], line: number) => unknown[];

/** Per §5 table: its INSERT (bundle_id first) and the values after bundle_id of one typed row. */
export const DUMP_INSERTS: { [T in DumpTable]: { sql: string; values: RowWriter<T> } } = {
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

/** One row to store: its table and the INSERT values after bundle_id. */
export type RowInsert = [table: DumpTable, values: unknown[]];

/** What a digest produced since it was last drained. */
export interface DigestOutput {
  /** Capped per code (finding-list.ts): a piece of millions of broken rows is not millions of findings. */
  findings: FindingList;
  inserts: RowInsert[];
}

export interface DumpDigestOptions {
  /** CDR rows to store: 'all', or those of these extensions (default none). */
  keepCdrRows?: 'all' | ReadonlySet<number>;
  /** Store no row but those CDR rows (a second reading that only fetches them). */
  onlyCdrRows?: boolean;
  maxStatementChars?: number;
  maxLineBytes?: number;
}

/** Whole lines read as CDR rows by the fast path alone, away from the digest (another thread). */
export interface ScannedCdrLines {
  lines: number;
  /** Their summary, lines counted from 1 at the first of them. */
  summary: PackedCdrSummary;
}

/**
 * Reads `bytes` (whole lines, each ending in '\n') as the rows of a §5 cdr
 * COPY block, all by the fast path, as the digest would if it were inside
 * such a block; null as soon as one line is not for the fast path (or is a
 * row to store): the digest must then read these bytes itself. Whether the
 * bytes are inside a cdr block is for the digest to say (canAcceptScanned).
 */
export function scanCdrChunk(bytes: Buffer, keep: 'all' | ReadonlySet<number>): ScannedCdrLines | null {
  if (keep === 'all' || bytes.length === 0 || bytes[bytes.length - 1] !== 0x0a || !isUtf8(bytes)) return null;
  // Not toString('latin1'), though an ASCII piece copies three times faster than it decodes: Node
  // makes a Latin-1 text over 1 MB an external string, which V8's GC hardly sees, and the
  // import's peak RSS went from 269 to 407 MB.
  const text = bytes.toString('utf8');
  const summary = new CdrSummary();
  const scan: CdrScan = { id: 0, tenant: '', extensionId: 0, startedMs: 0 };
  let lines = 0;
  let pos = 0;
  const n = text.length;
  while (pos < n) {
    const nl = text.indexOf('\n', pos);
    if (!scanCdrLine(text, pos, nl, scan, scan.tenant) || keep.has(scan.extensionId)) return null;
    lines++;
    summary.add(scan.extensionId, scan.tenant, scan.id, lines, scan.startedMs);
    pos = nl + 1;
  }
  const packed = summary.pack(); // the fast path reads only ids that are numbers
  return packed && { lines, summary: packed };
}

export class DumpDigest {
  readonly cdr = new CdrSummary();
  /** Rows read per table, §5 tables and others. */
  readonly rows: Record<string, number> = {};
  private readonly parser: DumpParser;
  private readonly splitter: LineSplitter;
  private readonly keep: 'all' | ReadonlySet<number>;
  private readonly onlyCdr: boolean;
  private findings = new FindingList();
  private inserts: RowInsert[] = [];
  private readonly items: DumpItem[] = [];
  private readonly scan: CdrScan = { id: 0, tenant: '', extensionId: 0, startedMs: 0 };

  constructor(
    readonly file: string,
    opts: DumpDigestOptions = {},
  ) {
    this.parser = new DumpParser(file, { maxStatementChars: opts.maxStatementChars });
    this.splitter = new LineSplitter({ maxLineBytes: opts.maxLineBytes });
    this.keep = opts.keepCdrRows ?? new Set<number>();
    this.onlyCdr = opts.onlyCdrRows === true;
  }

  /** The next bytes of the dump. */
  push(chunk: Buffer): void {
    const block = this.splitter.push(chunk);
    if (block) this.block(block);
  }

  /** The dump ended. */
  end(): void {
    const block = this.splitter.end();
    if (block) this.block(block);
    this.parser.end(this.items);
    this.takeItems();
  }

  /**
   * True when the next line starts a row of a §5 cdr COPY block in the
   * clean state the fast path needs: then whole lines that scanCdrChunk
   * accepted may be taken with acceptScanned instead of push.
   */
  canAcceptScanned(): boolean {
    return this.splitter.atLineStart && this.parser.fastCdrColumns() !== null;
  }

  /**
   * `scanned` (from scanCdrChunk on the next whole lines of the dump) stands
   * for reading those lines: every one a CDR the fast path read, none
   * changing the parser's state. Call only when canAcceptScanned().
   */
  acceptScanned(scanned: ScannedCdrLines): void {
    if (!this.canAcceptScanned()) throw new Error('scanned CDR lines taken outside a cdr COPY block');
    const offset = this.splitter.lineNumber - 1;
    this.cdr.mergePacked(scanned.summary, offset);
    this.countCdr(scanned.lines);
    this.splitter.skipLines(scanned.lines);
    this.parser.noteLine(offset + scanned.lines);
  }

  /** Findings and rows produced since the last call. */
  drain(): DigestOutput {
    const out = { findings: this.findings, inserts: this.inserts };
    this.findings = new FindingList();
    this.inserts = [];
    return out;
  }

  private block(block: LineBlock): void {
    const { lines, firstLine } = block;
    const parser = this.parser;
    if (block.invalidUtf8 || block.tooLong) {
      const bad = new Set(block.invalidUtf8);
      const long = new Set(block.tooLong);
      for (let i = 0; i < lines.length; i++) {
        parser.pushLine(lines[i]!, firstLine + i, this.items, { invalidUtf8: bad.has(i), tooLong: long.has(i) });
        this.takeItems();
      }
      return;
    }
    const scan = this.scan;
    const keep = this.keep;
    const cdr = this.cdr;
    let fastRows = 0;
    let fast = parser.fastCdrColumns() !== null;
    for (let i = 0; i < lines.length; i++) {
      const line = lines[i]!;
      if (fast && scanCdrLine(line, 0, line.length, scan, scan.tenant) && keep !== 'all' && !keep.has(scan.extensionId)) {
        fastRows++;
        cdr.add(scan.extensionId, scan.tenant, scan.id, firstLine + i, scan.startedMs);
        continue;
      }
      if (fastRows) this.countCdr(fastRows);
      fastRows = 0;
      parser.pushLine(line, firstLine + i, this.items);
      this.takeItems();
      fast = parser.fastCdrColumns() !== null;
    }
    if (fastRows) this.countCdr(fastRows);
    if (lines.length) parser.noteLine(firstLine + lines.length - 1);
  }

  private countCdr(n: number): void {
    this.rows.cdr = (this.rows.cdr ?? 0) + n;
  }

  private takeItems(): void {
    const items = this.items;
    for (let k = 0; k < items.length; k++) this.item(items[k]!);
    items.length = 0;
  }

  private item(item: DumpItem): void {
    if (item.kind === 'error') {
      this.findings.add(item.finding);
      return;
    }
    if (item.kind !== 'row') return;
    this.rows[item.table] = (this.rows[item.table] ?? 0) + 1;
    const typed = typedRow(item.table, item.columns, item.values, { file: this.file, line: item.line });
    if (typed === null) return; // a table the format does not define: counted, not checked
    if ('finding' in typed) {
      this.findings.add(typed.finding);
      return;
    }
    if (typed.table === 'cdr') {
      const r = typed.row;
      this.cdr.add(r.extension_id, r.tenant_id, r.id, item.line, dumpMs(r.started_at));
      if (this.keep !== 'all' && !this.keep.has(r.extension_id)) return;
    } else if (this.onlyCdr) return;
    const spec = DUMP_INSERTS[typed.table] as { values: RowWriter<DumpTable> };
    this.inserts.push([typed.table, spec.values(typed.row, item.line)]);
  }
}
