// Just enough of PostgreSQL's lexical rules to read pg_dump output as data:
// where a statement ends (a `;` outside quotes, dollar quotes and comments,
// possibly many lines later) and a cursor to take a finished statement apart.
// Nothing here evaluates SQL.

export class SqlSyntaxError extends Error {
  constructor(
    message: string,
    /** Offset in the statement text where the problem was seen. */
    readonly offset: number,
  ) {
    super(message);
  }
}

export const LexMode = { Top: 0, Single: 1, EString: 2, Double: 3, Dollar: 4, Block: 5 } as const;
export type LexMode = (typeof LexMode)[keyof typeof LexMode];

/** Lexical state carried from one line of a statement to the next. */
export interface LexState {
  mode: LexMode;
  /** Dollar-quote tag, `$tag$`, when mode is Dollar. */
  tag: string;
  /** Nesting depth of block comments. */
  depth: number;
  /** Physical line where the open quote or comment started. */
  openLine: number;
  /** Open parentheses: like psql, a `;` inside them does not end the statement. */
  parens: number;
  /**
   * The statement is CREATE [OR REPLACE] FUNCTION|PROCEDURE: like psql, track
   * BEGIN (ATOMIC) ... END, whose `;` do not end the statement either, so a
   * SQL-standard body's INSERTs are never read as data.
   */
  routine: boolean;
  begins: number;
}

export function newLexState(firstLine = ''): LexState {
  return { mode: LexMode.Top, tag: '', depth: 0, openLine: 0, parens: 0, routine: ROUTINE.test(firstLine), begins: 0 };
}

