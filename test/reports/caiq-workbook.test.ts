// Filling the official workbook in place, read back three ways: the package
// parts (everything but one sheet byte-identical), exceljs (values, styles,
// validations, merges, hidden columns) and the sheet XML (no formula, inline
// strings only in the cells written).
import { describe, expect, it } from 'vitest';
import ExcelJS from 'exceljs';
import { parse } from 'csv-parse/sync';
import { buildCaiqAnswers } from '../../shared/engine/reports/caiq/build-answers.js';
import { fillOfficialWorkbook, WorkbookError } from '../../shared/engine/reports/caiq/fill-workbook.js';
import { buildStandaloneWorkbook } from '../../shared/engine/reports/caiq/standalone-workbook.js';
import { answersToCsv, csvField, CSV_COLUMNS } from '../../shared/engine/reports/caiq/answers-csv.js';
import { readZipPackage, writeZipPackage } from '../../shared/engine/reports/zip-package.js';
import { decodeOoxmlEscapes } from '../../shared/engine/reports/caiq/sheet-xml.js';
import type { CaiqAnswer, DeclaredAnswer } from '../../shared/engine/reports/caiq/answer-types.js';
import { CAIQ_LITE } from '../../shared/engine/reports/caiq/lite-catalog.js';
import { buildOfficialLikeWorkbook, FIXTURE, questionIds, ANSWER_LIST, OWNERSHIP_LIST } from './helpers/official-workbook.js';
import { evidenceOf, sampleVerification } from './helpers/sample-verification.js';

const hostile: DeclaredAnswer = {
  question_id: 'GRC-01.1',
  answer: 'Yes',
  ownership: 'CSP-owned',
  implementation: '=HYPERLINK("http://evil.example","click") & <b>bold</b> _x0041_',
  csc_responsibilities: '+1-2',
  author: '@ciso',
  declared_at: '2026-01-15T10:00:00.000Z',
  evidence: [],
};
const outOfScope: DeclaredAnswer = {
  question_id: 'DCS-03.1',
  answer: 'NA',
  implementation: 'The appliance runs in the customer premises; we operate no premises for it.',
  author: 'ciso.marie',
  declared_at: '2026-01-15T10:00:00.000Z',
  evidence: [],
};

function answers(): CaiqAnswer[] {
  return buildCaiqAnswers({ case_id: 'case-1', bundles: [evidenceOf(sampleVerification())], declared: [hostile, outOfScope] });
}

async function load(bytes: Buffer): Promise<ExcelJS.Workbook> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(bytes as unknown as ArrayBuffer);
  return wb;
}

function rowOf(ws: ExcelJS.Worksheet, id: string): ExcelJS.Row {
  let found: ExcelJS.Row | undefined;
  ws.eachRow((r) => {
    if (!found && r.getCell(1).value === id) found = r;
  });
  if (!found) throw new Error(`no row ${id}`);
  return found;
}

