// Stand-ins for CSA's official CAIQ v4.0.3 and v4.1.0 STAR workbooks, which
// cannot be shipped or downloaded here: the same structure as the reference
// files describe (sheets, row 1, header row, 261 or 283 question rows, list
// validations on C and D, zero-width G and H, merges on I–K per control and L
// per domain, column widths, fills, fonts, borders, wrap; v4.1's A1 JSON,
// merged title, Change Log sheet and protection with C–F unlocked), with
// placeholder question text of our own.
import ExcelJS from 'exceljs';
import type { CaiqVersion } from '../../../shared/engine/reports/caiq/caiq-versions.js';
import { liteCatalog } from '../../../shared/engine/reports/caiq/lite-catalog.js';

const DOMAINS: Record<CaiqVersion, [string, number][]> = {
  '4.0.3': [
    ['A&A', 8], ['AIS', 11], ['BCR', 18], ['CCC', 11], ['CEK', 23], ['DCS', 23], ['DSP', 24], ['GRC', 9], ['HRS', 20],
    ['IAM', 21], ['IPY', 8], ['IVS', 14], ['LOG', 18], ['SEF', 11], ['STA', 15], ['TVM', 12], ['UEM', 15],
  ],
  '4.1.0': [
    ['A&A', 8], ['AIS', 13], ['BCR', 19], ['CCC', 12], ['CEK', 23], ['DCS', 28], ['DSP', 24], ['GRC', 10], ['HRS', 20],
    ['IAM', 19], ['IPY', 8], ['I&S', 15], ['LOG', 19], ['SEF', 16], ['STA', 19], ['TVM', 15], ['UEM', 15],
  ],
};

const key = (id: string): [number, number] => {
  const m = /-(\d+)\.(\d+)$/.exec(id)!;
  return [Number(m[1]), Number(m[2])];
};

/** 261 (v4.0.3) or 283 (v4.1) ids: the real CAIQ-Lite ids plus made-up ids filling each domain to its real count. */
export function questionIds(version: CaiqVersion = '4.0.3'): string[] {
  const out: string[] = [];
  for (const [dom, count] of DOMAINS[version]) {
    const ids = liteCatalog(version).filter((q) => q.domain === dom).map((q) => q.id);
    for (let c = 1; ids.length < count && c < 40; c++) {
      for (let k = 1; k <= 2 && ids.length < count; k++) {
        const id = `${dom}-${String(c).padStart(2, '0')}.${k}`;
        if (!ids.includes(id)) ids.push(id);
      }
    }
    ids.sort((a, b) => key(a)[0] - key(b)[0] || key(a)[1] - key(b)[1]);
    out.push(...ids);
  }
  return out;
}

export const ANSWER_LIST = '"Yes,No,NA"';
export const OWNERSHIP_LIST = '"CSP-owned,CSC-owned,3rd-party outsourced,Shared CSP and CSC,Shared CSP and 3rd-party"';
export const OWNERSHIP_LIST_41 = '"CSP-owned,CSC-owned,3rd-party outsourced,Shared CSP and CSC,Shared CSP and 3rd-party,Not Determined"';

export const FIXTURE = {
  headerFill: 'FF1F3864',
  questionFill: 'FFF2F2F2',
  /** A non-Lite row that a previous user already answered: must stay as it is. */
  preAnsweredRow: 'A&A-01.1',
  /** A Lite row whose E cell held a formula: the filler must replace it with text. */
  formulaRow: 'IAM-04.1',
};

export interface FixtureOptions {
  version?: CaiqVersion;
  /** Another sheet name, to test how the filler reads it. */
  sheetName?: string;
  /** Answers typed in the workbook before it is filled: question id -> [C, D, E]. */
  typed?: Record<string, [string, string, string]>;
  /** v4.1's A1 JSON caiq_version, to test a disagreeing one. */
  a1Version?: string;
}

