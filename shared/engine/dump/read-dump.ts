// Streamed reader of a plain pg_dump (spec §5). The dump is data to read,
// never SQL to run: this walks its lines, takes rows out of COPY blocks and
// INSERT statements, column names and types out of CREATE TABLE, and skips
// every other statement. Memory stays flat: only the statement being read
// (one line for COPY data) is held.
//
// Recovery rule: anything that cannot be read gives ONE dump.parse_error at
// its line and reading goes on with the next row or statement.
import { finding, type Finding } from '../../model/findings.js';
import { isSpecCdrColumns } from './cdr-fast-path.js';
import { endsWithEscapedNewline, parseCopyLine } from './copy-text.js';
import { readLineBlocks } from './lines.js';
import { DUMP_SCHEMA, isDumpTable } from './schema.js';
import { LexMode, SqlCursor, SqlSyntaxError, newLexState, scanLine, type LexState } from './sql-lexer.js';
import { parseCopyHead, parseCreateTable, parseInsertHead, parseInsertTuples, type InsertHead, type TableColumn } from './statements.js';

export const DUMP_FILE = 'data/db/natalia.sql';

export type DumpItem =
  | {
      kind: 'row';
      table: string;
      /** Shared by all rows of a COPY block or column list: do not mutate. */
      columns: string[];
      /** COPY text-format values (NULL as null); INSERT literals give the same text. */
      values: (string | null)[];
      /**
       * 1-based physical line where the row starts: its COPY line, or the line
       * of its `(` in an INSERT, which for pg_dump's one-row INSERTs is where
       * the statement starts (a value may span many lines after it).
       */
      line: number;
    }
  | { kind: 'error'; finding: Finding }
  | { kind: 'table'; table: string; columns: TableColumn[]; line: number };

export interface DumpProgress {
  bytesRead: number;
  totalBytes: number;
  /** Lines read so far. */
  line: number;
}

export interface DumpReadOptions {
  signal?: AbortSignal;
  /** Called once per block read (about every MiB). */
  onProgress?: (p: DumpProgress) => void;
  /** Longest statement accepted, in characters (default 64 Mi); longer ones are skipped with an error. */
  maxStatementChars?: number;
  /** Longest line accepted, in bytes (default 64 MiB); longer ones are skipped with an error, never held. */
  maxLineBytes?: number;
  /** Read chunk size (tests). */
  chunkBytes?: number;
}

/** Statement keywords that can open a statement in pg_dump output (and some more SQL). */
const STATEMENT_WORDS = new Set(
  (
    'ABORT ALTER ANALYZE BEGIN CALL CHECKPOINT CLOSE CLUSTER COMMENT COMMIT COPY CREATE DEALLOCATE DECLARE DELETE ' +
    'DISCARD DO DROP END EXECUTE EXPLAIN FETCH GRANT IMPORT INSERT LISTEN LOAD LOCK MOVE NOTIFY PREPARE REASSIGN ' +
    'REFRESH REINDEX RELEASE RESET REVOKE ROLLBACK SAVEPOINT SECURITY SELECT SET SHOW START TABLE TRUNCATE UNLISTEN ' +
    'UPDATE VACUUM VALUES WITH'
  ).split(' '),
);

/** Keywords that, at column 0 outside any quote, open a new statement in pg_dump output. */
const STATEMENT_START = /^(?:INSERT|COPY|CREATE|ALTER|SET|SELECT|COMMENT|GRANT|REVOKE)\s/;

const FIRST_WORD = /^\s*([A-Za-z]+)/;

interface CopyState {
  table: string;
  columns: string[];
  startLine: number;
  /** Rows are not wanted (other schema, unreadable header): read to `\.` and drop. */
  skip: boolean;
  /** A row whose last '\n' was escaped: it goes on with the next line. */
  pending: string | null;
  pendingLine: number;
  /** Empty lines seen in a row that a wider table cannot hold: judged by what follows. */
  blankLines: number[];
}

