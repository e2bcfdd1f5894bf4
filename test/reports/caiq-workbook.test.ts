// Filling the official workbook in place, read back three ways: the package
// parts (everything but one sheet byte-identical), exceljs (values, styles,
// validations, merges, hidden columns) and the sheet XML (no formula, inline
// strings only in the cells written).
import { describe, expect, it } from 'vitest';
import ExcelJS from 'exceljs';
import { parse } from 'csv-parse/sync';
import { buildCaiqAnswers } from '../../shared/engine/reports/caiq/build-answers.js';
import { fillOfficialWorkbook, workbookVersion, WorkbookError } from '../../shared/engine/reports/caiq/fill-workbook.js';
import { buildStandaloneWorkbook } from '../../shared/engine/reports/caiq/standalone-workbook.js';
import { answersToCsv, csvField, CSV_COLUMNS } from '../../shared/engine/reports/caiq/answers-csv.js';
import { readZipPackage, writeZipPackage } from '../../shared/engine/reports/zip-package.js';
import { decodeOoxmlEscapes } from '../../shared/engine/reports/caiq/sheet-xml.js';
import type { CaiqAnswer, DeclaredAnswer } from '../../shared/engine/reports/caiq/answer-types.js';
import type { CaiqVersion } from '../../shared/engine/reports/caiq/caiq-versions.js';
import { liteCatalog } from '../../shared/engine/reports/caiq/lite-catalog.js';
import { buildOfficialLikeWorkbook, FIXTURE, questionIds, ANSWER_LIST, OWNERSHIP_LIST, OWNERSHIP_LIST_41 } from './helpers/official-workbook.js';
import { evidenceOf, sampleVerification } from './helpers/sample-verification.js';

const CAIQ_LITE = liteCatalog('4.0.3');

const hostile: DeclaredAnswer = {
  caiq_version: '4.0.3',
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
  caiq_version: '4.0.3',
  question_id: 'DCS-03.1',
  answer: 'NA',
  implementation: 'The appliance runs in the customer premises; we operate no premises for it.',
  author: 'ciso.marie',
  declared_at: '2026-01-15T10:00:00.000Z',
  evidence: [],
};

/** A statement for a question the evidence supports without covering it: the evidence is attached to it. */
const logAccess: DeclaredAnswer = {
  caiq_version: '4.0.3',
  question_id: 'LOG-04.1',
  answer: 'Yes',
  ownership: 'CSP-owned',
  implementation: 'Only Admins and Auditors can export the audit log; its storage is readable by the appliance service only.',
  author: 'ciso.marie',
  declared_at: '2026-01-15T10:00:00.000Z',
  evidence: [],
};

/** Declared for the row whose E cell holds a formula in the fixture. */
const duties: DeclaredAnswer = { ...logAccess, question_id: FIXTURE.formulaRow, implementation: 'Roles split duties; reviewed each quarter.' };