describe('fillOfficialWorkbook', async () => {
  const original = await buildOfficialLikeWorkbook();
  const list = answers();
  const result = await fillOfficialWorkbook(original, list);
  const before = await load(original);
  const after = await load(result.bytes);
  const ws0 = before.getWorksheet('CAIQv4.0.3')!;
  const ws1 = after.getWorksheet('CAIQv4.0.3')!;

  it('fills the rows of answered questions and reports none missing', () => {
    const answered = list.filter((a) => a.answer !== null).map((a) => a.question_id);
    expect(result.sheet).toBe('CAIQv4.0.3');
    expect(result.filled.sort()).toEqual([...answered].sort());
    expect(result.missingRows).toEqual([]);
    const log = rowOf(ws1, 'LOG-04.1');
    expect(log.getCell(3).value).toBe('Yes');
    expect(log.getCell(4).value).toBe('CSP-owned');
    expect(String(log.getCell(5).value)).toContain('hash');
    expect(String(log.getCell(5).value)).toContain('Evidence: bundle natalia-evidence-NAT-EC94-0782-20260302T091407Z');
    expect(String(log.getCell(5).value)).toMatch(/data\/audit\/audit-log\.csv \(sha256 [0-9a-f]{64}\)/);
    const dsp = rowOf(ws1, 'DSP-11.1');
    expect(dsp.getCell(4).value).toBe('Shared CSP and CSC');
    expect(String(dsp.getCell(6).value)).toContain('data subjects');
  });

  it('leaves ownership blank and gives the reason for NA', () => {
    const r = rowOf(ws1, 'DCS-03.1');
    expect(r.getCell(3).value).toBe('NA');
    expect(r.getCell(4).value).toBeNull();
    expect(String(r.getCell(5).value)).toContain('customer premises');
  });

  it('writes hostile text as text: no formula, escapes intact, `_x0041_` not decoded', () => {
    const r = rowOf(ws1, 'GRC-01.1');
    const e = r.getCell(5);
    expect(e.type).toBe(ExcelJS.ValueType.String);
    // exceljs does not decode OOXML's `_xHHHH_` escapes; Excel does, so read it as Excel would.
    expect(decodeOoxmlEscapes(String(e.value)).startsWith('=HYPERLINK("http://evil.example","click") & <b>bold</b> _x0041_')).toBe(true);
    expect(r.getCell(6).value).toBe('+1-2');
    expect(r.getCell(6).type).toBe(ExcelJS.ValueType.String);
  });

  it('replaces a formula that sat in a cell it fills', () => {
    const r = rowOf(ws1, FIXTURE.formulaRow);
    expect(r.getCell(5).type).toBe(ExcelJS.ValueType.String);
    expect(rowOf(ws0, FIXTURE.formulaRow).getCell(5).type).toBe(ExcelJS.ValueType.Formula);
  });

  it('keeps every other cell: questions, needs-input rows, other rows, headers, end rows', () => {
    const ids = questionIds();
    expect(ids).toHaveLength(261);
    const written = new Set(result.filled);
    for (let r = 1; r <= 265; r++) {
      for (let c = 1; c <= 12; c++) {
        const id = ws0.getRow(r).getCell(1).value as string;
        if (written.has(id) && c >= 3 && c <= 6) continue;
        expect(ws1.getRow(r).getCell(c).value, `R${r}C${c}`).toEqual(ws0.getRow(r).getCell(c).value);
      }
    }
    const pre = rowOf(ws1, FIXTURE.preAnsweredRow);
    expect([pre.getCell(3).value, pre.getCell(4).value, pre.getCell(5).value]).toEqual(['Yes', 'CSC-owned', 'Answered by hand before.']);
    const open = rowOf(ws1, 'BCR-01.2');
    expect([open.getCell(3).value, open.getCell(4).value, open.getCell(5).value]).toEqual([null, null, null]);
  });

  it('keeps styles, list validations, merges and the hidden zero-width columns', () => {
    for (const id of ['LOG-04.1', 'DCS-03.1', 'BCR-01.2', CAIQ_LITE[0]!.id]) {
      for (let c = 1; c <= 12; c++) {
        expect(rowOf(ws1, id).getCell(c).style, `${id} col ${c}`).toEqual(rowOf(ws0, id).getCell(c).style);
      }
    }
    expect(rowOf(ws1, 'LOG-04.1').getCell(3).dataValidation).toEqual({ type: 'list', allowBlank: true, formulae: [ANSWER_LIST] });
    expect(rowOf(ws1, 'LOG-04.1').getCell(4).dataValidation).toEqual({ type: 'list', allowBlank: true, formulae: [OWNERSHIP_LIST] });
    expect(Object.keys(ws1.model.merges ?? {}).length).toBeGreaterThan(0);
    expect((ws1.model as { merges: string[] }).merges.sort()).toEqual((ws0.model as { merges: string[] }).merges.sort());
    for (const c of [7, 8]) {
      expect(ws1.getColumn(c).hidden).toBe(true);
      expect(ws1.getColumn(c).width).toBe(ws0.getColumn(c).width);
    }
    expect(ws1.getRow(2).getCell(1).fill).toEqual(ws0.getRow(2).getCell(1).fill);
  });

  it('changes only the CAIQ sheet part; every other part is byte-identical', async () => {
    const a = await readZipPackage(original);
    const b = await readZipPackage(result.bytes);
    expect(b.map((p) => p.name)).toEqual(a.map((p) => p.name));
    const changed = b.filter((p, i) => !p.data.equals(a[i]!.data)).map((p) => p.name);
    expect(changed).toEqual(['xl/worksheets/sheet2.xml']);
  });

  it('rewrites only cells C to F in the sheet XML, as inline strings, never as formulas', async () => {
    const a = (await readZipPackage(original)).find((p) => p.name === 'xl/worksheets/sheet2.xml')!.data.toString('utf8');
    const b = (await readZipPackage(result.bytes)).find((p) => p.name === 'xl/worksheets/sheet2.xml')!.data.toString('utf8');
    const strip = (x: string) => x.replace(/<c r="[C-F]\d+"[^>]*?(?:\/>|>[\s\S]*?<\/c>)/g, '');
    expect(strip(b)).toBe(strip(a));
    for (const id of result.filled) {
      const rowNum = 3 + questionIds().indexOf(id);
      const cells = b.match(new RegExp(`<c r="[C-F]${rowNum}"[^>]*?(?:/>|>[\\s\\S]*?</c>)`, 'g')) ?? [];
      for (const c of cells) expect(c, id).not.toContain('<f');
    }
    expect(b).toContain('t="inlineStr"');
    expect(b).toContain('_x005F_x0041_');
    expect(b.slice(b.indexOf('</sheetData>'))).toBe(a.slice(a.indexOf('</sheetData>')));
  });

  it('is byte-identical for the same inputs', async () => {
    const again = await fillOfficialWorkbook(original, answers());
    expect(again.bytes.equals(result.bytes)).toBe(true);
  });
});