interface StatementState {
  parts: string[];
  /** Physical line of each part. */
  lines: number[];
  /** Offset of each part in the joined text. */
  offsets: number[];
  chars: number;
  lex: LexState;
  /** A line of it was not valid UTF-8 (already reported): its rows are dropped. */
  tainted: boolean;
}

/**
 * The line-by-line state machine. Push lines in order with their physical
 * numbers, then call end(); items are appended to the array passed in.
 */
export class DumpParser {
  private copy: CopyState | null = null;
  private stmt: StatementState | null = null;
  private readonly tables = new Map<string, string[]>();
  private readonly columnLists = new Map<string, string[]>();
  private readonly reportedSchemas = new Set<string>();
  private garbage: Finding | null = null;
  /** pg_dump writes `SET standard_conforming_strings = on`; an older dump may say off. */
  private standardStrings = true;
  private lastInsert: { prefix: string; head: InsertHead; wanted: boolean; columns: string[] | null } | null = null;
  private lastLine = 0;
  private readonly maxStatementChars: number;

  constructor(
    readonly file: string = DUMP_FILE,
    opts: { maxStatementChars?: number } = {},
  ) {
    this.maxStatementChars = opts.maxStatementChars ?? 64 * 1024 * 1024;
  }

  pushLine(line: string, lineNo: number, out: DumpItem[], flags: { invalidUtf8?: boolean; tooLong?: boolean } = {}): void {
    this.lastLine = lineNo;
    const invalidUtf8 = flags.invalidUtf8 === true;
    if (flags.tooLong) {
      const held = this.stmt ? ` with the statement starting at line ${this.stmt.lines[0]}` : '';
      out.push(this.error(lineNo, `Line ${lineNo} is too long to be read; it was skipped${held}.`));
      if (this.copy) this.copy.pending = null;
      this.stmt = null;
      return;
    }
    if (this.copy) {
      this.copyLine(this.copy, line, lineNo, out, invalidUtf8);
      return;
    }
    if (this.stmt) {
      this.statementLine(this.stmt, line, lineNo, out, invalidUtf8);
      return;
    }
    this.idleLine(line, lineNo, out, invalidUtf8);
  }

  /**
   * The COPY block's columns when the next line may be read by the CDR fast
   * path (dump/cdr-fast-path.ts) instead of pushLine: inside a cdr block
   * whose rows are wanted, in §5 column order, with no row continued from
   * the line before and no empty line awaiting judgement. Null otherwise.
   */
  fastCdrColumns(): readonly string[] | null {
    const cp = this.copy;
    if (cp === null || cp.skip || cp.pending !== null || cp.blankLines.length > 0 || cp.table !== 'cdr') return null;
    return isSpecCdrColumns(cp.columns) ? cp.columns : null;
  }

  /** A line the fast path read: still the last line seen, for end()'s message. */
  noteLine(lineNo: number): void {
    this.lastLine = lineNo;
  }

  end(out: DumpItem[]): void {
    const copy = this.copy;
    if (copy) {
      const what = copy.skip ? 'A COPY block' : `The COPY block of ${copy.table}`;
      out.push(this.error(copy.startLine, `${what} has no end marker "\\." before the end of the file (line ${this.lastLine}).`));
      this.copy = null;
    }
    const st = this.stmt;
    if (st) {
      // Quote parity decides where a string seems to open, so the line the
      // last quote opened can be far from the damage: locate the finding at
      // the statement that never ends, and say where the open quote was seen.
      const start = st.lines[0]!;
      const open = st.lex.openLine;
      const seen = open !== start ? ` (the last one opened at line ${open})` : '';
      const what: Record<LexMode, string> = {
        [LexMode.Top]: '',
        [LexMode.Single]: `a quoted string is never closed${seen}`,
        [LexMode.EString]: `a quoted string is never closed${seen}`,
        [LexMode.Double]: `a quoted name is never closed${seen}`,
        [LexMode.Dollar]: `a ${st.lex.tag}-quoted text is never closed${seen}`,
        [LexMode.Block]: `a comment is never closed${seen}`,
      };
      const problem = what[st.lex.mode] || 'it has no final ";"';
      out.push(this.error(start, `The statement starting at line ${start} runs to the end of the file: ${problem}. It was skipped.`));
      this.stmt = null;
    }
    this.flushGarbage(out);
  }

