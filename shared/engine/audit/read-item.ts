// What the audit log readers hand out: an entry with the physical line where
// its record starts, or a located finding for a record that cannot be read.
import type { AuditEntry } from '../../model/audit-entry.js';
import { finding, type Finding, type Severity } from '../../model/findings.js';

export type ReadItem =
  /** `detailsText`: the details cell as written (CSV only), which lets the verifier hash without re-canonicalizing. */
  | { entry: AuditEntry; line: number; detailsText?: string }
  /**
   * `notice`: a deviation of the file (BOM, line endings) that stands for no entry.
   * `fatal`: the file cannot be read at all (no or wrong header); nothing follows.
   */
  | { error: Finding; line: number; notice?: boolean; fatal?: boolean };

export interface ReaderOptions {
  signal?: AbortSignal;
  /** Called after each chunk of the file is processed. */
  onBytes?: (bytesRead: number) => void;
  /** Chunk size in bytes (tests use tiny ones to cut characters and records across chunks). */
  highWaterMark?: number;
  /** Size of one read from the file (tests: reads that end inside a chunk's worth of bytes). */
  readBytes?: number;
  /** SHA-256 of the whole file, once read to its end (text/byte-text.ts). */
  onSha256?: (sha256: string) => void;
}

export function malformed(
  file: string,
  line: number,
  message: string,
  extra: { seq?: number; severity?: Severity; details?: Record<string, unknown>; notice?: boolean; fatal?: boolean } = {},
): { error: Finding; line: number; notice?: boolean; fatal?: boolean } {
  const { notice, fatal, ...rest } = extra;
  return {
    error: finding({ code: 'audit.malformed_entry', file, line, message, ...rest }),
    line,
    ...(notice ? { notice } : {}),
    ...(fatal ? { fatal } : {}),
  };
}

/**
 * The first chunk of a file without its UTF-8 byte order mark, if it has one:
 * the format forbids it, so a low-severity notice goes to `items` and the
 * rest of the file is read as if it were not there.
 */
export function withoutBom(text: string, file: string, items: { push(item: ReadItem): unknown }): string {
  if (text.charCodeAt(0) !== 0xfeff) return text;
  items.push(
    malformed(file, 1, 'The file starts with a UTF-8 byte order mark, which the format forbids; it was ignored.', {
      severity: 'low',
      notice: true,
    }),
  );
  return text.slice(1);
}
