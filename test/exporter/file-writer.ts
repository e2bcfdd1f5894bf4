// A text file written through a stream with backpressure, hashed on the way:
// the bag manifest needs each payload file's SHA-256 and size, and computing
// them while writing spares a second read of files that may be gigabytes.
import { createHash, type Hash } from 'node:crypto';
import { createWriteStream, type WriteStream } from 'node:fs';

const FLUSH_CHARS = 1 << 16;

export interface WrittenFile {
  sha256: string;
  bytes: number;
}

export class HashingWriter {
  private readonly stream: WriteStream;
  private readonly hash: Hash = createHash('sha256');
  private pending: string[] = [];
  private pendingChars = 0;
  private failure: Error | null = null;
  private bytes = 0;

  constructor(readonly path: string) {
    this.stream = createWriteStream(path);
    this.stream.on('error', (err) => {
      this.failure = err;
    });
  }

  /** Buffers `text`; resolves once the stream can take more (backpressure). */
  async write(text: string): Promise<void> {
    this.pending.push(text);
    this.pendingChars += text.length;
    if (this.pendingChars >= FLUSH_CHARS) await this.flush();
  }

  private async flush(): Promise<void> {
    if (this.failure) throw this.failure;
    if (this.pending.length === 0) return;
    const buf = Buffer.from(this.pending.join(''), 'utf8');
    this.pending = [];
    this.pendingChars = 0;
    this.hash.update(buf);
    this.bytes += buf.length;
    if (!this.stream.write(buf)) await this.drained();
    if (this.failure) throw this.failure;
  }

  private drained(): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      const done = (err?: Error) => {
        this.stream.off('drain', onDrain);
        this.stream.off('error', onError);
        if (err) reject(err);
        else resolve();
      };
      const onDrain = () => done();
      const onError = (err: Error) => done(err);
      this.stream.on('drain', onDrain);
      this.stream.on('error', onError);
    });
  }

  async close(): Promise<WrittenFile> {
    await this.flush();
    await new Promise<void>((resolve, reject) => {
      this.stream.end((err?: Error | null) => (err ? reject(err) : resolve()));
    });
    if (this.failure) throw this.failure;
    return { sha256: this.hash.digest('hex'), bytes: this.bytes };
  }

  /** Closes without caring for the content (error paths). */
  abort(): void {
    this.stream.destroy();
  }
}

/** Writes a small file in one go and returns its hash and size. */
export async function writeSmallFile(path: string, text: string): Promise<WrittenFile> {
  const w = new HashingWriter(path);
  await w.write(text);
  return w.close();
}