  // ── outside any statement ──────────────────────────────────────────────

  private idleLine(line: string, lineNo: number, out: DumpItem[], invalidUtf8: boolean): void {
    const first = line.charCodeAt(0);
    // Fast exits for what pg_dump writes between statements.
    if (line.length === 0 || (first === 0x2d && line.charCodeAt(1) === 0x2d)) {
      if (invalidUtf8) out.push(this.error(lineNo, 'This line is not valid UTF-8.'));
      return;
    }
    const trimmed = line.trimStart();
    if (trimmed === '' || trimmed.startsWith('--')) return;
    if (trimmed.charCodeAt(0) === 0x5c /* \ */) return; // psql meta-command (\connect, \restrict...): not data
    const m = FIRST_WORD.exec(trimmed);
    if (!m || !STATEMENT_WORDS.has(m[1]!.toUpperCase())) {
      this.noteGarbage(lineNo, out);
      return;
    }
    this.flushGarbage(out);
    this.stmt = { parts: [], lines: [], offsets: [], chars: 0, lex: newLexState(line), tainted: false };
    this.statementLine(this.stmt, line, lineNo, out, invalidUtf8);
  }

  /** Consecutive unreadable lines make one finding (with a count), not one each. */
  private noteGarbage(lineNo: number, out: DumpItem[]): void {
    if (this.garbage && this.garbage.details?.last_line === lineNo - 1) {
      this.garbage.count = (this.garbage.count ?? 1) + 1;
      this.garbage.details.last_line = lineNo;
      this.garbage.message = `Lines ${this.garbage.line} to ${lineNo} are not SQL that pg_dump writes; they were skipped.`;
      return;
    }
    this.flushGarbage(out);
    this.garbage = finding({
      code: 'dump.parse_error',
      message: `Line ${lineNo} is not SQL that pg_dump writes; it was skipped.`,
      file: this.file,
      line: lineNo,
      details: { last_line: lineNo },
    });
  }

  private flushGarbage(out: DumpItem[]): void {
    if (this.garbage) {
      out.push({ kind: 'error', finding: this.garbage });
      this.garbage = null;
    }
  }

  // ── inside a statement ─────────────────────────────────────────────────

  private statementLine(st: StatementState, line: string, lineNo: number, out: DumpItem[], invalidUtf8: boolean): void {
    // pg_dump indents every continuation line, so a statement keyword at
    // column 0 outside quotes means the open statement lost its ';'.
    if (st.parts.length > 0 && st.lex.mode === LexMode.Top && STATEMENT_START.test(line)) {
      const start = st.lines[0]!;
      out.push(this.error(start, `The statement starting at line ${start} does not end with ";" before line ${lineNo}; it was skipped.`));
      this.stmt = null;
      this.idleLine(line, lineNo, out, invalidUtf8);
      return;
    }
    if (invalidUtf8) {
      out.push(this.error(lineNo, 'This line is not valid UTF-8; the statement holding it was skipped.'));
      st.tainted = true;
    }
    let from = 0;
    let text = line;
    for (;;) {
      const end = scanLine(text, from, st.lex, lineNo, this.standardStrings);
      if (end < 0) {
        st.offsets.push(st.chars);
        st.parts.push(text);
        st.lines.push(lineNo);
        st.chars += text.length + 1;
        if (st.chars > this.maxStatementChars) {
          const start = st.lines[0]!;
          out.push(
            this.error(
              start,
              `The statement starting at line ${start} runs past ${this.maxStatementChars} characters (to line ${lineNo}): a quote is probably never closed. It was skipped.`,
            ),
          );
          this.stmt = null;
        }
        return;
      }
      st.offsets.push(st.chars);
      st.parts.push(text.slice(0, end + 1));
      st.lines.push(lineNo);
      this.stmt = null;
      this.complete(st, out);
      // Text after the ';' on the same line starts another statement.
      const rest = text.slice(end + 1);
      const r = rest.trimStart();
      if (r === '' || r.startsWith('--')) return;
      if (this.copy) {
        out.push(this.error(lineNo, 'Text follows the COPY statement on its line; COPY data must start on the next line.'));
        return;
      }
      const m = FIRST_WORD.exec(r);
      if (!m || !STATEMENT_WORDS.has(m[1]!.toUpperCase())) {
        this.noteGarbage(lineNo, out);
        return;
      }
      st = { parts: [], lines: [], offsets: [], chars: 0, lex: newLexState(rest), tainted: invalidUtf8 };
      this.stmt = st;
      text = rest;
      from = 0;
    }
  }

