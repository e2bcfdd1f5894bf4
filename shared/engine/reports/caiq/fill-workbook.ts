// Fills the user's own official CSA workbook (the CAIQ v4 STAR questionnaire)
// in place: only cells C to F of the CAIQ-Lite rows of the `CAIQv…` sheet
// change; every other part of the package, and every other cell, style, data
// validation, merge and hidden column of that sheet, is kept as it was.
//
// Why not a spreadsheet library: a load-and-save round trip rewrites every
// part and loses what the library does not model (extension lists, some
// validations and formats). Here the package is treated as the zip of XML it
// is, and only the changed cells of one sheet part are rewritten.
//
// Values go in as inline strings (`t="inlineStr"`): the shared string table
// stays byte-identical, and no value can ever become a formula, whatever the
// evidence holds (`=`, `+`, `-`, `@` at the start are just text).
import { posix } from 'node:path';
import type { CaiqAnswer } from './answer-types.js';
import { implementationCell } from './citations-text.js';
import { readZipPackage, writeZipPackage, type ZipPart } from '../zip-package.js';
import {
  attr,
  attrLocal,
  columnLetters,
  encodeCellText,
  mainPrefix,
  parseAttributes,
  parseCellRef,
  parseSharedStrings,
  regexEscape,
  runText,
  serializeAttributes,
  decodeXml,
  type Attr,
} from './sheet-xml.js';
import { EngineError } from '../../engine-error.js';

/** The official CAIQ workbook is well under 1 MB. */
export const WORKBOOK_LIMITS = { what: 'workbook', maxBytes: 64 << 20 };

export class WorkbookError extends EngineError {
  constructor(message: string, options?: { cause?: unknown }) {
    super('WORKBOOK_INVALID', message, options);
    this.name = 'WorkbookError';
  }
}

export interface FillResult {
  bytes: Buffer;
  /** Name of the sheet filled, e.g. `CAIQv4.0.3`. */
  sheet: string;
  /** Question ids whose row was written. */
  filled: string[];
  /** Answered questions the workbook has no row for. */
  missingRows: string[];
  /** Question ids found on more than one row (only the first is filled). */
  duplicateRows: string[];
  /** Set when a replaced cell held a formula, so Excel's calculation chain had to be dropped. */
  calcChainDropped: boolean;
}

const REL_OFFICE_DOCUMENT = /\/officeDocument$/;
const REL_WORKSHEET = /\/worksheet$/;
const REL_SHARED_STRINGS = /\/sharedStrings$/;
const REL_CALC_CHAIN = /\/calcChain$/;

/** Columns C to F: answer, ownership, implementation, customer responsibilities. */
const FIRST_COL = 3;
const LAST_COL = 6;

interface Relationship {
  id: string;
  type: string;
  target: string;
  external: boolean;
}

function relsPathFor(part: string): string {
  return posix.join(posix.dirname(part), '_rels', `${posix.basename(part)}.rels`);
}

function parseRels(xml: string): Relationship[] {
  const out: Relationship[] = [];
  const re = /<(?:[\w.-]+:)?Relationship\b([^>]*?)\/?>/g;
  for (let m = re.exec(xml); m; m = re.exec(xml)) {
    const a = parseAttributes(m[1]!);
    out.push({ id: attr(a, 'Id') ?? '', type: attr(a, 'Type') ?? '', target: attr(a, 'Target') ?? '', external: attr(a, 'TargetMode') === 'External' });
  }
  return out;
}

/** Part name a relationship of `source` points to (package-relative, no leading slash). */
function resolveTarget(source: string, target: string): string {
  if (target.startsWith('/')) return posix.normalize(target.slice(1));
  const base = source === '' ? '' : posix.dirname(source);
  return posix.normalize(posix.join(base, target));
}

