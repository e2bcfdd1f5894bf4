// The three statements of a plain pg_dump that carry what the workstation
// reads: INSERT (pg_dump --inserts / --column-inserts / --rows-per-insert),
// the COPY header that opens a data block, and CREATE TABLE for column names
// and types. Values come out as the text COPY would have written for them,
// so both dump forms give the same rows: booleans as `t`/`f`, numbers as
// written, strings with their quoting undone.
import { decodeEscapes, EscapeError } from './escapes.js';
import { SqlCursor, SqlSyntaxError } from './sql-lexer.js';

export interface QualifiedName {
  schema: string | null;
  name: string;
}

export interface InsertHead extends QualifiedName {
  /** The column list (--column-inserts), or null when the statement has none. */
  columns: string[] | null;
  /** `INSERT ... DEFAULT VALUES`: one row with no values. */
  defaultValues: boolean;
}

/** Reads `INSERT INTO name [(cols)] [OVERRIDING ... VALUE]` and the VALUES keyword. */
export function parseInsertHead(cur: SqlCursor): InsertHead {
  cur.expectKeyword('INSERT');
  cur.expectKeyword('INTO');
  const { schema, name } = cur.qualifiedName();
  cur.skipSpace();
  const columns = cur.peek() === 0x28 ? cur.identifierList() : null;
  if (cur.keyword('OVERRIDING')) {
    if (!cur.keyword('SYSTEM') && !cur.keyword('USER')) cur.fail('expected SYSTEM or USER');
    cur.expectKeyword('VALUE');
  }
  if (cur.keyword('DEFAULT')) {
    cur.expectKeyword('VALUES');
    return { schema, name, columns, defaultValues: true };
  }
  cur.expectKeyword('VALUES');
  return { schema, name, columns, defaultValues: false };
}

/**
 * Reads the tuples after VALUES up to the final `;`. `onRow` gets each tuple's
 * values and the offset of its `(`; `onBadRow` a tuple whose value count is not
 * `width` (the statement goes on). A syntax error ends the statement: it
 * throws SqlSyntaxError.
 */
export function parseInsertTuples(
  cur: SqlCursor,
  width: number,
  onRow: (values: (string | null)[], offset: number) => void,
  onBadRow: (message: string, offset: number) => void,
): void {
  for (;;) {
    cur.skipSpace();
    const at = cur.pos;
    cur.expect('(');
    const values: (string | null)[] = [];
    if (!cur.eat(')')) {
      do values.push(literal(cur));
      while (cur.eat(','));
      cur.expect(')', '"," or ")"');
    }
    if (values.length === width) onRow(values, at);
    else onBadRow(`row has ${values.length} values, the table has ${width} columns`, at);
    if (cur.eat(',')) continue;
    break;
  }
  endOfInsert(cur);
}

/** After the values: optional `ON CONFLICT DO NOTHING` (pg_dump --on-conflict-do-nothing), then `;`. */
export function endOfInsert(cur: SqlCursor): void {
  if (cur.keyword('ON')) {
    cur.expectKeyword('CONFLICT');
    cur.expectKeyword('DO');
    cur.expectKeyword('NOTHING');
  }
  cur.expect(';', '"," or ";"');
  cur.skipSpace();
  if (!cur.done) cur.fail('unexpected text after ";"');
}