  private complete(st: StatementState, out: DumpItem[]): void {
    const text = st.parts.length === 1 ? st.parts[0]! : st.parts.join('\n');
    const lineAt = (offset: number): number => {
      // The last part starting at or before offset.
      let lo = 0;
      let hi = st.offsets.length - 1;
      while (lo < hi) {
        const mid = (lo + hi + 1) >> 1;
        if (st.offsets[mid]! <= offset) lo = mid;
        else hi = mid - 1;
      }
      return st.lines[lo]!;
    };
    const word = FIRST_WORD.exec(text)?.[1]?.toUpperCase();
    try {
      if (word === 'INSERT') this.insert(text, lineAt, st.tainted, out);
      else if (word === 'COPY') this.copyHead(text, st.lines[0]!, out);
      else if (word === 'SET') this.setting(text);
      else if (word === 'CREATE' && /^\s*CREATE\s+(?:(?:GLOBAL|LOCAL)\s+)?(?:(?:TEMP|TEMPORARY|UNLOGGED)\s+)?TABLE\s/i.test(text)) {
        this.createTable(text, st.lines[0]!, out);
      }
    } catch (e) {
      if (!(e instanceof SqlSyntaxError)) throw e;
      const line = lineAt(e.offset);
      out.push(this.error(line, `Cannot read the ${word} statement${line !== st.lines[0] ? ` starting at line ${st.lines[0]}` : ''}: ${e.message}.`));
    }
  }

  private insert(text: string, lineAt: (offset: number) => number, tainted: boolean, out: DumpItem[]): void {
    const cur = new SqlCursor(text, this.standardStrings);
    // pg_dump repeats the same `INSERT INTO t (cols) VALUES ` for every row:
    // reuse the last head when the statement starts with the same text.
    let last = this.lastInsert;
    if (last && text.startsWith(last.prefix)) {
      cur.pos = last.prefix.length;
    } else {
      const head = parseInsertHead(cur);
      const wanted = this.wanted(head.schema, head.name, lineAt(0), out);
      const columns = wanted ? this.columnsFor(head.name, head.columns) : null;
      last = { prefix: text.slice(0, cur.pos), head, wanted, columns };
      this.lastInsert = last;
    }
    const { head, columns } = last;
    if (!last.wanted || tainted) return;
    if (!columns) {
      out.push(this.error(lineAt(0), `INSERT into ${head.name} without a column list, and the dump has no CREATE TABLE for it.`));
      return;
    }
    const table = head.name;
    if (head.defaultValues) {
      if (columns.length === 0) out.push({ kind: 'row', table, columns, values: [], line: lineAt(0) });
      else out.push(this.error(lineAt(0), `INSERT ... DEFAULT VALUES gives no values for the columns of ${table}.`));
      return;
    }
    parseInsertTuples(
      cur,
      columns.length,
      (values, offset) => out.push({ kind: 'row', table, columns, values, line: lineAt(offset) }),
      (message, offset) => out.push(this.error(lineAt(offset), `${table}: ${message}; the row was skipped.`)),
    );
  }

  private setting(text: string): void {
    const m = /^\s*SET\s+(?:SESSION\s+)?standard_conforming_strings\s*(?:=|TO)\s*'?(on|off|true|false)'?\s*;/i.exec(text);
    if (m) this.standardStrings = /^(?:on|true)$/i.test(m[1]!);
  }

