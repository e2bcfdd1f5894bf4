// Streams the JSON lines export of the audit log (spec §2): one object per
// line with exactly the 17 entry members and strict types.
import { entryFromObject } from './entry-fields.js';
import { parseStrictJson } from '../crypto/strict-json.js';
import { HighByteSpans, MAX_RECORD_CHARS, hasHighChar, readByteText, utf8OfByteText } from '../text/byte-text.js';
import { malformed, withoutBom, type ReadItem, type ReaderOptions } from './read-item.js';

export const AUDIT_JSONL_FILE = 'data/audit/audit-log.jsonl';

/** Parses one JSON line into an entry, or a located problem. */
export function parseJsonlLine(text: string, line: number, file: string): ReadItem {
  // A CRLF file is tolerated: the spec fixes no line ending for JSON lines.
  const body = text.charCodeAt(text.length - 1) === 13 ? text.slice(0, -1) : text;
  if (body.length === 0) return malformed(file, line, 'Empty line where an entry was expected.');
  let v: unknown;
  try {
    v = parseStrictJson(body);
  } catch (e) {
    const m = /"seq"\s*:\s*([0-9]{1,16})[,}]/.exec(body.slice(0, 40));
    return malformed(file, line, `Line is not valid JSON (${(e as Error).message}).`, m ? { seq: Number(m[1]) } : {});
  }
  const r = entryFromObject(v, body.length);
  if ('entry' in r) return { entry: r.entry, line };
  return malformed(file, line, `Line cannot be read: ${r.problem}.`, r.seq !== undefined ? { seq: r.seq } : {});
}

async function* splitLines<T>(
  path: string,
  file: string,
  opts: ReaderOptions,
  make: (text: string, line: number) => T,
): AsyncGenerator<(T | ReadItem)[]> {
  let pending = '';
  let line = 0;
  let started = false;
  let skipping = false;
  const high = new HighByteSpans();
  for await (const chunk of readByteText(path, opts)) {
    const items: (T | ReadItem)[] = [];
    let text = chunk.text;
    if (!started && text.length > 0) {
      started = true;
      text = withoutBom(text, file, items);
    }
    const s = pending.length ? pending + text : text;
    high.reset(pending.length, text, text === chunk.text ? chunk.bytes : undefined);
    let start = 0;
    // Lines are split on byte text; the rare line holding a byte >= 0x80 is decoded as UTF-8.
    for (let nl = s.indexOf('\n'); nl !== -1; nl = s.indexOf('\n', start)) {
      line++;
      if (skipping) skipping = false;
      else if (high.has(s, start, nl)) items.push(make(utf8OfByteText(s.slice(start, nl)), line));
      else items.push(make(s.slice(start, nl), line));
      start = nl + 1;
    }
    pending = s.slice(start);
    if (pending.length > MAX_RECORD_CHARS && !skipping) {
      items.push(malformed(file, line + 1, `Line longer than ${MAX_RECORD_CHARS} characters; it was skipped.`));
      skipping = true;
    }
    if (skipping) pending = '';
    if (chunk.eof && pending.length > 0) {
      line++;
      items.push(make(hasHighChar(pending) ? utf8OfByteText(pending) : pending, line));
      pending = '';
    }
    opts.onBytes?.(chunk.bytesRead);
    if (items.length) yield items;
  }
}

export async function* readAuditJsonlBatches(
  path: string,
  file: string = AUDIT_JSONL_FILE,
  opts: ReaderOptions = {},
): AsyncGenerator<ReadItem[]> {
  yield* splitLines(path, file, opts, (text, line) => parseJsonlLine(text, line, file)) as AsyncGenerator<ReadItem[]>;
}

/** The JSON lines export as a stream of items, memory flat whatever the size. */
export async function* readAuditJsonl(path: string, file: string = AUDIT_JSONL_FILE, opts: ReaderOptions = {}): AsyncGenerator<ReadItem> {
  for await (const batch of readAuditJsonlBatches(path, file, opts)) yield* batch;
}
