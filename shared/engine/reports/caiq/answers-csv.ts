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
import type { CaiqAnswer, CaiqVersion } from './answer-types.js';
import { citationLine, implementationCell, type CellTextOptions } from './citations-text.js';
import { trustLine, type TrustBasis } from './trust-basis.js';

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
  'evidence_shows',
  'evidence_does_not_show',
  'caiq_version',
  'trust',
] as const;

export { csvField };

/** The CSV travels with the workbook: it names the declaring person only when the workbook does. */
export function answersToCsv(answers: CaiqAnswer[], version: CaiqVersion, opts: CellTextOptions & { trust?: TrustBasis[] } = {}): string {
  const named = opts.nameDeclarant === true;
  const trustOf = new Map((opts.trust ?? []).map((t) => [t.bundle, trustLine(t)]));
  const lines = [CSV_COLUMNS.join(',')];
  for (const a of answers) {
    const row: Record<(typeof CSV_COLUMNS)[number], string> = {
      question_id: a.question_id,
      topic: a.topic,
      answer: a.answer ?? '',
      ssrm_ownership: a.ownership ?? '',
      implementation: a.answer === null ? '' : implementationCell(a, opts),
      csc_responsibilities: a.csc_responsibilities,
      basis: a.basis,
      declared_by: named ? (a.declared_by?.author ?? '') : '',
      declared_at: a.declared_by?.declared_at ?? '',
      reason: a.reason ?? '',
      citations: a.citations.map(citationLine).join('\n'),
      evidence_shows: a.support?.shows ?? '',
      evidence_does_not_show: a.support?.not_shown ?? '',
      caiq_version: version,
      // The trust of every bundle the answer cites: what its checks' verdicts stand on.
      trust: [...new Set(a.citations.map((c) => c.bundle).filter((b): b is string => b !== undefined))]
        .flatMap((b) => (trustOf.has(b) ? [trustOf.get(b)!] : []))
        .join('\n'),
    };
    lines.push(CSV_COLUMNS.map((c) => csvField(row[c])).join(','));
  }
  // CRLF as RFC 4180 asks; UTF-8 without BOM like the appliance's own CSV.
  return lines.join('\r\n') + '\r\n';
}
