// Fills the user's own official CSA workbook (the CAIQ v4.0.x or v4.1 STAR
// questionnaire) in place: only cells C to F of the CAIQ-Lite rows of the
// `CAIQv…` sheet change, and the height of the rows written (the sheet's
// protection leaves row formatting free: formatRows="0"); every other part of
// the package, and every other cell, style, data validation, merge and hidden
// column of that sheet, is kept as it was. A row the user already answered
// (any of C to F holds a value) is kept unless the fill is told to overwrite.
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
import type { CaiqAnswer, CaiqVersion } from './answer-types.js';
import { implementationCell, type CellTextOptions } from './citations-text.js';
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
  /** The CAIQ release the workbook is (its Lite set was answered). */
  version: CaiqVersion;
  /** Question ids whose row was written. */
  filled: string[];
  /** Answered questions whose row the user had already answered: left as they were (no overwrite). */
  kept: string[];
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
  version: CaiqVersion;
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
    throw new WorkbookError(`${NOT_STAR}: no sheet is named "CAIQv…" (its sheets: ${sheets.map((s) => `"${s.name}"`).join(', ') || 'none'})`);
  }
  const version = versionOfSheet(sheet.name);
  if (!version) throw new WorkbookError(`${NOT_STAR}: its questionnaire sheet is "${sheet.name}"`);
  const rel = wbRels.find((r) => r.id === sheet.rid && REL_WORKSHEET.test(r.type) && !r.external);
  if (!rel) throw new WorkbookError(`sheet "${sheet.name}" is not a worksheet part`);
  const part = resolveTarget(workbookPart, rel.target);
  const ss = wbRels.find((r) => REL_SHARED_STRINGS.test(r.type) && !r.external);
  const cc = wbRels.find((r) => REL_CALC_CHAIN.test(r.type) && !r.external);
  return {
    name: sheet.name,
    version,
    part,
    workbookPart,
    ...(ss ? { sharedStringsPart: resolveTarget(workbookPart, ss.target) } : {}),
    ...(cc ? { calcChainPart: resolveTarget(workbookPart, cc.target) } : {}),
  };
}

/** The one line a workbook of another kind is refused with. */
const NOT_STAR = 'not a CAIQ v4.0.x or v4.1 STAR questionnaire';

/** `CAIQv4.0.3`, `CAIQv4.0.2` → 4.0.3 (the v4.0 Lite set); `CAIQv4.1.0` → 4.1.0. */
function versionOfSheet(name: string): CaiqVersion | null {
  if (/^CAIQv4\.0\.\d+$/.test(name)) return '4.0.3';
  if (/^CAIQv4\.1(?:\.0)?$/.test(name)) return '4.1.0';
  return null;
}