class Package {
  private readonly byName: Map<string, ZipPart>;
  constructor(readonly parts: ZipPart[]) {
    this.byName = new Map(parts.map((p) => [p.name, p]));
  }
  text(name: string): string | undefined {
    return this.byName.get(name)?.data.toString('utf8');
  }
  require(name: string, what: string): string {
    const t = this.text(name);
    if (t === undefined) throw new WorkbookError(`not an Excel workbook: ${what} (${name}) is missing`);
    return t;
  }
  set(name: string, text: string): void {
    const p = this.byName.get(name);
    if (p) p.data = Buffer.from(text, 'utf8');
  }
  remove(name: string): void {
    const i = this.parts.findIndex((p) => p.name === name);
    if (i >= 0) this.parts.splice(i, 1);
    this.byName.delete(name);
  }
}

interface SheetLocation {
  name: string;
  part: string;
  workbookPart: string;
  sharedStringsPart?: string;
  calcChainPart?: string;
}

function locateCaiqSheet(pkg: Package): SheetLocation {
  const rootRels = parseRels(pkg.require('_rels/.rels', 'the package relationships'));
  const office = rootRels.find((r) => REL_OFFICE_DOCUMENT.test(r.type));
  if (!office) throw new WorkbookError('not an Excel workbook: no main document');
  const workbookPart = resolveTarget('', office.target);
  const workbookXml = pkg.require(workbookPart, 'the workbook part');
  const wbRels = parseRels(pkg.require(relsPathFor(workbookPart), 'the workbook relationships'));
  const p = mainPrefix(workbookXml);
  const sheets: { name: string; rid: string }[] = [];
  const re = new RegExp(`<${regexEscape(p)}sheet\\b([^>]*?)/?>`, 'g');
  for (let m = re.exec(workbookXml); m; m = re.exec(workbookXml)) {
    const a = parseAttributes(m[1]!);
    sheets.push({ name: attr(a, 'name') ?? '', rid: attrLocal(a, 'id') ?? '' });
  }
  const sheet = sheets.find((s) => s.name.startsWith('CAIQv'));
  if (!sheet) {
    throw new WorkbookError(`no CAIQ sheet: the workbook's sheets are ${sheets.map((s) => `"${s.name}"`).join(', ') || 'none'}, none starts with "CAIQv"`);
  }
  const rel = wbRels.find((r) => r.id === sheet.rid && REL_WORKSHEET.test(r.type) && !r.external);
  if (!rel) throw new WorkbookError(`sheet "${sheet.name}" is not a worksheet part`);
  const part = resolveTarget(workbookPart, rel.target);
  const ss = wbRels.find((r) => REL_SHARED_STRINGS.test(r.type) && !r.external);
  const cc = wbRels.find((r) => REL_CALC_CHAIN.test(r.type) && !r.external);
  return {
    name: sheet.name,
    part,
    workbookPart,
    ...(ss ? { sharedStringsPart: resolveTarget(workbookPart, ss.target) } : {}),
    ...(cc ? { calcChainPart: resolveTarget(workbookPart, cc.target) } : {}),
  };
}

interface CellToken {
  kind: 'cell';
  col: number;
  attrs: Attr[];
  inner: string | undefined;
  raw: string;
}
type Token = CellToken | { kind: 'other'; raw: string };

function tokenizeRow(inner: string, p: string): Token[] {
  const tokens: Token[] = [];
  const re = new RegExp(`<${regexEscape(p)}c\\b([^>]*?)(?:/>|>([\\s\\S]*?)</${regexEscape(p)}c>)`, 'g');
  let last = 0;
  let col = 0;
  for (let m = re.exec(inner); m; m = re.exec(inner)) {
    if (m.index > last) tokens.push({ kind: 'other', raw: inner.slice(last, m.index) });
    const attrs = parseAttributes(m[1]!);
    const ref = attr(attrs, 'r');
    // A cell without a reference sits right after the previous one.
    col = ref ? (parseCellRef(ref)?.col ?? col + 1) : col + 1;
    tokens.push({ kind: 'cell', col, attrs, inner: m[2], raw: m[0] });
    last = m.index + m[0].length;
  }
  if (last < inner.length) tokens.push({ kind: 'other', raw: inner.slice(last) });
  return tokens;
}

