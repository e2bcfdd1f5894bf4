// Files the browser sends in web mode (a bundle archive or a trust store),
// streamed to a private temporary folder: memory stays flat whatever their
// size, and nothing is written outside os.tmpdir(). The engine then reads them
// by path like any other file.
import { randomBytes } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { mkdtemp, mkdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import type { Readable } from 'node:stream';
import { ApiFailure } from '../api/result.js';

/** Keeps the extension the engine needs (.zip, .tar.gz, .json) and nothing dangerous. */
export function safeUploadName(name: string): string {
  const base = name.split(/[\\/]/).pop() ?? '';
  const cleaned = base.replace(/[^A-Za-z0-9._-]/g, '_').replace(/^\.+/, '');
  return (cleaned || 'upload').slice(-200);
}

export class UploadStore {
  private readonly files = new Map<string, string>();

  private constructor(
    readonly root: string,
    private readonly maxBytes: number,
  ) {}

  static async create(opts: { maxBytes?: number } = {}): Promise<UploadStore> {
    const root = await mkdtemp(join(tmpdir(), 'natalia-uploads-'));
    return new UploadStore(root, opts.maxBytes ?? 64 * 1024 ** 3);
  }

  /** Streams `body` to a new file; returns its id. A body over the limit is refused and removed. */
  async receive(body: Readable, name: string): Promise<{ uploadId: string; name: string; bytes: number }> {
    const uploadId = randomBytes(16).toString('hex');
    const dir = join(this.root, uploadId);
    await mkdir(dir);
    const safe = safeUploadName(name);
    const path = join(dir, safe);
    let bytes = 0;
    const max = this.maxBytes;
    try {
      await pipeline(
        body,
        async function* (source: AsyncIterable<Buffer>) {
          for await (const chunk of source) {
            bytes += chunk.length;
            if (bytes > max) throw new ApiFailure('invalid_request', `The file is larger than the ${max} bytes accepted.`);
            yield chunk;
          }
        },
        createWriteStream(path, { flags: 'wx' }),
      );
    } catch (e) {
      await rm(dir, { recursive: true, force: true });
      throw e;
    }
    this.files.set(uploadId, path);
    return { uploadId, name: safe, bytes };
  }

  pathOf(uploadId: string): string {
    const p = this.files.get(uploadId);
    if (!p) throw new ApiFailure('not_found', 'That upload is not known (the workstation may have restarted); choose the file again.');
    return p;
  }

  async close(): Promise<void> {
    this.files.clear();
    await rm(this.root, { recursive: true, force: true });
  }
}
