// A workbook of our own, for users who have not downloaded CSA's: the
// question ids with the project's own topic words (never CSA's text), the
// answers in the official workbook's column order, and the citations.
// Written with exceljs, then re-packed so the bytes depend only on the
// answers and the as-of date.
import ExcelJS from 'exceljs';
import { CAIQ_ANSWERS, type CaiqAnswer, type CaiqVersion } from './answer-types.js';
import { ownershipsOf } from './caiq-versions.js';
import { citationLine, implementationCell, type CellTextOptions } from './citations-text.js';
import { trustLine, type TrustBasis } from './trust-basis.js';
import { summarizeAnswers } from './build-answers.js';
import { readZipPackage, writeZipPackage } from '../zip-package.js';

export interface StandaloneMeta extends CellTextOptions {
  caseId: string;
  version: CaiqVersion;
  /** The trust of the bundles the answers rely on. */
  trust?: TrustBasis[];
  /** RFC 3339: the latest time among the inputs, used as the workbook's dates. */
  asOf: string;
}

const HEADER_FILL: ExcelJS.Fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFD9E2F3' } };
const NEEDS_INPUT_FILL: ExcelJS.Fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFFFF2CC' } };

export async function buildStandaloneWorkbook(answers: CaiqAnswer[], meta: StandaloneMeta): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const date = new Date(meta.asOf);
  wb.creator = 'natalia-audit';
  wb.lastModifiedBy = 'natalia-audit';
  wb.created = date;
  wb.modified = date;

  const about = wb.addWorksheet('About');
  const s = summarizeAnswers(answers);
  const lines: [string, string][] = [
    [`CAIQ-Lite answers (CAIQ v${meta.version} identifiers)`, ''],
    ['Case', meta.caseId],
    ['As of', meta.asOf],
    ['Questions', String(s.total)],
    ['Answered No from verified evidence', String(s.evidence)],
    ['Supported by verified evidence', String(s.supported)],
    ['Declared in the answer library', String(s.declared)],
    ['Needing input', String(s.needs_input)],
    ['Evidence trusted on', (meta.trust ?? []).map(trustLine).join('\n') || 'no verified bundle'],
    ['', ''],
    [
      'Note',
      "Topics are this tool's own summaries, not CSA's question texts, which CSA's licence does not allow us to reproduce. " +
        `To answer on the official form, download the CAIQ v${meta.version} STAR questionnaire from CSA and run: natalia-audit caiq <case> --workbook <file> --out <file>.`,
    ],
  ];
  for (const l of lines) about.addRow(l);
  about.getRow(1).font = { bold: true, size: 13 };
  about.getColumn(1).width = 32;
  about.getColumn(2).width = 100;
  about.getCell('B9').alignment = { wrapText: true, vertical: 'top' };
  about.getCell('B11').alignment = { wrapText: true, vertical: 'top' };

  const ws = wb.addWorksheet('CAIQ-Lite', { views: [{ state: 'frozen', ySplit: 1 }] });
  ws.columns = [
    { header: 'Question ID', key: 'id', width: 12 },
    { header: 'Topic (our words)', key: 'topic', width: 40 },
    { header: 'CSP CAIQ Answer', key: 'answer', width: 10 },
    { header: 'SSRM Control Ownership', key: 'ownership', width: 22 },
    { header: 'CSP Implementation Description', key: 'impl', width: 80 },
    { header: 'CSC Responsibilities', key: 'csc', width: 40 },
    { header: 'Basis', key: 'basis', width: 12 },
    { header: 'To complete', key: 'reason', width: 50 },
    { header: 'Citations', key: 'citations', width: 90 },
  ];
  const header = ws.getRow(1);
  header.font = { bold: true };
  header.eachCell((c) => {
    c.fill = HEADER_FILL;
    c.alignment = { vertical: 'middle', wrapText: true };
  });
  for (const a of answers) {
    // Every value is a plain string: exceljs writes strings as text cells, never as formulas.
    const row = ws.addRow({
      id: a.question_id,
      topic: a.topic,
      answer: a.answer ?? '',
      ownership: a.answer === 'NA' ? '' : (a.ownership ?? ''),
      impl: a.answer === null ? '' : implementationCell(a, meta),
      csc: a.csc_responsibilities,
      basis: a.basis === 'needs_input' ? 'needs input' : a.basis,
      reason: a.reason ?? '',
      citations: a.citations.map(citationLine).join('\n'),
    });
    row.alignment = { vertical: 'top', wrapText: true };
    if (a.basis === 'needs_input') row.getCell('answer').fill = NEEDS_INPUT_FILL;
  }
  const last = answers.length + 1;
  // The official workbook's two lists, so a user completing this one picks the same values.
  for (let r = 2; r <= last; r++) {
    ws.getCell(`C${r}`).dataValidation = { type: 'list', allowBlank: true, formulae: [`"${CAIQ_ANSWERS.join(',')}"`] };
    ws.getCell(`D${r}`).dataValidation = { type: 'list', allowBlank: true, formulae: [`"${ownershipsOf(meta.version).join(',')}"`] };
  }
  ws.autoFilter = { from: 'A1', to: `I${last}` };

  const raw = Buffer.from(await wb.xlsx.writeBuffer());
  // exceljs stamps its zip entries with the current time: re-pack with fixed ones.
  return writeZipPackage(await readZipPackage(raw));
}