function cellText(cell: CellToken, shared: string[], p: string): string {
  const t = attr(cell.attrs, 't');
  const inner = cell.inner ?? '';
  if (t === 'inlineStr') {
    const is = new RegExp(`<${regexEscape(p)}is\\b[^>]*>([\\s\\S]*?)</${regexEscape(p)}is>`).exec(inner);
    return is ? runText(is[1]!, p) : '';
  }
  const v = new RegExp(`<${regexEscape(p)}v(?:\\s[^>]*)?>([\\s\\S]*?)</${regexEscape(p)}v>`).exec(inner);
  if (!v) return '';
  const value = decodeXml(v[1]!);
  if (t === 's') return shared[Number(value)] ?? '';
  return value;
}

function hasFormula(cell: CellToken, p: string): { formula: boolean; sharedMaster: boolean } {
  const f = new RegExp(`<${regexEscape(p)}f\\b([^>]*?)(?:/>|>)`).exec(cell.inner ?? '');
  if (!f) return { formula: false, sharedMaster: false };
  const a = parseAttributes(f[1]!);
  return { formula: true, sharedMaster: attr(a, 't') === 'shared' && attr(a, 'ref') !== undefined };
}

/** The new cell: same reference and style, an inline string (or no value when blank). */
function writeCell(p: string, ref: string, keep: Attr[], text: string): string {
  const attrs = [{ name: 'r', value: ref }, ...keep.filter((a) => !['r', 't', 'cm', 'vm', 'ph'].includes(a.name))];
  if (text === '') return `<${p}c${serializeAttributes(attrs)}/>`;
  return `<${p}c${serializeAttributes([...attrs, { name: 't', value: 'inlineStr' }])}><${p}is><${p}t xml:space="preserve">${encodeCellText(text)}</${p}t></${p}is></${p}c>`;
}

function cellValues(a: CaiqAnswer): [string, string, string, string] {
  return [a.answer ?? '', a.answer === 'NA' ? '' : (a.ownership ?? ''), implementationCell(a), a.csc_responsibilities];
}

function widenSpans(attrs: Attr[]): Attr[] {
  return attrs.map((a) => {
    if (a.name !== 'spans') return a;
    const m = /^(\d+):(\d+)$/.exec(a.value);
    if (!m) return a;
    return { name: 'spans', value: `${Math.min(Number(m[1]), FIRST_COL)}:${Math.max(Number(m[2]), LAST_COL)}` };
  });
}

