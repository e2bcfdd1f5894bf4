// Streams the SIEM CSV export of the audit log (spec §2): header check, then
// one ReadItem per record, located at the physical line where it starts.
import { AUDIT_FIELDS } from '../../model/audit-entry.js';
import { CsvTokenizer, type CsvProblem, type CsvRecord } from '../text/csv-tokenizer.js';
import { entryFromCells, parseSeqCell } from './entry-fields.js';
import { malformed, withoutBom, type ReadItem, type ReaderOptions } from './read-item.js';
import { readByteText } from '../text/byte-text.js';

export const AUDIT_CSV_FILE = 'data/audit/audit-log.csv';
const EXPECTED_HEADER = AUDIT_FIELDS.join(',');

/** Items in file order, one array per chunk read (the verifier's fast path). */
export async function* readAuditCsvBatches(
  path: string,
  file: string = AUDIT_CSV_FILE,
  opts: ReaderOptions = {},
): AsyncGenerator<ReadItem[]> {
  const tok = new CsvTokenizer();
  const raw: (CsvRecord | CsvProblem)[] = [];
  let started = false;
  let headerSeen = false;
  let lfOnlyFirst = 0;
  let lfOnlyCount = 0;
  for await (const chunk of readByteText(path, opts)) {
    const items: ReadItem[] = [];
    let text = chunk.text;
    if (!started && text.length > 0) {
      started = true;
      text = withoutBom(text, file, items);
    }
    raw.length = 0;
    tok.push(text, chunk.eof, raw, text === chunk.text ? chunk.bytes : undefined);
    for (const r of raw) {
      if (!headerSeen) {
        headerSeen = true;
        const got = 'cells' in r ? r.cells.join(',') : undefined;
        if (got !== EXPECTED_HEADER) {
          const what = got === undefined ? (r as CsvProblem).problem : `found ${JSON.stringify(got.slice(0, 300))}`;
          items.push(
            malformed(file, 1, `The first line is not the audit CSV header (${EXPECTED_HEADER}): ${what}. The file was not read further.`, {
              fatal: true,
            }),
          );
          yield items;
          return;
        }
        if ('cells' in r && r.lfOnly) {
          lfOnlyFirst ||= r.line;
          lfOnlyCount++;
        }
        continue;
      }
      if ('problem' in r) {
        const seq = r.seqText !== undefined ? parseSeqCell(r.seqText) : undefined;
        items.push(malformed(file, r.line, `Record cannot be read: ${r.problem}.`, seq !== undefined ? { seq } : {}));
        continue;
      }
      if (r.lfOnly) {
        lfOnlyFirst ||= r.line;
        lfOnlyCount++;
      }
      if (r.unterminated) {
        items.push(
          malformed(file, r.line, 'The last record does not end with CRLF: the file may have been cut.', { severity: 'low', notice: true }),
        );
      }
      const e = entryFromCells(r.cells);
      if ('entry' in e) items.push({ entry: e.entry, line: r.line, detailsText: r.cells[12]! });
      else items.push(malformed(file, r.line, `Record cannot be read: ${e.problem}.`, e.seq !== undefined ? { seq: e.seq } : {}));
    }
    if (chunk.eof) {
      if (!headerSeen) items.push(malformed(file, 1, 'The file is empty: it has no header line.', { fatal: true }));
      if (lfOnlyCount > 0) {
        items.push(
          malformed(
            file,
            lfOnlyFirst,
            `${lfOnlyCount} line(s) end with a bare LF instead of CRLF, the first here; they were read anyway.`,
            { severity: 'low', details: { count: lfOnlyCount }, notice: true },
          ),
        );
      }
    }
    opts.onBytes?.(chunk.bytesRead);
    if (items.length) yield items;
  }
}

/** The audit CSV as a stream of items (entries or located problems), memory flat whatever the size. */
export async function* readAuditCsv(path: string, file: string = AUDIT_CSV_FILE, opts: ReaderOptions = {}): AsyncGenerator<ReadItem> {
  for await (const batch of readAuditCsvBatches(path, file, opts)) yield* batch;
}
