// Just enough SpreadsheetML reading and writing to change a few cells of a
// sheet without touching anything else: attribute parsing, text escaping,
// shared strings and cell references. The parts are Excel's own output, so
// the forms are regular (no comments or CDATA inside sheetData); anything
// else is refused by the caller rather than guessed at.

const ENTITY: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };

/** XML character references and the five named entities, decoded. */
export function decodeXml(text: string): string {
  return text.replace(/&(#x[0-9a-fA-F]+|#[0-9]+|lt|gt|amp|quot|apos);/g, (_, ref: string) => {
    if (ref.startsWith('#x')) return String.fromCodePoint(parseInt(ref.slice(2), 16));
    if (ref.startsWith('#')) return String.fromCodePoint(parseInt(ref.slice(1), 10));
    return ENTITY[ref]!;
  });
}

/** OOXML's own escape for characters XML cannot hold: `_xHHHH_`. */
export function decodeOoxmlEscapes(text: string): string {
  return text.replace(/_x([0-9A-Fa-f]{4})_/g, (_, hex: string) => String.fromCharCode(parseInt(hex, 16)));
}

/** Longest text Excel keeps in one cell. */
export const EXCEL_CELL_MAX = 32_767;

/**
 * Text made safe for a `<t>` element: characters XML 1.0 cannot carry are
 * dropped, a literal `_xHHHH_` is protected so Excel does not decode it, and
 * the five special characters are escaped.
 */
export function encodeCellText(text: string): string {
  let clean = text.replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g, '');
  clean = clean.replace(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, '');
  if (clean.length > EXCEL_CELL_MAX) clean = clean.slice(0, EXCEL_CELL_MAX - 1) + '…';
  clean = clean.replace(/_(x[0-9A-Fa-f]{4}_)/g, '_x005F_$1');
  return clean.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

export function escapeAttr(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

export interface Attr {
  /** Qualified name as written, e.g. `r`, `r:id`, `x14ac:dyDescent`. */
  name: string;
  value: string;
}

/** Attributes of a start tag's inside, in order, values decoded. */
export function parseAttributes(inside: string): Attr[] {
  const out: Attr[] = [];
  const re = /([A-Za-z_][\w.:-]*)\s*=\s*(?:"([^"]*)"|'([^']*)')/g;
  for (let m = re.exec(inside); m; m = re.exec(inside)) {
    out.push({ name: m[1]!, value: decodeXml(m[2] ?? m[3] ?? '') });
  }
  return out;
}

export function attr(attrs: Attr[], name: string): string | undefined {
  return attrs.find((a) => a.name === name)?.value;
}

/** Attribute by local name, whatever its prefix (e.g. `id` finds `r:id`). */
export function attrLocal(attrs: Attr[], local: string): string | undefined {
  return attrs.find((a) => a.name === local || a.name.endsWith(`:${local}`))?.value;
}

export function serializeAttributes(attrs: Attr[]): string {
  return attrs.map((a) => ` ${a.name}="${escapeAttr(a.value)}"`).join('');
}

/** Column letters to 1-based index: A → 1, L → 12, AA → 27. */
export function columnIndex(letters: string): number {
  let n = 0;
  for (const ch of letters.toUpperCase()) n = n * 26 + (ch.charCodeAt(0) - 64);
  return n;
}

export function columnLetters(index: number): string {
  let s = '';
  for (let n = index; n > 0; n = Math.floor((n - 1) / 26)) s = String.fromCharCode(65 + ((n - 1) % 26)) + s;
  return s;
}

/** Splits `C12` into column index and row number. */
export function parseCellRef(ref: string): { col: number; row: number } | null {
  const m = /^([A-Z]{1,3})([1-9][0-9]*)$/.exec(ref);
  return m ? { col: columnIndex(m[1]!), row: Number(m[2]) } : null;
}

/** Text of a run container (`<si>` or `<is>`): its `<t>` texts, phonetic runs left out. */
export function runText(inner: string, prefix: string): string {
  const withoutPhonetic = inner.replace(new RegExp(`<${prefix}rPh\\b[\\s\\S]*?</${prefix}rPh>`, 'g'), '');
  let text = '';
  const re = new RegExp(`<${prefix}t(?:\\s[^>]*)?>([\\s\\S]*?)</${prefix}t>`, 'g');
  for (let m = re.exec(withoutPhonetic); m; m = re.exec(withoutPhonetic)) text += m[1];
  return decodeOoxmlEscapes(decodeXml(text));
}

/** The prefix (with colon) a part uses for the SpreadsheetML main namespace, `''` when it is the default. */
export function mainPrefix(xml: string): string {
  const m = /<(?:([A-Za-z_][\w.-]*):)?(?:worksheet|workbook|sst)\b/.exec(xml);
  return m?.[1] ? `${m[1]}:` : '';
}

/** The shared string table, in order. */
export function parseSharedStrings(xml: string): string[] {
  const p = mainPrefix(xml);
  const out: string[] = [];
  const re = new RegExp(`<${p}si\\b[^>]*?(?:/>|>([\\s\\S]*?)</${p}si>)`, 'g');
  for (let m = re.exec(xml); m; m = re.exec(xml)) out.push(m[1] === undefined ? '' : runText(m[1], p));
  return out;
}

export function regexEscape(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