const ROUTINE = /^\s*CREATE\s+(?:OR\s+REPLACE\s+)?(?:FUNCTION|PROCEDURE)\b/i;
const TOP_SPECIAL = /[;'"$\-/()]/g;
const TOP_ROUTINE = /[;'"$\-/()]|[A-Za-z_\u0080-\uffff][A-Za-z0-9_$\u0080-\uffff]*/g;
const DOLLAR_TAG = /\$(?:[A-Za-z_\u0080-\uffff][A-Za-z_0-9\u0080-\uffff]*)?\$/y;

function isWordStart(c: number): boolean {
  return (c >= 0x61 && c <= 0x7a) || (c >= 0x41 && c <= 0x5a) || c === 0x5f || c >= 0x80;
}

export function isIdentChar(c: number): boolean {
  return (
    (c >= 0x61 && c <= 0x7a) || (c >= 0x41 && c <= 0x5a) || (c >= 0x30 && c <= 0x39) || c === 0x5f || c === 0x24 || c >= 0x80
  );
}

/**
 * Scans `line` from `from` under `st` (updated in place). Returns the index of
 * the `;` that ends the statement at top level, or -1 when the statement goes
 * on past this line. With `standardStrings` off (a dump that says
 * `SET standard_conforming_strings = off`), '...' takes backslash escapes.
 */
export function scanLine(line: string, from: number, st: LexState, lineNo: number, standardStrings = true): number {
  let i = from;
  const n = line.length;
  while (i < n) {
    switch (st.mode) {
      case LexMode.Top: {
        const re = st.routine ? TOP_ROUTINE : TOP_SPECIAL;
        re.lastIndex = i;
        const m = re.exec(line);
        if (!m) return -1;
        const j = m.index;
        const c = line.charCodeAt(j);
        if (m[0].length > 1 || isWordStart(c)) {
          // A word (routine statements only).
          i = j + m[0].length;
          const w = m[0].length <= 5 ? m[0].toUpperCase() : '';
          if (w === 'E' && line.charCodeAt(i) === 0x27) {
            st.mode = LexMode.EString;
            st.openLine = lineNo;
            i++;
          } else if (st.parens === 0) {
            if (w === 'BEGIN') st.begins++;
            else if (w === 'CASE' && st.begins > 0) st.begins++;
            else if (w === 'END' && st.begins > 0) st.begins--;
          }
          break;
        }
        if (c === 0x3b /* ; */) {
          if (st.parens === 0 && st.begins === 0) return j;
          i = j + 1;
        } else if (c === 0x28 /* ( */) {
          st.parens++;
          i = j + 1;
        } else if (c === 0x29 /* ) */) {
          if (st.parens > 0) st.parens--;
          i = j + 1;
        } else if (c === 0x27 /* ' */) {
          const p = j > 0 ? line.charCodeAt(j - 1) : 0;
          const isE = (p === 0x45 || p === 0x65) && (j < 2 || !isIdentChar(line.charCodeAt(j - 2)));
          st.mode = isE || !standardStrings ? LexMode.EString : LexMode.Single;
          st.openLine = lineNo;
          i = j + 1;
        } else if (c === 0x22 /* " */) {
          st.mode = LexMode.Double;
          st.openLine = lineNo;
          i = j + 1;
        } else if (c === 0x24 /* $ */) {
          DOLLAR_TAG.lastIndex = j;
          const t = j > 0 && isIdentChar(line.charCodeAt(j - 1)) ? null : DOLLAR_TAG.exec(line);
          if (t) {
            st.mode = LexMode.Dollar;
            st.tag = t[0];
            st.openLine = lineNo;
            i = j + t[0].length;
          } else {
            i = j + 1;
          }
        } else if (c === 0x2d /* - */) {
          if (line.charCodeAt(j + 1) === 0x2d) return -1; // comment to end of line
          i = j + 1;
        } else {
          // '/'
          if (line.charCodeAt(j + 1) === 0x2a) {
            st.mode = LexMode.Block;
            st.depth = 1;
            st.openLine = lineNo;
            i = j + 2;
          } else {
            i = j + 1;
          }
        }
        break;
      }
      case LexMode.Single:
      case LexMode.Double: {
        const q = st.mode === LexMode.Single ? "'" : '"';
        const j = line.indexOf(q, i);
        if (j < 0) return -1;
        if (j + 1 < n && line[j + 1] === q) {
          i = j + 2; // doubled quote
        } else {
          st.mode = LexMode.Top;
          i = j + 1;
        }
        break;
      }
      case LexMode.EString: {
        let j = i;
        for (; j < n; j++) {
          const c = line.charCodeAt(j);
          if (c === 0x5c) j++;
          else if (c === 0x27) break;
        }
        if (j >= n) return -1;
        if (j + 1 < n && line.charCodeAt(j + 1) === 0x27) {
          i = j + 2;
        } else {
          st.mode = LexMode.Top;
          i = j + 1;
        }
        break;
      }
      case LexMode.Dollar: {
        const j = line.indexOf(st.tag, i);
        if (j < 0) return -1;
        st.mode = LexMode.Top;
        i = j + st.tag.length;
        break;
      }
      case LexMode.Block: {
        const open = line.indexOf('/*', i);
        const close = line.indexOf('*/', i);
        if (close < 0 && open < 0) return -1;
        if (open >= 0 && (close < 0 || open < close)) {
          st.depth++;
          i = open + 2;
        } else {
          st.depth--;
          i = close + 2;
          if (st.depth === 0) st.mode = LexMode.Top;
        }
        break;
      }
    }
  }
  return -1;
}

function isSpace(c: number): boolean {
  return c === 0x20 || c === 0x09 || c === 0x0a || c === 0x0d || c === 0x0c || c === 0x0b;
}

/** Lower-cases ASCII letters only, as PostgreSQL folds unquoted identifiers. */
function foldAscii(s: string): string {
  return /[A-Z]/.test(s) ? s.replace(/[A-Z]+/g, (m) => m.toLowerCase()) : s;
}

/** A forward-only reader over one complete statement's text. */
export class SqlCursor {
  pos = 0;
  constructor(
    readonly text: string,
    /** False after `SET standard_conforming_strings = off`: '...' then takes backslash escapes. */
    readonly standardStrings = true,
  ) {}

  get done(): boolean {
    return this.pos >= this.text.length;
  }

  peek(): number {
    return this.pos < this.text.length ? this.text.charCodeAt(this.pos) : -1;
  }

  fail(message: string, at = this.pos): never {
    throw new SqlSyntaxError(message, at);
  }

  /** Skips whitespace and comments. */
  skipSpace(): void {
    const t = this.text;
    for (;;) {
      const c = t.charCodeAt(this.pos);
      if (isSpace(c)) {
        this.pos++;
      } else if (c === 0x2d && t.charCodeAt(this.pos + 1) === 0x2d) {
        const nl = t.indexOf('\n', this.pos);
        this.pos = nl < 0 ? t.length : nl + 1;
      } else if (c === 0x2f && t.charCodeAt(this.pos + 1) === 0x2a) {
        let depth = 1;
        let i = this.pos + 2;
        while (depth > 0) {
          const open = t.indexOf('/*', i);
          const close = t.indexOf('*/', i);
          if (close < 0) this.fail('comment never closed', this.pos);
          if (open >= 0 && open < close) {
            depth++;
            i = open + 2;
          } else {
            depth--;
            i = close + 2;
          }
        }
        this.pos = i;
      } else {
        return;
      }
    }
  }

  /** Consumes `ch` (after spaces) or returns false. */
  eat(ch: string): boolean {
    this.skipSpace();
    if (this.text.charCodeAt(this.pos) === ch.charCodeAt(0)) {
      this.pos++;
      return true;
    }
    return false;
  }

  expect(ch: string, what = `"${ch}"`): void {
    if (!this.eat(ch)) this.fail(`expected ${what}`);
  }

  /** An unquoted word (keyword or identifier) as written, or null. */
  word(): string | null {
    this.skipSpace();
    const t = this.text;
    const start = this.pos;
    const c = t.charCodeAt(start);
    if (!((c >= 0x61 && c <= 0x7a) || (c >= 0x41 && c <= 0x5a) || c === 0x5f || c >= 0x80)) return null;
    let i = start + 1;
    while (i < t.length && isIdentChar(t.charCodeAt(i))) i++;
    this.pos = i;
    return t.slice(start, i);
  }

  /** Consumes the keyword `kw` (case-insensitive) or returns false. */
  keyword(kw: string): boolean {
    const save = this.pos;
    const w = this.word();
    if (w !== null && w.toUpperCase() === kw) return true;
    this.pos = save;
    return false;
  }

  expectKeyword(kw: string): void {
    if (!this.keyword(kw)) this.fail(`expected ${kw}`);
  }

  /** An identifier: "quoted" as written, unquoted folded to lower case. */
  identifier(): string {
    this.skipSpace();
    const t = this.text;
    if (t.charCodeAt(this.pos) === 0x22) {
      let out = '';
      let i = this.pos + 1;
      for (;;) {
        const j = t.indexOf('"', i);
        if (j < 0) this.fail('quoted identifier never closed');
        out += t.slice(i, j);
        if (t.charCodeAt(j + 1) === 0x22) {
          out += '"';
          i = j + 2;
        } else {
          this.pos = j + 1;
          break;
        }
      }
      if (out === '') this.fail('empty quoted identifier');
      return out;
    }
    const w = this.word();
    if (w === null) this.fail('expected a name');
    return foldAscii(w);
  }

  /** `schema.name` or `name` (schema null). */
  qualifiedName(): { schema: string | null; name: string } {
    const first = this.identifier();
    if (this.text.charCodeAt(this.pos) === 0x2e) {
      this.pos++;
      return { schema: first, name: this.identifier() };
    }
    return { schema: null, name: first };
  }

  /** `(a, "B", c)` */
  identifierList(): string[] {
    this.expect('(');
    const out: string[] = [];
    if (this.eat(')')) return out;
    do out.push(this.identifier());
    while (this.eat(','));
    this.expect(')', '"," or ")"');
    return out;
  }

  /**
   * Skips to the next `,` or `)` at this parenthesis depth (not consuming
   * it), honouring quotes; returns the text skipped.
   */
  skipElement(): string {
    const t = this.text;
    const start = this.pos;
    let depth = 0;
    let i = this.pos;
    while (i < t.length) {
      const c = t.charCodeAt(i);
      if (c === 0x28) depth++;
      else if (c === 0x29) {
        if (depth === 0) break;
        depth--;
      } else if (c === 0x2c && depth === 0) break;
      else if (c === 0x27 || c === 0x22) {
        const q = t[i]!;
        let j = i + 1;
        for (;;) {
          j = t.indexOf(q, j);
          if (j < 0) this.fail('quote never closed', i);
          if (t[j + 1] === q) j += 2;
          else break;
        }
        i = j;
      } else if (c === 0x2d && t.charCodeAt(i + 1) === 0x2d) {
        const nl = t.indexOf('\n', i);
        i = nl < 0 ? t.length : nl;
      }
      i++;
    }
    this.pos = i;
    return t.slice(start, i);
  }
}