describe('fillOfficialWorkbook refuses what is not the questionnaire', () => {
  it('finds the sheet by its CAIQv prefix (an earlier release name works)', async () => {
    const r = await fillOfficialWorkbook(await buildOfficialLikeWorkbook('CAIQv4.0.2'), answers());
    expect(r.sheet).toBe('CAIQv4.0.2');
    expect(r.filled.length).toBeGreaterThan(10);
  });

  it('explains a workbook without a CAIQ sheet, and a file that is not a workbook', async () => {
    const wb = new ExcelJS.Workbook();
    wb.addWorksheet('Budget').getCell('A1').value = 1;
    const other = Buffer.from(await wb.xlsx.writeBuffer());
    await expect(fillOfficialWorkbook(other, answers())).rejects.toThrow(/no CAIQ sheet.*"Budget"/);
    await expect(fillOfficialWorkbook(Buffer.from('not a zip at all'), answers())).rejects.toBeInstanceOf(WorkbookError);
  });

  it('refuses a CAIQv sheet whose row 2 is not the questionnaire header', async () => {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('CAIQv9');
    ws.getCell('A2').value = 'Something else';
    ws.getCell('A3').value = 'LOG-04.1';
    await expect(fillOfficialWorkbook(Buffer.from(await wb.xlsx.writeBuffer()), answers())).rejects.toThrow(/does not look like the CAIQ/);
  });
});

describe('fillOfficialWorkbook and Excel\'s calculation chain', () => {
  it('drops the calculation chain (part, relationship, content type) when a filled cell held a formula', async () => {
    const parts = await readZipPackage(await buildOfficialLikeWorkbook());
    const row = 3 + questionIds().indexOf(FIXTURE.formulaRow);
    const edit = (name: string, f: (x: string) => string) => {
      const p = parts.find((x) => x.name === name)!;
      p.data = Buffer.from(f(p.data.toString('utf8')));
    };
    parts.push({
      name: 'xl/calcChain.xml',
      compressed: true,
      data: Buffer.from(`<?xml version="1.0" encoding="UTF-8" standalone="yes"?><calcChain xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><c r="E${row}" i="2"/></calcChain>`),
    });
    edit('[Content_Types].xml', (x) =>
      x.replace('</Types>', '<Override PartName="/xl/calcChain.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.calcChain+xml"/></Types>'),
    );
    edit('xl/_rels/workbook.xml.rels', (x) =>
      x.replace('</Relationships>', '<Relationship Id="rId99" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/calcChain" Target="calcChain.xml"/></Relationships>'),
    );
    const r = await fillOfficialWorkbook(await writeZipPackage(parts), answers());
    expect(r.calcChainDropped).toBe(true);
    const out = await readZipPackage(r.bytes);
    expect(out.map((p) => p.name)).not.toContain('xl/calcChain.xml');
    expect(out.find((p) => p.name === '[Content_Types].xml')!.data.toString()).not.toContain('calcChain');
    expect(out.find((p) => p.name === 'xl/_rels/workbook.xml.rels')!.data.toString()).not.toContain('calcChain');
    const wb = await load(r.bytes);
    expect(rowOf(wb.getWorksheet('CAIQv4.0.3')!, FIXTURE.formulaRow).getCell(5).type).toBe(ExcelJS.ValueType.String);
  });
});

