// Backslash escapes of PostgreSQL's COPY text format and of E'...' string
// constants. Octal and hex escapes denote BYTES, not characters (COPY reads
// `\303\251` as the two bytes of "é"), so runs of byte escapes are collected
// and decoded as UTF-8 together; a run that is not valid UTF-8, or a NUL byte,
// is refused as PostgreSQL refuses it ("invalid byte sequence for encoding").

export class EscapeError extends Error {}

const utf8 = new TextDecoder('utf-8', { fatal: true });

function isOctal(c: number): boolean {
  return c >= 0x30 && c <= 0x37;
}

function hexValue(c: number): number {
  if (c >= 0x30 && c <= 0x39) return c - 0x30;
  if (c >= 0x41 && c <= 0x46) return c - 0x41 + 10;
  if (c >= 0x61 && c <= 0x66) return c - 0x61 + 10;
  return -1;
}

/**
 * Decodes backslash escapes in `text` (the part between `start` and `end`).
 * `mode` 'copy': \b \f \n \r \t \v, \ooo, \xhh, any other char as itself.
 * `mode` 'estring': \b \f \n \r \t, \ooo, \xhh, \uXXXX, \UXXXXXXXX, any other as itself.
 * Throws EscapeError for bytes that are not UTF-8, NUL, or a bad \u escape.
 */
export function decodeEscapes(text: string, mode: 'copy' | 'estring', start = 0, end = text.length): string {
  let out = '';
  let bytes: number[] | null = null;
  let i = start;
  let runStart = start;
  const flushBytes = (): void => {
    if (!bytes) return;
    if (bytes.includes(0)) throw new EscapeError('a NUL byte (\\0) is not allowed in text');
    try {
      out += utf8.decode(Uint8Array.from(bytes));
    } catch {
      throw new EscapeError('octal or hex escapes do not form valid UTF-8');
    }
    bytes = null;
  };
  while (i < end) {
    const bs = text.indexOf('\\', i);
    if (bs < 0 || bs >= end) break;
    if (bs > runStart) {
      flushBytes();
      out += text.slice(runStart, bs);
    }
    i = bs + 1;
    if (i >= end) {
      // A lone trailing backslash: COPY would have joined the next line; an
      // E-string cannot end here. Keep it as itself.
      flushBytes();
      out += '\\';
      runStart = i;
      break;
    }
    const c = text.charCodeAt(i);
    let byte = -1;
    let ch: string | null = null;
    switch (c) {
      case 0x62 /* b */:
        ch = '\b';
        i++;
        break;
      case 0x66 /* f */:
        ch = '\f';
        i++;
        break;
      case 0x6e /* n */:
        ch = '\n';
        i++;
        break;
      case 0x72 /* r */:
        ch = '\r';
        i++;
        break;
      case 0x74 /* t */:
        ch = '\t';
        i++;
        break;
      case 0x76 /* v */:
        ch = mode === 'copy' ? '\v' : 'v';
        i++;
        break;
      case 0x78 /* x */: {
        const h1 = i + 1 < end ? hexValue(text.charCodeAt(i + 1)) : -1;
        if (h1 < 0) {
          ch = 'x';
          i++;
          break;
        }
        const h2 = i + 2 < end ? hexValue(text.charCodeAt(i + 2)) : -1;
        if (h2 < 0) {
          byte = h1;
          i += 2;
        } else {
          byte = h1 * 16 + h2;
          i += 3;
        }
        break;
      }
      case 0x75 /* u */:
      case 0x55 /* U */: {
        if (mode === 'copy') {
          ch = String.fromCharCode(c);
          i++;
          break;
        }
        const n = c === 0x75 ? 4 : 8;
        const hex = text.slice(i + 1, i + 1 + n);
        if (hex.length !== n || !/^[0-9A-Fa-f]+$/.test(hex)) throw new EscapeError(`invalid Unicode escape \\${String.fromCharCode(c)}${hex}`);
        const cp = parseInt(hex, 16);
        if (cp === 0 || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) throw new EscapeError(`invalid Unicode code point U+${hex}`);
        ch = String.fromCodePoint(cp);
        i += 1 + n;
        break;
      }
      default:
        if (isOctal(c)) {
          let v = c - 0x30;
          i++;
          if (i < end && isOctal(text.charCodeAt(i))) {
            v = v * 8 + text.charCodeAt(i) - 0x30;
            i++;
            if (i < end && isOctal(text.charCodeAt(i))) {
              v = v * 8 + text.charCodeAt(i) - 0x30;
              i++;
            }
          }
          byte = v & 0xff; // PostgreSQL keeps the low 8 bits of \777
        } else {
          // Any other escaped character stands for itself (\\ \' \" \. ...).
          // Take a whole surrogate pair so an escaped emoji stays intact.
          const cp = text.codePointAt(i)!;
          ch = String.fromCodePoint(cp);
          i += cp > 0xffff ? 2 : 1;
        }
    }
    if (byte >= 0) {
      (bytes ??= []).push(byte);
    } else {
      flushBytes();
      out += ch!;
    }
    runStart = i;
  }
  if (runStart < end) {
    flushBytes();
    out += text.slice(runStart, end);
  }
  flushBytes();
  return out;
}
