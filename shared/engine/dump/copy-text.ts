// One data line of a `COPY ... FROM stdin` block in PostgreSQL's text format:
// fields separated by tabs, `\N` alone for NULL, backslash escapes. pg_dump
// escapes every tab, newline and backslash inside values, so a line without a
// backslash is just split on tabs: that fast path is the common case and
// costs one native split per row.
import { decodeEscapes, EscapeError } from './escapes.js';

export type CopyFields = (string | null)[];

/** Fields of a COPY text line, or a message saying why it cannot be read. */
export function parseCopyLine(line: string): CopyFields | { error: string } {
  if (line.indexOf('\\') < 0) return line.split('\t');
  const out: CopyFields = [];
  let start = 0;
  let escaped = false;
  const n = line.length;
  for (let i = 0; i <= n; i++) {
    const c = i === n ? 0x09 : line.charCodeAt(i);
    if (c === 0x09) {
      if (!escaped) {
        out.push(line.slice(start, i));
      } else if (i - start === 2 && line.charCodeAt(start + 1) === 0x4e /* N */) {
        out.push(null);
      } else {
        try {
          out.push(decodeEscapes(line, 'copy', start, i));
        } catch (e) {
          if (e instanceof EscapeError) return { error: `${e.message} (column ${out.length + 1})` };
          throw e;
        }
      }
      start = i + 1;
      escaped = false;
    } else if (c === 0x5c) {
      // An escaped character, even a tab, belongs to the field.
      escaped = true;
      if (i + 1 < n) i++;
    }
  }
  return out;
}

/** True when the line ends in an odd number of backslashes: its '\n' is data. */
export function endsWithEscapedNewline(line: string): boolean {
  let k = 0;
  for (let i = line.length - 1; i >= 0 && line.charCodeAt(i) === 0x5c; i--) k++;
  return (k & 1) === 1;
}
