// Files web mode offers for download (reports, the public key), kept in
// memory under an unguessable id until the workstation stops. Reports are
// small; the oldest are forgotten past a total size, so memory stays bounded
// however many the user makes.
import { randomBytes } from 'node:crypto';
import type { OutputFile } from '../api/delivery.js';

export interface Download {
  name: string;
  mediaType: string;
  content: Buffer;
}

export class DownloadStore {
  private readonly files = new Map<string, Download>();
  private bytes = 0;

  constructor(private readonly maxBytes = 256 * 1024 * 1024) {}

  offer(file: OutputFile): string {
    const id = randomBytes(16).toString('hex');
    this.files.set(id, { name: file.name, mediaType: file.mediaType, content: file.content });
    this.bytes += file.content.length;
    for (const [old, f] of this.files) {
      if (this.bytes <= this.maxBytes || old === id) break;
      this.files.delete(old);
      this.bytes -= f.content.length;
    }
    return id;
  }

  get(id: string): Download | undefined {
    return /^[a-f0-9]{32}$/.test(id) ? this.files.get(id) : undefined;
  }

  clear(): void {
    this.files.clear();
    this.bytes = 0;
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
