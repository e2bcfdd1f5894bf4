// Files web mode offers for download (reports, the public key), kept in
// memory under an unguessable id until the workstation stops. Reports are
// small; the oldest are forgotten past a total size, so memory stays bounded
// however many the user makes. A file that grows with the evidence (a
// portable case) is offered from disk instead: moved into the store's own
// private folder, streamed when fetched, removed when forgotten.
import { randomBytes } from 'node:crypto';
import { copyFileSync, renameSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { OutputFile, StagedFile } from '../api/delivery.js';
import { makePrivateTemp } from '../engine/private-temp.js';

export type Download = { name: string; mediaType: string } & ({ content: Buffer; path?: undefined; bytes?: undefined } | { path: string; bytes: number; content?: undefined });

/** How many files on disk are offered at once; the oldest is removed past it. */
const MAX_STAGED = 4;

export class DownloadStore {
  private readonly files = new Map<string, Download>();
  private bytes = 0;
  private readonly staged: string[] = [];
  private folder: Promise<string> | undefined;

  constructor(private readonly maxBytes = 256 * 1024 * 1024) {}

  /** Takes over a file the engine wrote (moved into this store's folder) and offers it. */
  async offerFile(file: StagedFile): Promise<string> {
    this.folder ??= makePrivateTemp(tmpdir(), 'natalia-downloads-');
    const id = randomBytes(16).toString('hex');
    const path = join(await this.folder, id);
    try {
      renameSync(file.path, path);
    } catch {
      // Another file system: copied, then the engine's copy removed.
      copyFileSync(file.path, path);
      rmSync(file.path, { force: true });
    }
    this.files.set(id, { name: file.name, mediaType: file.mediaType, path, bytes: file.bytes });
    this.staged.push(id);
    while (this.staged.length > MAX_STAGED) this.forget(this.staged.shift()!);
    return id;
  }

  private forget(id: string): void {
    const f = this.files.get(id);
    this.files.delete(id);
    if (f?.path) rmSync(f.path, { force: true });
  }

  offer(file: OutputFile): string {
    const id = randomBytes(16).toString('hex');
    this.files.set(id, { name: file.name, mediaType: file.mediaType, content: file.content });
    this.bytes += file.content.length;
    for (const [old, f] of this.files) {
      if (this.bytes <= this.maxBytes || old === id) break;
      if (!f.content) continue;
      this.files.delete(old);
      this.bytes -= f.content.length;
    }
    return id;
  }

  get(id: string): Download | undefined {
    return /^[a-f0-9]{32}$/.test(id) ? this.files.get(id) : undefined;
  }

  async clear(): Promise<void> {
    this.files.clear();
    this.bytes = 0;
    this.staged.length = 0;
    const folder = this.folder;
    this.folder = undefined;
    if (folder) rmSync(await folder, { recursive: true, force: true });
  }
}

/**
 * Content-Disposition for a download: an ASCII fallback name and the exact
 * name in RFC 5987 form, with nothing that could end the header or a quoted
 * string.
 */
export function attachmentHeader(name: string): string {
  const ascii = name.replace(/[^\x20-\x7e]/g, '_').replace(/["\\;]/g, '_') || 'download';
  const exact = encodeURIComponent(name).replace(/['()*]/g, (c) => '%' + c.charCodeAt(0).toString(16).toUpperCase());
  return `attachment; filename="${ascii}"; filename*=UTF-8''${exact}`;
}
