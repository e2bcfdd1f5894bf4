// I-JSON (RFC 7493) parsing, as the format requires (spec "Conventions",
// clarified 2026-12-07): an object with a duplicate member name, or a string
// with an unpaired surrogate, is malformed. JSON.parse keeps the last of two
// equal names, so `"motive":"X","motive":"real"` would otherwise be read as
// one entry whose hash covers a text nobody reviewing the file sees first.
//
// JSON.parse stays the parser (fast, and the judge of syntax); the checks run
// after it and are cheap on the hot path (the JSON lines log):
// - duplicates: every member name in the text ends with `"` then `:` (blanks
//   allowed between), so the count of such spots is at least the number of
//   members written. When it equals the number of members parsed, no name was
//   written twice; only otherwise (a string value holding `\":`, or a real
//   duplicate) does the scanner below walk the text;
// - surrogates: only when the text holds a `\uD800`–`\uDFFF` escape or is not
//   well-formed itself are the parsed strings checked.
// Neither check recurses: nesting depth cannot overflow the stack.

/** Thrown for valid JSON that is not I-JSON; a SyntaxError, so callers' JSON error paths report it. */
export class IJsonError extends SyntaxError {
  override name = 'IJsonError';
}

const SURROGATE_ESCAPE = /\\u[dD][89a-fA-F]/;
// A high surrogate not followed by a low one, or a low one not preceded by a high one (code units, no u flag).
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** String#isWellFormed (ES2024), which the project's TypeScript lib (ES2023) does not declare. */
function wellFormed(s: string): boolean {
  return !LONE_SURROGATE.test(s);
}
const NAME_END = /"[ \t\r\n]*:/g;
const ANY_SURROGATE = /[\uD800-\uDFFF]/;
const SPACED_NAME_END = /"[ \t\r\n]+:/;

/** JSON.parse, refusing what I-JSON forbids (duplicate member names, unpaired surrogates). */
export function parseStrictJson(text: string): unknown {
  const value: unknown = JSON.parse(text);
  if (typeof value !== 'object' || value === null) {
    if (typeof value === 'string' && !wellFormed(value)) throw new IJsonError('a string holds an unpaired surrogate (not I-JSON)');
    return value;
  }
  // Text decoded from UTF-8 holds no raw surrogate half: the simple class test almost always says no.
  const checkStrings = SURROGATE_ESCAPE.test(text) || (ANY_SURROGATE.test(text) && !wellFormed(text));
  const members = walk(value, checkStrings);
  if (members > 0 && countNameEnds(text) !== members) {
    const dup = findDuplicateName(text);
    if (dup !== null) throw new IJsonError(`member name ${JSON.stringify(dup.slice(0, 60))} appears twice in one object (not I-JSON)`);
  }
  return value;
}

function countNameEnds(text: string): number {
  let n = 0;
  // Compact text (what the appliance writes) needs only indexOf; blanks before a colon need the regex.
  if (!SPACED_NAME_END.test(text)) {
    for (let i = text.indexOf('":'); i !== -1; i = text.indexOf('":', i + 2)) n++;
    return n;
  }
  NAME_END.lastIndex = 0;
  while (NAME_END.exec(text) !== null) n++;
  return n;
}

/** Counts object members, and checks strings (names and values) when asked; iterative. */
function walk(root: object, checkStrings: boolean): number {
  let members = 0;
  const stack: unknown[] = [root];
  while (stack.length > 0) {
    const v = stack.pop();
    if (typeof v === 'string') {
      if (checkStrings && !wellFormed(v)) throw new IJsonError('a string holds an unpaired surrogate (not I-JSON)');
    } else if (Array.isArray(v)) {
      for (const x of v) if (typeof x === 'object' || (checkStrings && typeof x === 'string')) stack.push(x);
    } else if (typeof v === 'object' && v !== null) {
      for (const [k, x] of Object.entries(v)) {
        members++;
        if (checkStrings && !wellFormed(k)) throw new IJsonError('a member name holds an unpaired surrogate (not I-JSON)');
        if (typeof x === 'object' || (checkStrings && typeof x === 'string')) stack.push(x);
      }
    }
  }
  return members;
}

/**
 * The first member name written twice in one object of `text`, which JSON.parse
 * already accepted (so the syntax is known good), or null. Names are compared
 * decoded: "a" and "\u0061" are the same name. One pass, an explicit stack.
 */
export function findDuplicateName(text: string): string | null {
  // Per open container: null for an array, the names seen for an object.
  const stack: (Set<string> | null)[] = [];
  let expectName = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x22 /* " */) {
      let j = i + 1;
      let escaped = false;
      for (; j < text.length; j++) {
        const d = text.charCodeAt(j);
        if (d === 0x5c /* \ */) {
          escaped = true;
          j++;
        } else if (d === 0x22) break;
      }
      const top = stack[stack.length - 1];
      if (expectName && top) {
        const raw = text.slice(i + 1, j);
        const name = escaped ? (JSON.parse(text.slice(i, j + 1)) as string) : raw;
        if (top.has(name)) return name;
        top.add(name);
        expectName = false;
      }
      i = j;
    } else if (c === 0x7b /* { */) {
      stack.push(new Set());
      expectName = true;
    } else if (c === 0x5b /* [ */) {
      stack.push(null);
      expectName = false;
    } else if (c === 0x7d /* } */ || c === 0x5d /* ] */) {
      stack.pop();
      expectName = false;
    } else if (c === 0x2c /* , */) {
      expectName = stack[stack.length - 1] != null;
    }
  }
  return null;
}