  private copyHead(text: string, line: number, out: DumpItem[]): void {
    let head;
    try {
      head = parseCopyHead(text);
    } catch (e) {
      if (!(e instanceof SqlSyntaxError)) throw e;
      out.push(this.error(line, `Cannot read this COPY statement: ${e.message}. Its data block was skipped.`));
      this.copy = this.newCopy('', [], line, true);
      return;
    }
    if (!head) return; // not followed by data
    if (!this.wanted(head.schema, head.name, line, out)) {
      this.copy = this.newCopy(head.name, [], line, true);
      return;
    }
    const columns = this.columnsFor(head.name, head.columns);
    if (!columns) {
      out.push(this.error(line, `COPY into ${head.name} without a column list, and the dump has no CREATE TABLE for it; its data block was skipped.`));
      this.copy = this.newCopy(head.name, [], line, true);
      return;
    }
    this.copy = this.newCopy(head.name, columns, line, false);
  }

  private newCopy(table: string, columns: string[], startLine: number, skip: boolean): CopyState {
    return { table, columns, startLine, skip, pending: null, pendingLine: 0, blankLines: [] };
  }

  private createTable(text: string, line: number, out: DumpItem[]): void {
    const t = parseCreateTable(text);
    if (!t || !this.wanted(t.schema, t.name, line, out)) return;
    this.lastInsert = null; // its columns may come from the definition this replaces
    this.tables.set(t.name, this.intern(t.name, t.columns.map((c) => c.name)));
    out.push({ kind: 'table', table: t.name, columns: t.columns, line });
  }

  /** Schema public (or unqualified) is read; any other is skipped, said once per schema. */
  private wanted(schema: string | null, name: string, line: number, out: DumpItem[]): boolean {
    if (schema === null || schema === 'public') return true;
    if (!this.reportedSchemas.has(schema)) {
      this.reportedSchemas.add(schema);
      out.push({
        kind: 'error',
        finding: finding({
          code: 'dump.other_schema',
          message: `The dump holds tables of schema "${schema}" (first ${schema}.${name} at line ${line}); only schema public is read, they were skipped.`,
          file: this.file,
          line,
          details: { schema },
        }),
      });
    }
    return false;
  }

  /** The column list of a data statement: its own, else the CREATE TABLE's, else §5's. */
  private columnsFor(table: string, listed: string[] | null): string[] | null {
    if (listed) return this.intern(table, listed);
    const created = this.tables.get(table);
    if (created) return created;
    if (isDumpTable(table)) return this.intern(table, DUMP_SCHEMA[table].map((c) => c.name));
    return null;
  }

  /** One array per (table, column list), so rows share it and typers can be cached on it. */
  private intern(table: string, columns: string[]): string[] {
    const key = table + '\u0000' + columns.join('\u0000');
    let a = this.columnLists.get(key);
    if (!a) {
      a = columns;
      this.columnLists.set(key, a);
    }
    return a;
  }

  // ── inside a COPY data block ───────────────────────────────────────────

