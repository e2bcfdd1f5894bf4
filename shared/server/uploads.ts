// Files the browser sends in web mode (a bundle archive or a trust store),
// streamed to a private temporary folder: memory stays flat whatever their
// size, and nothing is written outside os.tmpdir(). The engine then reads them
// by path like any other file. Each upload, and all of them together, must fit
// the free disk (less a reserve) and the store's bounds; one is refused from
// its declared length before a byte is written, or as soon as its bytes pass
// a bound. An upload whose bytes stop arriving is given up.
import { randomBytes } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { mkdir, rm, stat, statfs } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import type { Readable } from 'node:stream';
import { ApiFailure } from '../api/result.js';
import { makePrivateTemp } from '../engine/private-temp.js';
import { echoed } from '../model/echo.js';

/** Keeps the extension the engine needs (.zip, .tar.gz, .json) and nothing dangerous. */
export function safeUploadName(name: string): string {
  const base = name.split(/[\\/]/).pop() ?? '';
  const cleaned = base.replace(/[^A-Za-z0-9._-]/g, '_').replace(/^\.+/, '');
  return (cleaned || 'upload').slice(-200);
}

export interface UploadLimits {
  /** Largest single upload (bytes). */
  maxBytes: number;
  /** Most bytes all uploads of this run may hold together. */
  maxTotalBytes: number;
  /** Most uploads kept at once. */
  maxFiles: number;
  /** Longest pause between two chunks of an upload (ms). */
  idleMs: number;
  /** Free bytes where the uploads go; statfs by default (tests: a nearly full disk). */
  freeBytes?: (dir: string) => Promise<number>;
}

export const DEFAULT_UPLOAD_LIMITS: UploadLimits = {
  maxBytes: 64 * 1024 ** 3,
  maxTotalBytes: 128 * 1024 ** 3,
  maxFiles: 64,
  idleMs: 30_000,
};

/** Room left on the disk for everything else (the extraction of the bundle itself needs room too). */
const DISK_RESERVE_BYTES = 256 * 1024 * 1024;

const gib = (n: number) => `${(n / 1024 ** 3).toFixed(1)} GiB`;

export class UploadStore {
  private readonly files = new Map<string, { path: string; name: string; bytes: number }>();
  private held = 0;

  private constructor(
    readonly root: string,
    private readonly limits: UploadLimits,
  ) {}

  static async create(opts: Partial<UploadLimits> & { tempRoot?: string } = {}): Promise<UploadStore> {
    const root = await makePrivateTemp(opts.tempRoot ?? tmpdir(), 'natalia-uploads-');
    return new UploadStore(root, { ...DEFAULT_UPLOAD_LIMITS, ...opts });
  }

  /** Streams `body` to a new file; returns its id. A body over a bound is refused and removed. */
  async receive(body: Readable, name: string, declaredBytes?: number): Promise<{ uploadId: string; name: string; bytes: number }> {
    const shown = echoed(name);
    if (this.files.size >= this.limits.maxFiles) {
      throw new ApiFailure('invalid_request', `${shown} was not uploaded: the workstation already holds ${this.limits.maxFiles} uploaded files; restart it to let them go.`);
    }
    const free = await (this.limits.freeBytes ?? freeBytesAt)(this.root);
    const room = Math.max(0, free - DISK_RESERVE_BYTES);
    const max = Math.min(this.limits.maxBytes, this.limits.maxTotalBytes - this.held, room);
    const why = (bytes: number) =>
      max === room
        ? `${shown} (${gib(bytes)} or more) does not fit on the disk of the workstation's temporary folder (${gib(free)} free, of which ${gib(DISK_RESERVE_BYTES)} are kept for its work); free some space or give the file's path instead.`
        : `${shown} is larger than the ${max} bytes the workstation accepts now.`;
    if (declaredBytes !== undefined && declaredBytes > max) throw new ApiFailure('invalid_request', why(declaredBytes));

    const uploadId = randomBytes(16).toString('hex');
    const dir = join(this.root, uploadId);
    await mkdir(dir);
    const path = join(dir, safeUploadName(name));
    let bytes = 0;
    const idleMs = this.limits.idleMs;
    const idle = new IdleTimer(idleMs);
    // Nothing can be answered on a body that stalls half-way: it is ended, and its connection with it.
    idle.signal.addEventListener('abort', () => body.destroy(new ApiFailure('invalid_request', `${shown} stopped arriving (nothing for ${idleMs / 1000} s); choose it again.`)));
    try {
      await pipeline(
        body,
        async function* (source: AsyncIterable<Buffer>) {
          for await (const chunk of source) {
            idle.touch();
            bytes += chunk.length;
            if (bytes > max) throw new ApiFailure('invalid_request', why(bytes));
            yield chunk;
          }
        },
        createWriteStream(path, { flags: 'wx' }),
      ).finally(() => idle.stop()).catch((e: unknown) => {
        if (e instanceof ApiFailure) throw e;
        const code = (e as NodeJS.ErrnoException).code;
        if (code === 'ENOSPC' || code === 'EDQUOT') throw new ApiFailure('invalid_request', `${shown} does not fit: the disk of the workstation's temporary folder is full.`);
        throw new ApiFailure('invalid_request', `${shown} was not received whole (${code ?? 'the connection ended'}); choose it again.`);
      });
    } catch (e) {
      await rm(dir, { recursive: true, force: true });
      throw e;
    }
    this.files.set(uploadId, { path, name, bytes: (await stat(path)).size });
    this.held += bytes;
    return { uploadId, name: safeUploadName(name), bytes };
  }

  pathOf(uploadId: string): string {
    const p = this.files.get(uploadId);
    if (!p) throw new ApiFailure('not_found', 'That upload is not known (the workstation may have restarted); choose the file again.');
    return p.path;
  }

  /**
   * A message as the person who chose the files should read it: each private
   * copy's path becomes the name of the file they chose, and any other
   * mention of the private folder is removed.
   */
  redact(text: string): string {
    let out = text;
    for (const f of this.files.values()) out = out.split(f.path).join(echoed(f.name));
    return out.split(this.root).join('(uploads)');
  }

  async close(): Promise<void> {
    this.files.clear();
    await rm(this.root, { recursive: true, force: true });
  }
}

async function freeBytesAt(dir: string): Promise<number> {
  const s = await statfs(dir);
  return s.bavail * s.bsize;
}

/** Aborts when nothing arrived for `ms` (a body left unfinished would hold a file and a socket open for ever). */
export class IdleTimer {
  private readonly controller = new AbortController();
  private timer: NodeJS.Timeout;

  constructor(private readonly ms: number) {
    this.timer = setTimeout(() => this.controller.abort(), ms);
  }

  get signal(): AbortSignal {
    return this.controller.signal;
  }

  touch(): void {
    clearTimeout(this.timer);
    this.timer = setTimeout(() => this.controller.abort(), this.ms);
  }

  stop(): void {
    clearTimeout(this.timer);
  }
}