/** Fills the workbook; `answers` without an answer (needs input) leave their row untouched. */
export async function fillOfficialWorkbook(workbook: Buffer, answers: CaiqAnswer[]): Promise<FillResult> {
  let parts: ZipPart[];
  try {
    parts = await readZipPackage(workbook);
  } catch (e) {
    throw new WorkbookError(`not an Excel workbook: ${(e as Error).message}`);
  }
  const pkg = new Package(parts);
  const loc = locateCaiqSheet(pkg);
  const sheetXml = pkg.require(loc.part, `sheet "${loc.name}"`);
  const shared = loc.sharedStringsPart ? parseSharedStrings(pkg.text(loc.sharedStringsPart) ?? '') : [];
  const p = mainPrefix(sheetXml);
  const P = regexEscape(p);

  const sd = new RegExp(`<${P}sheetData\\b[^>]*?(?:/>|>([\\s\\S]*?)</${P}sheetData>)`).exec(sheetXml);
  if (!sd || sd[1] === undefined) throw new WorkbookError(`sheet "${loc.name}" has no rows`);
  const sheetDataInner = sd[1];
  const innerStart = sd.index + sd[0].indexOf('>') + 1;

  const wanted = new Map(answers.filter((a) => a.answer !== null).map((a) => [a.question_id, a]));
  const seen = new Set<string>();
  const filled: string[] = [];
  const duplicates = new Set<string>();
  let headerOk = false;
  let calcChainDropped = false;
  let rowNum = 0;

  const rowRe = new RegExp(`<${P}row\\b([^>]*?)(/>|>([\\s\\S]*?)</${P}row>)`, 'g');
  const newInner = sheetDataInner.replace(rowRe, (whole, rowAttrText: string, _close: string, rowInner: string | undefined) => {
    const rowAttrs = parseAttributes(rowAttrText);
    rowNum = Number(attr(rowAttrs, 'r') ?? rowNum + 1);
    const tokens = tokenizeRow(rowInner ?? '', p);
    const cellA = tokens.find((t): t is CellToken => t.kind === 'cell' && t.col === 1);
    const idText = cellA ? cellText(cellA, shared, p).trim() : '';
    if (rowNum === 2) {
      const cellC = tokens.find((t): t is CellToken => t.kind === 'cell' && t.col === FIRST_COL);
      headerOk = idText.toLowerCase() === 'question id' && (cellC ? cellText(cellC, shared, p) : '').toLowerCase().includes('answer');
    }
    const answer = wanted.get(idText);
    if (!answer) return whole;
    if (seen.has(idText)) {
      duplicates.add(idText);
      return whole;
    }
    seen.add(idText);
    const values = cellValues(answer);
    for (let col = FIRST_COL; col <= LAST_COL; col++) {
      const text = values[col - FIRST_COL]!;
      const ref = `${columnLetters(col)}${rowNum}`;
      const i = tokens.findIndex((t) => t.kind === 'cell' && t.col === col);
      if (i >= 0) {
        const old = tokens[i] as CellToken;
        const f = hasFormula(old, p);
        if (f.sharedMaster) throw new WorkbookError(`cell ${ref} holds a shared formula other cells depend on; clear it in Excel first`);
        if (f.formula) calcChainDropped = true;
        tokens[i] = { ...old, raw: writeCell(p, ref, old.attrs, text) };
      } else if (text !== '') {
        // A row style (customFormat) is what Excel would give a new cell of this row.
        const rowStyle = attr(rowAttrs, 'customFormat') === '1' ? attr(rowAttrs, 's') : undefined;
        const raw = writeCell(p, ref, rowStyle ? [{ name: 's', value: rowStyle }] : [], text);
        const after = tokens.findIndex((t) => t.kind === 'cell' && t.col > col);
        const lastCell = tokens.reduce((acc, t, k) => (t.kind === 'cell' ? k : acc), -1);
        tokens.splice(after >= 0 ? after : lastCell + 1, 0, { kind: 'cell', col, attrs: [], inner: undefined, raw });
      }
    }
    filled.push(idText);
    const body = tokens.map((t) => t.raw).join('');
    return `<${p}row${serializeAttributes(widenSpans(rowAttrs))}>${body}</${p}row>`;
  });

  if (!headerOk) {
    throw new WorkbookError(`sheet "${loc.name}" does not look like the CAIQ questionnaire: row 2 should hold the headers "Question ID" (A) and the answer column (C)`);
  }
  pkg.set(loc.part, sheetXml.slice(0, innerStart) + newInner + sheetXml.slice(innerStart + sheetDataInner.length));

  // Excel's calculation chain lists formula cells; one no longer is, so the chain goes and Excel rebuilds it.
  if (calcChainDropped && loc.calcChainPart) dropPart(pkg, loc.calcChainPart, loc.workbookPart);

  return {
    bytes: await writeZipPackage(pkg.parts),
    sheet: loc.name,
    filled,
    missingRows: [...wanted.keys()].filter((id) => !seen.has(id)),
    duplicateRows: [...duplicates],
    calcChainDropped,
  };
}

function dropPart(pkg: Package, part: string, workbookPart: string): void {
  pkg.remove(part);
  const relsPath = relsPathFor(workbookPart);
  const rels = pkg.text(relsPath);
  if (rels) {
    pkg.set(
      relsPath,
      rels.replace(/<(?:[\w.-]+:)?Relationship\b[^>]*?\/?>/g, (el) => (REL_CALC_CHAIN.test(attr(parseAttributes(el), 'Type') ?? '') ? '' : el)),
    );
  }
  const ct = pkg.text('[Content_Types].xml');
  if (ct) {
    pkg.set(
      '[Content_Types].xml',
      ct.replace(/<(?:[\w.-]+:)?Override\b[^>]*?\/?>/g, (el) => (attr(parseAttributes(el), 'PartName') === `/${part}` ? '' : el)),
    );
  }
}