function answers(declared: DeclaredAnswer[] = [hostile, outOfScope, logAccess, duties], version: CaiqVersion = '4.0.3'): CaiqAnswer[] {
  return buildCaiqAnswers({ case_id: 'case-1', version, bundles: [evidenceOf(sampleVerification())], declared });
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
  const result = await fillOfficialWorkbook(original, list, '4.0.3');
  const before = await load(original);
  const after = await load(result.bytes);
  const ws0 = before.getWorksheet('CAIQv4.0.3')!;
  const ws1 = after.getWorksheet('CAIQv4.0.3')!;

  it('fills the rows of answered questions and reports none missing', () => {
    const answered = list.filter((a) => a.answer !== null).map((a) => a.question_id);
    expect(result.sheet).toBe('CAIQv4.0.3');
    expect(result.version).toBe('4.0.3');
    // The formula the fixture holds in E of IAM-04.1 is the user's: kept (see the overwrite test below).
    expect(result.kept).toEqual([FIXTURE.formulaRow]);
    expect(result.filled.sort()).toEqual(answered.filter((id) => id !== FIXTURE.formulaRow).sort());
    expect(result.missingRows).toEqual([]);
    const log = rowOf(ws1, 'LOG-04.1');
    expect(log.getCell(3).value).toBe('Yes');
    expect(log.getCell(4).value).toBe('CSP-owned');
    const e = String(log.getCell(5).value);
    // The answer first, then the evidence in one short paragraph; the files' SHA-256 are in the CSV.
    expect(e.startsWith('Only Admins and Auditors')).toBe(true);
    expect(e).toMatch(/Verified evidence \(bundle [^)]+\): Every action is in one hash-chained, signed audit log.*\. It does not show who can read or change the logs/s);
    expect(e).toContain('bundle natalia-evidence-NAT-EC94-0782-20260302T091407Z');
    expect(e).not.toMatch(/[0-9a-f]{64}/);
    expect(e.length).toBeLessThan(600);
    // Not named unless asked.
    expect(e).not.toContain('ciso.marie');
    // A question the evidence supports but nobody declared stays open.
    expect(rowOf(ws1, 'DSP-11.1').getCell(3).value).toBeNull();
  });

  it('sizes the rows it writes so column E shows whole, and leaves the others', () => {
    const log = rowOf(ws1, 'LOG-04.1');
    const lines = String(log.getCell(5).value)
      .split('\n')
      .reduce((n, p) => n + Math.max(1, Math.ceil(p.length / 50)), 0);
    expect(log.height).toBeGreaterThanOrEqual(lines * 15);
    expect(rowOf(ws0, 'LOG-04.1').height).toBe(80);
    expect(rowOf(ws1, 'BCR-01.2').height).toBe(80);
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

  it('replaces a formula that sat in a cell it fills, when told to overwrite', async () => {
    const over = await fillOfficialWorkbook(original, list, '4.0.3', { overwrite: true });
    const r = rowOf((await load(over.bytes)).getWorksheet('CAIQv4.0.3')!, FIXTURE.formulaRow);
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
    // Cells C to F and the height of the rows written are all that may differ.
    const strip = (x: string) => x.replace(/<c r="[C-F]\d+"[^>]*?(?:\/>|>[\s\S]*?<\/c>)/g, '').replace(/ (?:ht|customHeight)="[^"]*"/g, '');
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
    const again = await fillOfficialWorkbook(original, answers(), '4.0.3');
    expect(again.bytes.equals(result.bytes)).toBe(true);
  });
});