/** v4.1 writes `{"specification_name":…,"caiq_version":"4.1.0"}` in A1: when there, it must agree with the sheet. */
function checkA1Version(a1: string, loc: SheetLocation): void {
  const text = a1.trim();
  if (!text.startsWith('{')) return;
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch {
    return;
  }
  const v = (doc as { caiq_version?: unknown } | null)?.caiq_version;
  if (typeof v !== 'string') return;
  const said = v.startsWith('4.1') ? '4.1.0' : v.startsWith('4.0.') ? '4.0.3' : null;
  if (said !== loc.version) throw new WorkbookError(`${NOT_STAR}: sheet "${loc.name}" says caiq_version ${v} in A1`);
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

function cellValues(a: CaiqAnswer, opts: CellTextOptions): [string, string, string, string] {
  return [a.answer ?? '', a.answer === 'NA' ? '' : (a.ownership ?? ''), implementationCell(a, opts), a.csc_responsibilities];
}

/** Column widths of the sheet (`<cols>`), by 1-based column; Excel's default where none is set. */
function columnWidths(sheetXml: string, p: string): (col: number) => number {
  const widths = new Map<number, number>();
  const re = new RegExp(`<${regexEscape(p)}col\\b([^>]*?)/?>`, 'g');
  for (let m = re.exec(sheetXml); m; m = re.exec(sheetXml)) {
    const a = parseAttributes(m[1]!);
    const min = Number(attr(a, 'min'));
    const max = Number(attr(a, 'max'));
    const width = Number(attr(a, 'width'));
    if (!Number.isFinite(width) || !(min >= 1) || !(max >= min)) continue;
    for (let c = min; c <= Math.min(max, LAST_COL); c++) widths.set(c, width);
  }
  return (col) => widths.get(col) ?? 8.43;
}

/** Points per wrapped line of an 11 pt cell, and Excel's highest row. */
const LINE_PT = 15;
const MAX_ROW_PT = 409;

/**
 * A height that shows every line of the written cells once wrapped: a column
 * of width w holds about w characters of the default font per line (a safe
 * reading: proportional text is narrower on average).
 */
function neededHeight(values: string[], width: (col: number) => number): number {
  let lines = 1;
  values.forEach((text, i) => {
    const perLine = Math.max(4, Math.floor(width(FIRST_COL + i)));
    const n = text.split('\n').reduce((sum, para) => sum + Math.max(1, Math.ceil(para.length / perLine)), 0);
    lines = Math.max(lines, n);
  });
  return Math.min(MAX_ROW_PT, lines * LINE_PT + 4);
}

function sizeRow(attrs: Attr[], height: number): Attr[] {
  const current = Number(attr(attrs, 'ht'));
  const ht = Number.isFinite(current) && current > height ? current : height;
  const rest = attrs.filter((a) => a.name !== 'ht' && a.name !== 'customHeight');
  return [...rest, { name: 'ht', value: String(ht) }, { name: 'customHeight', value: '1' }];
}

function widenSpans(attrs: Attr[]): Attr[] {
  return attrs.map((a) => {
    if (a.name !== 'spans') return a;
    const m = /^(\d+):(\d+)$/.exec(a.value);
    if (!m) return a;
    return { name: 'spans', value: `${Math.min(Number(m[1]), FIRST_COL)}:${Math.max(Number(m[2]), LAST_COL)}` };
  });
}

export interface FillOptions extends CellTextOptions {
  /** Write over rows the user already answered in the workbook (default: keep them). */
  overwrite?: boolean;
}

async function openPackage(workbook: Buffer): Promise<Package> {
  try {
    return new Package(await readZipPackage(workbook));
  } catch (e) {
    throw new WorkbookError(`not an Excel workbook: ${(e as Error).message}`);
  }
}

/** The CAIQ release of a STAR workbook, from its sheet name; refused with one line when it is not one. */
export async function workbookVersion(workbook: Buffer): Promise<{ version: CaiqVersion; sheet: string }> {
  const loc = locateCaiqSheet(await openPackage(workbook));
  return { version: loc.version, sheet: loc.name };
}

/**
 * Fills the workbook with the answers of its release (`answers` must be of
 * `version`); answers without an answer (needs input) leave their row untouched.
 */
export async function fillOfficialWorkbook(workbook: Buffer, answers: CaiqAnswer[], version: CaiqVersion, opts: FillOptions = {}): Promise<FillResult> {
  const pkg = await openPackage(workbook);
  const loc = locateCaiqSheet(pkg);
  if (loc.version !== version) throw new WorkbookError(`the workbook is CAIQ v${loc.version} (sheet "${loc.name}"), the answers are for v${version}`);
  const sheetXml = pkg.require(loc.part, `sheet "${loc.name}"`);
  const shared = loc.sharedStringsPart ? parseSharedStrings(pkg.text(loc.sharedStringsPart) ?? '') : [];
  const p = mainPrefix(sheetXml);
  const P = regexEscape(p);

  const sd = new RegExp(`<${P}sheetData\\b[^>]*?(?:/>|>([\\s\\S]*?)</${P}sheetData>)`).exec(sheetXml);
  if (!sd || sd[1] === undefined) throw new WorkbookError(`sheet "${loc.name}" has no rows`);
  const sheetDataInner = sd[1];
  const innerStart = sd.index + sd[0].indexOf('>') + 1;

  const wanted = new Map(answers.filter((a) => a.answer !== null).map((a) => [a.question_id, a]));
  const width = columnWidths(sheetXml, p);
  const seen = new Set<string>();
  const filled: string[] = [];
  const kept: string[] = [];
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
    if (rowNum === 1 && cellA) checkA1Version(cellText(cellA, shared, p), loc);
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
    const typed = tokens.some((t) => t.kind === 'cell' && t.col >= FIRST_COL && t.col <= LAST_COL && cellText(t, shared, p).trim() !== '');
    if (typed && !opts.overwrite) {
      kept.push(idText);
      return whole;
    }
    const values = cellValues(answer, opts);
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
    return `<${p}row${serializeAttributes(sizeRow(widenSpans(rowAttrs), neededHeight(values, width)))}>${body}</${p}row>`;
  });

  if (!headerOk) {
    throw new WorkbookError(`${NOT_STAR}: row 2 of sheet "${loc.name}" does not hold the headers "Question ID" (A) and "CSP CAIQ Answer" (C)`);
  }
  pkg.set(loc.part, sheetXml.slice(0, innerStart) + newInner + sheetXml.slice(innerStart + sheetDataInner.length));

  // Excel's calculation chain lists formula cells; one no longer is, so the chain goes and Excel rebuilds it.
  if (calcChainDropped && loc.calcChainPart) dropPart(pkg, loc.calcChainPart, loc.workbookPart);

  return {
    bytes: await writeZipPackage(pkg.parts),
    sheet: loc.name,
    version: loc.version,
    filled,
    kept,
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