const NUMBER = /[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?/y;

/** One value of a VALUES tuple, as COPY's text format would hold it. */
function literal(cur: SqlCursor): string | null {
  cur.skipSpace();
  const t = cur.text;
  const at = cur.pos;
  const c = cur.peek();
  if (c === 0x27) return quoted(cur, !cur.standardStrings);
  if (c === 0x2d || c === 0x2b || c === 0x2e || (c >= 0x30 && c <= 0x39)) {
    NUMBER.lastIndex = at;
    const m = NUMBER.exec(t);
    if (!m) cur.fail('expected a value');
    cur.pos = at + m[0].length;
    if (cur.pos < t.length && isWordChar(t.charCodeAt(cur.pos))) cur.fail('malformed number', at);
    return m[0].charCodeAt(0) === 0x2b ? m[0].slice(1) : m[0];
  }
  const w = cur.word();
  if (w === null) cur.fail('expected a value', at);
  // A one-letter prefix glued to a quote: E'...', B'0101', X'1F', N'...'.
  if (w.length === 1 && cur.peek() === 0x27 && cur.pos === at + 1) {
    const p = w.toUpperCase();
    if (p === 'E') return quoted(cur, true);
    if (p === 'B' || p === 'X' || p === 'N') return quoted(cur, !cur.standardStrings);
  }
  switch (w.toUpperCase()) {
    case 'NULL':
      return null;
    case 'TRUE':
      return 't';
    case 'FALSE':
      return 'f';
  }
  return cur.fail(`unexpected "${w}" where a value was expected`, at);
}

function isWordChar(c: number): boolean {
  return (c >= 0x61 && c <= 0x7a) || (c >= 0x41 && c <= 0x5a) || (c >= 0x30 && c <= 0x39) || c === 0x5f;
}

/** A '...' string at the cursor; `escapes` for E'...' (backslash escapes, and '' too). */
function quoted(cur: SqlCursor, escapes: boolean): string {
  const t = cur.text;
  const open = cur.pos;
  let i = open + 1;
  let out = '';
  for (;;) {
    let j: number;
    if (escapes) {
      j = i;
      for (; j < t.length; j++) {
        const c = t.charCodeAt(j);
        if (c === 0x5c) j++;
        else if (c === 0x27) break;
      }
      if (j >= t.length) j = -1;
    } else {
      j = t.indexOf("'", i);
    }
    if (j < 0) cur.fail('quoted string never closed', open);
    if (escapes) {
      try {
        out += decodeEscapes(t, 'estring', i, j);
      } catch (e) {
        if (e instanceof EscapeError) cur.fail(e.message, open);
        throw e;
      }
    } else {
      out += t.slice(i, j);
    }
    if (t.charCodeAt(j + 1) === 0x27) {
      out += "'";
      i = j + 2;
    } else {
      cur.pos = j + 1;
      return out;
    }
  }
}

export interface CopyHead extends QualifiedName {
  columns: string[] | null;
}

/**
 * Reads a COPY statement. Returns its target when it is `COPY name [(cols)]
 * FROM stdin;` (data lines follow), null for any other COPY (nothing follows
 * in the dump); throws for a COPY FROM stdin with options this reader does
 * not support (its data block must then be skipped).
 */
export function parseCopyHead(text: string): CopyHead | null {
  const cur = new SqlCursor(text);
  cur.expectKeyword('COPY');
  cur.skipSpace();
  if (cur.peek() === 0x28) return null; // COPY (query) TO ...
  const { schema, name } = cur.qualifiedName();
  cur.skipSpace();
  const columns = cur.peek() === 0x28 ? cur.identifierList() : null;
  if (!cur.keyword('FROM')) return null;
  if (!cur.keyword('STDIN')) return null;
  if (!cur.eat(';')) throw new SqlSyntaxError('COPY options are not supported (only the text format pg_dump writes)', cur.pos);
  return { schema, name, columns };
}

export interface TableColumn {
  name: string;
  /** Declared type, lower case, e.g. `timestamp with time zone`. */
  type: string;
}

const ELEMENT_CONSTRAINT = /^(?:CONSTRAINT|PRIMARY|UNIQUE|CHECK|FOREIGN|EXCLUDE|LIKE)\b/i;
const COLUMN_CLAUSE = /\s(?:NOT\s+NULL|NULL|DEFAULT|COLLATE|CONSTRAINT|GENERATED|CHECK|REFERENCES|PRIMARY|UNIQUE|COMPRESSION|STORAGE)\b/i;

/** The columns of `CREATE [...] TABLE name (...)`, or null for forms without a column list (PARTITION OF, OF type). */
export function parseCreateTable(text: string): (QualifiedName & { columns: TableColumn[] }) | null {
  const cur = new SqlCursor(text);
  cur.expectKeyword('CREATE');
  while (!cur.keyword('TABLE')) {
    if (cur.word() === null) return null;
  }
  if (cur.keyword('IF')) {
    cur.expectKeyword('NOT');
    cur.expectKeyword('EXISTS');
  }
  const { schema, name } = cur.qualifiedName();
  if (!cur.eat('(')) return null;
  const columns: TableColumn[] = [];
  if (!cur.eat(')')) {
    do {
      cur.skipSpace();
      const element = cur.skipElement().trim();
      if (element === '' || ELEMENT_CONSTRAINT.test(element)) continue;
      const sub = new SqlCursor(element);
      const colName = sub.identifier();
      const rest = element.slice(sub.pos);
      const cut = rest.search(COLUMN_CLAUSE);
      const type = (cut < 0 ? rest : rest.slice(0, cut)).trim().replace(/\s+/g, ' ').toLowerCase();
      columns.push({ name: colName, type });
    } while (cur.eat(','));
    cur.expect(')', '"," or ")"');
  }
  return { schema, name, columns };
}