describe('fillOfficialWorkbook refuses what is not the questionnaire', () => {
  it('finds the sheet by its CAIQv prefix (an earlier release name works)', async () => {
    const r = await fillOfficialWorkbook(await buildOfficialLikeWorkbook('CAIQv4.0.2'), answers(), '4.0.3');
    expect(r.sheet).toBe('CAIQv4.0.2');
    expect(r.version).toBe('4.0.3');
    expect(r.filled.length).toBeGreaterThan(2);
  });

  it('explains a workbook without a CAIQ sheet, and a file that is not a workbook', async () => {
    const wb = new ExcelJS.Workbook();
    wb.addWorksheet('Budget').getCell('A1').value = 1;
    const other = Buffer.from(await wb.xlsx.writeBuffer());
    await expect(fillOfficialWorkbook(other, answers(), '4.0.3')).rejects.toThrow(/^not a CAIQ v4\.0\.x or v4\.1 STAR questionnaire: .*"Budget"/);
    await expect(fillOfficialWorkbook(Buffer.from('not a zip at all'), answers(), '4.0.3')).rejects.toBeInstanceOf(WorkbookError);
  });

  it('refuses, in one line, a CAIQv sheet of another release or whose row 2 is not the questionnaire header', async () => {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('CAIQv4.0.3');
    ws.getCell('A2').value = 'Something else';
    ws.getCell('A3').value = 'LOG-04.1';
    const e = fillOfficialWorkbook(Buffer.from(await wb.xlsx.writeBuffer()), answers(), '4.0.3');
    await expect(e).rejects.toThrow(/^not a CAIQ v4\.0\.x or v4\.1 STAR questionnaire: row 2 of sheet "CAIQv4\.0\.3"/);
    for (const name of ['CAIQv3.1', 'CAIQv4.2.0', 'CAIQv9']) {
      await expect(workbookVersion(await buildOfficialLikeWorkbook(name)), name).rejects.toThrow(new RegExp(`^not a CAIQ v4\\.0\\.x or v4\\.1 STAR questionnaire: its questionnaire sheet is "${name.replace(/\./g, '\\.')}"$`));
    }
  });

  it('refuses answers of another release than the workbook, and a v4.1 A1 that names another release', async () => {
    await expect(fillOfficialWorkbook(await buildOfficialLikeWorkbook({ version: '4.1.0' }), answers(), '4.0.3')).rejects.toThrow(/is CAIQ v4\.1\.0.*answers are for v4\.0\.3/);
    const lying = await buildOfficialLikeWorkbook({ version: '4.1.0', a1Version: '4.0.3' });
    await expect(fillOfficialWorkbook(lying, answers([], '4.1.0'), '4.1.0')).rejects.toThrow(/says caiq_version 4\.0\.3 in A1/);
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
    const r = await fillOfficialWorkbook(await writeZipPackage(parts), answers(), '4.0.3', { overwrite: true });
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
    const meta = { caseId: 'case-1', asOf: '2026-03-02T09:14:07.512Z', version: '4.0.3' as const };
    const bytes = await buildStandaloneWorkbook(list, meta);
    expect((await buildStandaloneWorkbook(answers(), meta)).equals(bytes)).toBe(true);
    const wb = await load(bytes);
    const ws = wb.getWorksheet('CAIQ-Lite')!;
    expect(ws.rowCount).toBe(125);
    expect(ws.getRow(1).getCell(3).value).toBe('CSP CAIQ Answer');
    const log = rowOf(ws, 'LOG-04.1');
    expect(log.getCell(2).value).toBe('Restricted access to audit logs and accountability for it');
    expect([log.getCell(3).value, log.getCell(4).value, log.getCell(7).value]).toEqual(['Yes', 'CSP-owned', 'declared']);
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
    const text = answersToCsv(answers(), '4.0.3', { nameDeclarant: true });
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
    expect(log.evidence_does_not_show).toContain('who can read or change the logs');
    expect(log.caiq_version).toBe('4.0.3');
  });

  it('names who declared an answer only when asked', () => {
    const rows = parse(answersToCsv(answers(), '4.0.3'), { columns: true }) as Record<string, string>[];
    expect(rows.find((r) => r.question_id === 'GRC-01.1')!.declared_by).toBe('');
    expect(rows.find((r) => r.question_id === 'LOG-04.1')!.implementation).not.toContain('ciso.marie');
    const named = parse(answersToCsv(answers(), '4.0.3', { nameDeclarant: true }), { columns: true }) as Record<string, string>[];
    expect(named.find((r) => r.question_id === 'LOG-04.1')!.implementation).toContain('Declared by ciso.marie on 2026-01-15.');
  });
});

describe('the workbook as the user left it', async () => {
  const typed = await buildOfficialLikeWorkbook({ typed: { 'LOG-04.1': ['No', 'CSC-owned', 'Typed by the CISO.'], 'GRC-01.1': ['', '', 'A note only.'] } });

  it('keeps rows the user already answered and says so; --overwrite writes over them', async () => {
    const kept = await fillOfficialWorkbook(typed, answers(), '4.0.3');
    expect(kept.kept.sort()).toEqual(['GRC-01.1', FIXTURE.formulaRow, 'LOG-04.1']);
    expect(kept.filled).not.toContain('LOG-04.1');
    const ws = (await load(kept.bytes)).getWorksheet('CAIQv4.0.3')!;
    expect([rowOf(ws, 'LOG-04.1').getCell(3).value, rowOf(ws, 'LOG-04.1').getCell(5).value]).toEqual(['No', 'Typed by the CISO.']);
    expect(rowOf(ws, 'GRC-01.1').getCell(5).value).toBe('A note only.');
    expect(rowOf(ws, 'DCS-03.1').getCell(3).value).toBe('NA');

    const over = await fillOfficialWorkbook(typed, answers(), '4.0.3', { overwrite: true });
    expect(over.kept).toEqual([]);
    expect(over.filled).toContain('LOG-04.1');
    const ws2 = (await load(over.bytes)).getWorksheet('CAIQv4.0.3')!;
    expect(rowOf(ws2, 'LOG-04.1').getCell(3).value).toBe('Yes');
  });
});