describe('standalone workbook and CSV', () => {
  it('writes every Lite question with our topic words, answers, validations, and the same bytes each time', async () => {
    const list = answers();
    const meta = { caseId: 'case-1', asOf: '2026-03-02T09:14:07.512Z' };
    const bytes = await buildStandaloneWorkbook(list, meta);
    expect((await buildStandaloneWorkbook(answers(), meta)).equals(bytes)).toBe(true);
    const wb = await load(bytes);
    const ws = wb.getWorksheet('CAIQ-Lite')!;
    expect(ws.rowCount).toBe(125);
    expect(ws.getRow(1).getCell(3).value).toBe('CSP CAIQ Answer');
    const log = rowOf(ws, 'LOG-04.1');
    expect(log.getCell(2).value).toBe('Restricted access to audit logs and accountability for it');
    expect([log.getCell(3).value, log.getCell(4).value, log.getCell(7).value]).toEqual(['Yes', 'CSP-owned', 'evidence']);
    expect(String(log.getCell(9).value)).toContain('audit.chain passed');
    const grc = rowOf(ws, 'GRC-01.1');
    expect(grc.getCell(5).type).toBe(ExcelJS.ValueType.String);
    expect(rowOf(ws, 'BCR-01.2').getCell(7).value).toBe('needs input');
    expect(rowOf(ws, 'LOG-04.1').getCell(3).dataValidation?.formulae).toEqual(['"Yes,No,NA"']);
    expect(wb.created?.toISOString()).toBe('2026-03-02T09:14:07.000Z');
  });

  it('writes a CSV keyed by question id, with formula-starting cells neutralised by an apostrophe', () => {
    expect(csvField('=1+1')).toBe(`"'=1+1"`);
    expect(csvField('-3')).toBe(`"'-3"`);
    expect(csvField('@SUM(A1)')).toBe(`"'@SUM(A1)"`);
    expect(csvField('a "quoted", text')).toBe('"a ""quoted"", text"');
    expect(csvField('plain')).toBe('plain');
    const text = answersToCsv(answers());
    expect(text.endsWith('\r\n')).toBe(true);
    const rows = parse(text, { columns: true }) as Record<string, string>[];
    expect(Object.keys(rows[0]!)).toEqual([...CSV_COLUMNS]);
    expect(rows.map((r) => r.question_id)).toEqual(CAIQ_LITE.map((q) => q.id));
    const grc = rows.find((r) => r.question_id === 'GRC-01.1')!;
    expect(grc.implementation!.startsWith(`'=HYPERLINK`)).toBe(true);
    expect(grc.csc_responsibilities).toBe(`'+1-2`);
    expect(grc.declared_by).toBe(`'@ciso`);
    const log = rows.find((r) => r.question_id === 'LOG-04.1')!;
    expect(log.citations).toMatch(/audit\.chain passed; bundle natalia-evidence-\S+; data\/audit\/audit-log\.csv sha256 [0-9a-f]{64}; seq 1-130/);
    // No cell of the file starts with a formula character once parsed.
    for (const r of rows) for (const v of Object.values(r)) expect(/^[=+\-@]/.test(v), v.slice(0, 30)).toBe(false);
  });
});
