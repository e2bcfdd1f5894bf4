// The two archive forms of a bundle (spec §1): .zip (yazl) and .tar.gz
// (tar-stream + zlib), each holding the bag as its one top-level folder.
// Entries are streamed from disk and stamped with the export time, so the
// same bag gives the same archive bytes.
import { createReadStream, createWriteStream } from 'node:fs';
import { readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { createGzip } from 'node:zlib';
import tar from 'tar-stream';
import yazl from 'yazl';

/** Bag-relative file paths (POSIX separators), tag files first then payload, each group sorted. */
export async function listBagFiles(bagDir: string): Promise<string[]> {
  const out: string[] = [];
  const walk = async (rel: string) => {
    const entries = await readdir(join(bagDir, rel), { withFileTypes: true });
    for (const e of entries) {
      const p = rel ? `${rel}/${e.name}` : e.name;
      if (e.isDirectory()) await walk(p);
      else if (e.isFile()) out.push(p);
    }
  };
  await walk('');
  const tags = out.filter((p) => !p.startsWith('data/')).sort();
  const payload = out.filter((p) => p.startsWith('data/')).sort();
  return [...tags, ...payload];
}

export async function writeZip(bagDir: string, bagName: string, target: string, mtime: Date): Promise<void> {
  const zip = new yazl.ZipFile();
  for (const rel of await listBagFiles(bagDir)) {
    zip.addFile(join(bagDir, rel), `${bagName}/${rel}`, { mtime, mode: 0o100644, compress: true });
  }
  zip.end();
  await pipeline(zip.outputStream, createWriteStream(target));
}

export async function writeTarGz(bagDir: string, bagName: string, target: string, mtime: Date): Promise<void> {
  const pack = tar.pack();
  const done = pipeline(pack, createGzip({ level: 6 }), createWriteStream(target));
  const files = await listBagFiles(bagDir);
  const dirs = new Set<string>(['']);
  for (const f of files) {
    const parts = f.split('/');
    for (let k = 1; k < parts.length; k++) dirs.add(parts.slice(0, k).join('/'));
  }
  const header = { mtime, uid: 0, gid: 0, uname: 'root', gname: 'root' };
  const addEntry = async (h: Partial<tar.Header> & { name: string }, source?: string) => {
    await new Promise<void>((resolve, reject) => {
      const done = (err?: Error | null) => (err ? reject(err) : resolve());
      if (!source) {
        pack.entry(h, '', done);
        return;
      }
      const entry = pack.entry(h, done);
      createReadStream(source)
        .on('error', reject)
        .pipe(entry as unknown as NodeJS.WritableStream);
    });
  };
  try {
    for (const d of [...dirs].sort()) {
      await addEntry({ ...header, name: d ? `${bagName}/${d}/` : `${bagName}/`, type: 'directory', mode: 0o755 });
    }
    for (const f of files) {
      const size = (await stat(join(bagDir, f))).size;
      await addEntry({ ...header, name: `${bagName}/${f}`, type: 'file', mode: 0o644, size }, join(bagDir, f));
    }
    pack.finalize();
  } catch (err) {
    pack.destroy(err as Error);
  }
  await done;
}