  private copyLine(cp: CopyState, raw: string, lineNo: number, out: DumpItem[], invalidUtf8: boolean): void {
    // Data carriage returns are always escaped (\r), so a raw one ends a CRLF line.
    let line = raw.charCodeAt(raw.length - 1) === 0x0d ? raw.slice(0, -1) : raw;
    let rowLine = lineNo;
    if (cp.pending !== null) {
      line = cp.pending + '\n' + line;
      rowLine = cp.pendingLine;
      cp.pending = null;
    } else if (line === '\\.') {
      this.endCopy(cp, out);
      return;
    }
    if (endsWithEscapedNewline(line)) {
      // "\" + newline: the newline is data (PostgreSQL accepts it; pg_dump writes \n instead).
      cp.pending = line;
      cp.pendingLine = rowLine;
      return;
    }
    if (cp.skip) return;
    if (invalidUtf8) {
      out.push(this.error(rowLine, `This ${cp.table} row is not valid UTF-8; it was skipped.`));
      return;
    }
    const width = cp.columns.length;
    if (line === '' && width === 0) {
      out.push({ kind: 'row', table: cp.table, columns: cp.columns, values: [], line: rowLine });
      return;
    }
    if (line === '' && width !== 1) {
      cp.blankLines.push(rowLine);
      return;
    }
    const values = parseCopyLine(line);
    if (!Array.isArray(values)) {
      this.flushBlanks(cp, out);
      out.push(this.error(rowLine, `Cannot read this ${cp.table} row: ${values.error}; it was skipped.`));
      return;
    }
    if (values.length !== width) {
      if (looksLikeSql(line)) {
        // The end marker is missing: the block ended before this line.
        out.push(
          this.error(
            cp.blankLines[0] ?? rowLine,
            `The COPY block of ${cp.table} (line ${cp.startLine}) has no end marker "\\." before line ${rowLine}.`,
          ),
        );
        this.copy = null;
        this.idleLine(line, lineNo, out, false);
        return;
      }
      this.flushBlanks(cp, out);
      out.push(
        this.error(rowLine, `This ${cp.table} row has ${values.length} field${values.length === 1 ? '' : 's'} for ${width} columns; it was skipped.`),
      );
      return;
    }
    if (cp.blankLines.length) this.flushBlanks(cp, out);
    out.push({ kind: 'row', table: cp.table, columns: cp.columns, values, line: rowLine });
  }

  private flushBlanks(cp: CopyState, out: DumpItem[]): void {
    for (const l of cp.blankLines) {
      out.push(this.error(l, `This ${cp.table} row is empty but the table has ${cp.columns.length} columns; it was skipped.`));
    }
    cp.blankLines.length = 0;
  }

  private endCopy(cp: CopyState, out: DumpItem[]): void {
    this.flushBlanks(cp, out);
    this.copy = null;
  }

  private error(line: number, message: string): DumpItem {
    return { kind: 'error', finding: finding({ code: 'dump.parse_error', message, file: this.file, line }) };
  }
}

function looksLikeSql(line: string): boolean {
  return line.startsWith('--') || STATEMENT_START.test(line) || /^\\[a-z]/.test(line);
}

/** Reads the dump in batches of items (one per block of about a MiB): the fast way to consume it. */
export async function* readDumpBatches(
  path: string,
  file: string = DUMP_FILE,
  opts: DumpReadOptions = {},
): AsyncGenerator<DumpItem[]> {
  const parser = new DumpParser(file, opts);
  let line = 0;
  for await (const block of readLineBlocks(path, opts)) {
    const out: DumpItem[] = [];
    const lines = block.lines;
    if (block.invalidUtf8 || block.tooLong) {
      const bad = new Set(block.invalidUtf8);
      const long = new Set(block.tooLong);
      for (let i = 0; i < lines.length; i++) {
        parser.pushLine(lines[i]!, block.firstLine + i, out, { invalidUtf8: bad.has(i), tooLong: long.has(i) });
      }
    } else {
      for (let i = 0; i < lines.length; i++) parser.pushLine(lines[i]!, block.firstLine + i, out);
    }
    line = block.firstLine + lines.length - 1;
    opts.onProgress?.({ bytesRead: block.bytesRead, totalBytes: block.totalBytes, line });
    if (out.length) yield out;
  }
  const out: DumpItem[] = [];
  parser.end(out);
  if (out.length) yield out;
}

/** Reads the dump item by item (rows, table definitions, findings), in file order. */
export async function* readDump(path: string, file: string = DUMP_FILE, opts: DumpReadOptions = {}): AsyncGenerator<DumpItem> {
  for await (const batch of readDumpBatches(path, file, opts)) yield* batch;
}

/** Parses a dump held in a string (small inputs, tests). */
export function parseDumpText(text: string, file: string = DUMP_FILE): DumpItem[] {
  const parser = new DumpParser(file);
  const out: DumpItem[] = [];
  const lines = text.split('\n');
  if (lines.length > 0 && lines[lines.length - 1] === '') lines.pop();
  lines.forEach((l, i) => parser.pushLine(l, i + 1, out));
  parser.end(out);
  return out;
}
