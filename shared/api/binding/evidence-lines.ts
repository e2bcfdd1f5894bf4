// Lines of an evidence file, read from the copy the case keeps (never from
// the user's original, which may have moved or changed). A bag folder is
// kept file by file; an archive is kept whole, so it is written to a private
// temporary file and opened with the engine's own safe extraction, once per
// bundle while it is being looked at.
import { createReadStream } from 'node:fs';
import { rm, open as openFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve, sep } from 'node:path';
import type Database from 'better-sqlite3';
import { openBundle } from '../../engine/bundle/open-bundle.js';
import { makePrivateTemp } from '../../engine/private-temp.js';
import { statInBag } from '../../engine/bundle/bag-files.js';
import type { BagHandle } from '../../engine/bundle/types.js';
import { keptChunkCount, keptChunks, keptPaths, keptPathsNamed } from '../../engine/store/kept-bundle-bytes.js';
import { echoed } from '../../model/echo.js';
import type { FileLines } from '../contract.js';
import { ApiFailure } from '../result.js';

const MAX_LINE_CHARS = 2000;
/** The longest file name the file systems the workstation runs on allow (bytes). */
const MAX_NAME_BYTES = 255;

/** Collects lines [from, to] (1-based) from a stream of text chunks, cutting long ones. */
export async function windowOfLines(chunks: AsyncIterable<Buffer> | Iterable<Buffer>, from: number, to: number): Promise<{ lines: string[]; truncated: boolean; reached: number }> {
  const decoder = new TextDecoder('utf-8');
  const lines: string[] = [];
  let truncated = false;
  let current = '';
  let n = 1;
  const keep = (text: string) => {
    let t = text.endsWith('\r') ? text.slice(0, -1) : text;
    if (t.length > MAX_LINE_CHARS) {
      t = t.slice(0, MAX_LINE_CHARS) + ' …';
      truncated = true;
    }
    lines.push(t);
  };
  for await (const chunk of chunks) {
    const text = decoder.decode(chunk, { stream: true });
    let start = 0;
    for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', start)) {
      if (n >= from && n <= to) keep(current + text.slice(start, i));
      current = '';
      start = i + 1;
      n++;
      if (n > to) return { lines, truncated, reached: n - 1 };
    }
    // Only lines in the window are accumulated; others are skipped without growing memory.
    if (n >= from && n <= to) current += text.slice(start);
    if (current.length > MAX_LINE_CHARS * 4) current = current.slice(0, MAX_LINE_CHARS * 4);
  }
  const tail = current + decoder.decode();
  if (tail.length > 0 && n >= from && n <= to) keep(tail);
  return { lines, truncated, reached: tail.length > 0 ? n : n - 1 };
}

interface OpenedBag {
  bag: BagHandle;
  dir: string;
  lastUsed: number;
}

export class EvidenceLines {
  private readonly bags = new Map<string, Promise<OpenedBag>>();

