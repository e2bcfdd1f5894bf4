// The answers as CSV, keyed by question id, with the project's own topic
// words (never CSA's question text) and every citation in full.
//
// Formula injection: a spreadsheet opening this file would run a cell that
// starts with `=`, `+`, `-` or `@` (and, in some, a tab or carriage return
// first) as a formula; evidence text can start that way (the audit log's own
// CSV says such values are data). Such a cell is written with a leading
// apostrophe (`'=…`), the OWASP-recommended neutraliser that spreadsheets
// show as text, and always quoted. A reader that wants the exact text strips
// one leading apostrophe from a cell whose next character is one of those.
import { csvField } from '../../text/csv-field.js';
import type { CaiqAnswer } from './answer-types.js';
import { citationLine, implementationCell } from './citations-text.js';

export const CSV_COLUMNS = [
  'question_id',
  'topic',
  'answer',
  'ssrm_ownership',
  'implementation',
  'csc_responsibilities',
  'basis',
  'declared_by',
  'declared_at',
  'reason',
  'citations',
] as const;

export { csvField };

export function answersToCsv(answers: CaiqAnswer[]): string {
  const lines = [CSV_COLUMNS.join(',')];
  for (const a of answers) {
    const row: Record<(typeof CSV_COLUMNS)[number], string> = {
      question_id: a.question_id,
      topic: a.topic,
      answer: a.answer ?? '',
      ssrm_ownership: a.ownership ?? '',
      implementation: a.answer === null ? '' : implementationCell(a),
      csc_responsibilities: a.csc_responsibilities,
      basis: a.basis,
      declared_by: a.declared_by?.author ?? '',
      declared_at: a.declared_by?.declared_at ?? '',
      reason: a.reason ?? '',
      citations: a.citations.map(citationLine).join('\n'),
    };
    lines.push(CSV_COLUMNS.map((c) => csvField(row[c])).join(','));
  }
  // CRLF as RFC 4180 asks; UTF-8 without BOM like the appliance's own CSV.
  return lines.join('\r\n') + '\r\n';
}
