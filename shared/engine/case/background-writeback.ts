// Starts writing a case file's new pages to disk while an import is still
// running, so the commit's fsync finds little left to write.
//
// Why: an import writes the bundle's bytes into the case (a 1 GB dump, say)
// in one transaction. Linux holds such writes in the page cache until they
// are 30 s old or a tenth of memory is dirty, so without help the whole
// gigabyte reaches the disk in the commit's fsync, with both cores idle
// (0.7 s of a 9.5 s import on the benchmark machine). An fdatasync on a
// descriptor of our own, run on libuv's thread pool every 256 MiB of bytes
// copied, lets the disk work while the cores verify. It is only a hint:
// durability still comes from SQLite's own fsync at commit, and a failed
// hint is ignored.
//
// The descriptor stays open until after the database connection is closed:
// closing any descriptor of a file drops every POSIX lock the process holds
// on it, SQLite's transaction locks included (test/case/background-writeback.test.ts).
import { open, type FileHandle } from 'node:fs/promises';

/** Bytes copied into the case between two flushes. */
export const WRITEBACK_EVERY_BYTES = 256 << 20;

export class BackgroundWriteback {
  private handle: Promise<FileHandle | undefined> | undefined;
  private inFlight: Promise<void> | undefined;
  private pending = 0;

  constructor(
    private readonly path: string,
    private readonly everyBytes = WRITEBACK_EVERY_BYTES,
  ) {}

  /** `n` more bytes were handed to SQLite; starts a flush every `everyBytes`. */
  wrote(n: number): void {
    this.pending += n;
    if (this.pending >= this.everyBytes) this.flush();
  }

  /** Starts a flush unless one is running (then the bytes wait for the next one, or the commit). */
  flush(): void {
    this.pending = 0;
    if (this.inFlight) return;
    // Opened for writing, though never written: Windows flushes only handles with write access.
    this.handle ??= open(this.path, 'r+').catch(() => undefined);
    this.inFlight = this.handle
      .then((fh) => fh?.datasync())
      .catch(() => {})
      .finally(() => {
        this.inFlight = undefined;
      });
  }

  /** Resolves when no flush is running. */
  async idle(): Promise<void> {
    while (this.inFlight) await this.inFlight;
  }

  /** Waits for the running flush and closes the descriptor. Call only once the database connection is closed. */
  async close(): Promise<void> {
    await this.idle();
    const fh = await this.handle;
    this.handle = undefined;
    await fh?.close().catch(() => {});
  }
}