describe('CAIQ v4.1 workbook', async () => {
  const original = await buildOfficialLikeWorkbook({ version: '4.1.0' });
  const declared41: DeclaredAnswer[] = [
    { ...hostile, caiq_version: '4.1.0' },
    { ...logAccess, caiq_version: '4.1.0' },
    { caiq_version: '4.1.0', question_id: 'STA-01.1', answer: 'Yes', ownership: 'Not Determined', implementation: 'No party owns it yet.', author: 'ciso.marie', declared_at: '2026-02-01T09:00:00.000Z', evidence: [] },
  ];

  it('is read as v4.1 from its sheet and filled with the 138-question Lite set of v4.1', async () => {
    expect(await workbookVersion(original)).toEqual({ version: '4.1.0', sheet: 'CAIQv4.1.0' });
    expect(questionIds('4.1.0')).toHaveLength(283);
    const list = answers(declared41, '4.1.0');
    expect(list).toHaveLength(138);
    const r = await fillOfficialWorkbook(original, list, '4.1.0');
    expect(r.sheet).toBe('CAIQv4.1.0');
    expect(r.filled.sort()).toEqual(['GRC-01.1', 'LOG-04.1', 'STA-01.1']);
    expect(r.missingRows).toEqual([]);
    const ws = (await load(r.bytes)).getWorksheet('CAIQv4.1.0')!;
    expect([rowOf(ws, 'STA-01.1').getCell(3).value, rowOf(ws, 'STA-01.1').getCell(4).value]).toEqual(['Yes', 'Not Determined']);
    expect(rowOf(ws, 'STA-01.1').getCell(4).dataValidation?.formulae).toEqual([OWNERSHIP_LIST_41]);
    // Only the questionnaire sheet changes; Introduction and Change Log stay byte-identical.
    const a = await readZipPackage(original);
    const b = await readZipPackage(r.bytes);
    expect(b.filter((p, i) => !p.data.equals(a[i]!.data)).map((p) => p.name)).toEqual(['xl/worksheets/sheet2.xml']);
    expect(ws.getCell('A1').value).toContain('"caiq_version":"4.1.0"');
  });

  it('never writes a v4.0.3 answer onto a v4.1 row whose control changed: it is proposed for review through the renumbering table', async () => {
    const old: DeclaredAnswer[] = [outOfScope, { ...hostile }, { ...logAccess, question_id: 'IAM-14.1', implementation: 'MFA for every account.' }];
    const list = answers(old, '4.1.0');
    const r = await fillOfficialWorkbook(original, list, '4.1.0');
    expect(r.filled).toEqual([]);
    const ws = (await load(r.bytes)).getWorksheet('CAIQv4.1.0')!;
    // DCS-03 of v4.0.3 is DCS-04 of v4.1: the id DCS-03.1 names another control there and stays blank.
    expect(rowOf(ws, 'DCS-03.1').getCell(3).value).toBeNull();
    const dcs = list.find((a) => a.question_id === 'DCS-04.1')!;
    expect(dcs).toMatchObject({ basis: 'needs_input', answer: null, carried: { from_version: '4.0.3', from_question_id: 'DCS-03.1', renumbered: true } });
    expect(dcs.reason).toContain('Review it and declare it for v4.1.0');
    expect(list.find((a) => a.question_id === 'IAM-13.1')!.carried?.from_question_id).toBe('IAM-14.1');
    expect(list.find((a) => a.question_id === 'GRC-01.1')!.carried).toMatchObject({ from_question_id: 'GRC-01.1', renumbered: false });
  });
});
