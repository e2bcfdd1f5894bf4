// The other export (JSON lines, when the CSV is the primary), consumed one
// entry slot per slot of the primary: the ExportComparer pairs them. Its
// unreadable records are reported where they are, as the reader found them;
// its notices (BOM, LF line ends) stand for no slot.
import type { FindingCollector } from './finding-runs.js';
import type { ReadItem } from './read-item.js';

export class SecondExportCursor {
  private buf: ReadItem[] = [];
  private pos = 0;
  private done: boolean;
  private ordinal = 0;
  /** Records of this export that cannot be read (each a slot that could not be compared). */
  unreadable = 0;

  constructor(
    private readonly reader: AsyncGenerator<ReadItem[], void> | null,
    private readonly file: string | undefined,
    private readonly collector: FindingCollector,
  ) {
    this.done = reader === null;
  }

  /** Reads ahead until at least `n` items are buffered (or the file ends). */
  async fill(n: number): Promise<void> {
    while (!this.done && this.buf.length - this.pos < n) {
      const r = await this.reader!.next();
      if (r.done) {
        this.done = true;
        break;
      }
      this.buf = this.pos < this.buf.length ? this.buf.slice(this.pos).concat(r.value) : r.value;
      this.pos = 0;
    }
  }

  /** The next entry slot of the buffered items; undefined when none is buffered. */
  next(): ReadItem | undefined {
    while (this.pos < this.buf.length) {
      const it = this.buf[this.pos++]!;
      if ('error' in it) {
        this.collector.occur({
          code: it.error.code,
          ordinal: it.notice ? -1 : this.ordinal,
          cause: it.notice ? `notice:${it.line}` : `file:${this.file}`,
          make: () => it.error,
        });
        if (it.notice) continue;
        this.unreadable++;
      }
      this.ordinal++;
      return it;
    }
    return undefined;
  }

  async close(): Promise<void> {
    await this.reader?.return(undefined);
  }
}