  async read(db: Database.Database, key: string, bundleId: number, form: string, file: string, line: number, context: number): Promise<FileLines> {
    const from = Math.max(1, line - context);
    const to = line + context;
    let result: { lines: string[]; truncated: boolean; reached: number };
    if (form === 'directory') {
      const path = this.keptPath(db, bundleId, file);
      result = await windowOfLines(keptChunks(db, bundleId, path), from, to);
    } else {
      const opened = await this.openArchive(db, key, bundleId);
      const full = resolve(opened.bag.root, ...file.split('/'));
      if (!full.startsWith(resolve(opened.bag.root) + sep)) throw new ApiFailure('invalid_request', 'That file is not inside the bundle.');
      // Answered from what lies there, never from an fs error (which would name the private folder).
      if (file.split('/').some((s) => Buffer.byteLength(s) > MAX_NAME_BYTES)) {
        throw new ApiFailure('invalid_request', `No file of a bundle has a name that long (${echoed(file)}).`);
      }
      const st = await statInBag(opened.bag.root, file.replace(/\/+$/, ''));
      if (st.kind === 'missing') throw new ApiFailure('not_found', `The bundle has no file ${echoed(file)}.`);
      if (st.kind === 'not_regular') throw new ApiFailure('invalid_request', `${echoed(file)} is a folder or a special file, not a file whose lines can be shown.`);
      const stream = createReadStream(full, { highWaterMark: 1 << 16 });
      try {
        result = await windowOfLines(stream as AsyncIterable<Buffer>, from, to);
      } catch (e) {
        throw new ApiFailure('unreadable_evidence', `${echoed(file)} cannot be read (${(e as NodeJS.ErrnoException).code ?? 'error'}).`);
      } finally {
        stream.destroy();
      }
    }
    if (result.lines.length === 0) throw new ApiFailure('not_found', `${file} has ${result.reached} lines; there is no line ${line}.`);
    return { file, firstLine: from, lines: result.lines, line, truncated: result.truncated };
  }

  /** Path of the file in bundle_files: the bag-relative path, possibly under the folder the user gave. */
  private keptPath(db: Database.Database, bundleId: number, file: string): string {
    const paths = keptPathsNamed(db, bundleId, file);
    const exact = paths.find((p) => p === file) ?? paths.find((p) => p.split('/').length === file.split('/').length + 1);
    if (!exact) throw new ApiFailure('not_found', `The case holds no copy of ${file} for this bundle.`);
    if (keptChunkCount(db, bundleId, exact) === 0) throw new ApiFailure('not_found', `The case was imported without a copy of the bundle's bytes, so ${file} cannot be shown.`);
    return exact;
  }

  private openArchive(db: Database.Database, key: string, bundleId: number): Promise<OpenedBag> {
    const cacheKey = `${key}#${bundleId}`;
    let p = this.bags.get(cacheKey);
    if (!p) {
      p = this.materialize(db, bundleId);
      this.bags.set(cacheKey, p);
      p.catch(() => this.bags.delete(cacheKey));
      void this.evict(cacheKey);
    }
    return p.then((o) => ((o.lastUsed = Date.now()), o));
  }

  private async materialize(db: Database.Database, bundleId: number): Promise<OpenedBag> {
    const files = keptPaths(db, bundleId);
    if (files.length !== 1) throw new ApiFailure('not_found', 'The case holds no archive for this bundle.');
    const dir = await makePrivateTemp(tmpdir(), 'natalia-view-');
    try {
      // Named by the tool: the kept path is the user's file name, which must never become a path here.
      const archive = join(dir, 'kept-archive');
      const fh = await openFile(archive, 'wx');
      try {
        for (const data of keptChunks(db, bundleId, files[0]!)) await fh.write(data);
      } finally {
        await fh.close();
      }
      const opened = await openBundle(archive, { tempRoot: dir });
      if (!opened.ok) throw new ApiFailure('unreadable_evidence', opened.message);
      return { bag: opened.bag, dir, lastUsed: Date.now() };
    } catch (e) {
      await rm(dir, { recursive: true, force: true });
      throw e;
    }
  }

  /** Keeps at most two extracted bundles. */
  private async evict(keep: string): Promise<void> {
    const keys = [...this.bags.keys()].filter((k) => k !== keep);
    while (keys.length > 1) {
      const k = keys.shift()!;
      const p = this.bags.get(k);
      this.bags.delete(k);
      await p?.then((o) => this.dispose(o)).catch(() => {});
    }
  }

  private async dispose(o: OpenedBag): Promise<void> {
    await o.bag.close();
    await rm(o.dir, { recursive: true, force: true });
  }

  async close(): Promise<void> {
    const all = [...this.bags.values()];
    this.bags.clear();
    await Promise.all(all.map((p) => p.then((o) => this.dispose(o)).catch(() => {})));
  }
}