export async function buildOfficialLikeWorkbook(opts: FixtureOptions | string = {}): Promise<Buffer> {
  const o: FixtureOptions = typeof opts === 'string' ? { sheetName: opts } : opts;
  const version = o.version ?? '4.0.3';
  const v41 = version === '4.1.0';
  const sheetName = o.sheetName ?? (v41 ? 'CAIQv4.1.0' : 'CAIQv4.0.3');
  const wb = new ExcelJS.Workbook();
  wb.created = new Date('2024-01-01T00:00:00Z');
  wb.modified = new Date('2024-01-01T00:00:00Z');
  const intro = wb.addWorksheet('Introduction');
  intro.getCell('A1').value = 'Placeholder introduction (not CSA text).';
  intro.getCell('A3').value = 'Yes: met. No: in scope, not met. NA: out of scope.';

  const ws = wb.addWorksheet(sheetName);
  ws.columns = v41
    ? [
        { width: 20 }, { width: 74 }, { width: 14 }, { width: 22 }, { width: 32 }, { width: 32 },
        { width: 0 }, { width: 0 }, { width: 13 }, { width: 70 }, { width: 24 }, { width: 24 },
      ]
    : [
        { width: 12 }, { width: 60 }, { width: 12 }, { width: 24 }, { width: 50 }, { width: 40 },
        { width: 0, hidden: true }, { width: 0, hidden: true }, { width: 12 }, { width: 40 }, { width: 24 }, { width: 30 },
      ];
  if (v41) {
    const json = JSON.stringify({ specification_name: 'Cloud Controls Matrix', specification_version: '4.1.0', caiq_version: o.a1Version ?? '4.1.0' });
    ws.getCell('A1').value = json;
    intro.getCell('A1').value = json;
    ws.mergeCells('B1:D1');
    ws.getCell('B1').value = 'CONSENSUS ASSESSMENTS INITIATIVE QUESTIONNAIRE v4.1.0 (fixture)';
    ws.getCell('B1').font = { bold: true, size: 14 };
  } else {
    ws.getCell('A1').value = 'Consensus Assessments Initiative Questionnaire v4.0.3 (fixture)';
    ws.getCell('A1').font = { bold: true, size: 14 };
  }
  const headers = [
    'Question ID', 'Question', 'CSP CAIQ Answer', 'SSRM Control Ownership', 'CSP Implementation Description (Optional/Recommended)',
    'CSC Responsibilities  (Optional/Recommended)', '', '', 'CCM Control ID', 'CCM Control Specification', 'CCM Control Title', 'CCM Domain Title',
  ];
  const h = ws.getRow(2);
  headers.forEach((t, i) => {
    const c = h.getCell(i + 1);
    c.value = t;
    c.font = { bold: true, color: { argb: 'FFFFFFFF' } };
    c.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: FIXTURE.headerFill } };
    c.alignment = { wrapText: true, vertical: 'middle' };
  });

  const ids = questionIds(version);
  const answerStyle: Partial<ExcelJS.Style> = v41
    ? { protection: { locked: false }, fill: { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFEEF3F8' } }, alignment: { wrapText: true, vertical: 'top', horizontal: 'left' } }
    : {};
  const thin: Partial<ExcelJS.Borders> = { top: { style: 'thin' }, bottom: { style: 'thin' }, left: { style: 'thin' }, right: { style: 'thin' } };
  ids.forEach((id, i) => {
    const r = ws.getRow(3 + i);
    const control = id.slice(0, id.lastIndexOf('.'));
    r.getCell(1).value = id;
    r.getCell(2).value = `Placeholder question ${i + 1} about control ${control}.`;
    r.getCell(2).fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: FIXTURE.questionFill } };
    r.getCell(2).alignment = { wrapText: true, vertical: 'top' };
    for (let c = 3; c <= 6; c++) {
      r.getCell(c).border = thin;
      r.getCell(c).alignment = { wrapText: true, vertical: 'top' };
      if (v41) Object.assign(r.getCell(c), answerStyle);
    }
    r.height = 80;
    r.getCell(3).dataValidation = { type: 'list', allowBlank: true, formulae: [ANSWER_LIST] };
    r.getCell(4).dataValidation = { type: 'list', allowBlank: true, formulae: [v41 ? OWNERSHIP_LIST_41 : OWNERSHIP_LIST] };
    r.getCell(9).value = control;
    r.getCell(10).value = `Placeholder specification of ${control}.`;
    r.getCell(11).value = `Title of ${control}`;
    r.getCell(12).value = `Domain ${control.slice(0, control.lastIndexOf('-'))}`;
    if (id === FIXTURE.preAnsweredRow) {
      r.getCell(3).value = 'Yes';
      r.getCell(4).value = 'CSC-owned';
      r.getCell(5).value = 'Answered by hand before.';
    }
    if (id === FIXTURE.formulaRow) r.getCell(5).value = { formula: 'B5&"!"', result: 'stale' };
    const typed = o.typed?.[id];
    if (typed) typed.forEach((v, k) => (r.getCell(3 + k).value = v === '' ? null : v));
  });

  // Merges: I–K over each control's rows, L over each domain's rows.
  const mergeRuns = (keyOf: (id: string) => string, cols: string[]) => {
    let start = 0;
    for (let i = 1; i <= ids.length; i++) {
      if (i === ids.length || keyOf(ids[i]!) !== keyOf(ids[start]!)) {
        if (i - 1 > start) for (const col of cols) ws.mergeCells(`${col}${3 + start}:${col}${3 + i - 1}`);
        start = i;
      }
    }
  };
  mergeRuns((id) => id.slice(0, id.lastIndexOf('.')), ['I', 'J', 'K']);
  mergeRuns((id) => id.slice(0, id.indexOf('-')), ['L']);

  const end = 3 + ids.length;
  ws.getCell(`A${end}`).value = 'End of Standard';
  ws.getCell(`A${end + 1}`).value = '© placeholder copyright line';
  if (v41) {
    ws.mergeCells(`A${end}:D${end}`);
    ws.mergeCells(`A${end + 1}:D${end + 1}`);
    const log = wb.addWorksheet('Change Log');
    log.getCell('A3').value = 'Version';
    log.getCell('A4').value = '4.1.0 (fixture)';
    // CSA protects the sheet but leaves row and column formatting free (formatRows="0").
    await ws.protect('fixture', { formatRows: true, formatColumns: true, formatCells: false, autoFilter: true, selectLockedCells: true, selectUnlockedCells: true });
  }
  return Buffer.from(await wb.xlsx.writeBuffer());
}
