// Opening bundles in their three forms, by content; and refusing what is not one.
import { createHash } from 'node:crypto';
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openBundle } from '../../shared/engine/bundle/open-bundle.js';
import { verifyBundle } from '../../shared/engine/verify/verify-bundle.js';
import {
  buildTarGz,
  buildZip,
  cleanup,
  FULL_ZIP,
  INSERTS_TGZ,
  MINIMAL_BAG,
  MINIMAL_DIR,
  scratch,
  writeArchive,
} from './helpers.js';

const dirs: string[] = [];
afterEach(() => cleanup(...dirs.splice(0)));
const tmp = () => {
  const d = scratch();
  dirs.push(d);
  return d;
};

describe('openBundle on the samples', () => {
  it('reads a directory bag in place, also when given the folder that holds it', async () => {
    for (const p of [MINIMAL_BAG, MINIMAL_DIR]) {
      const o = await openBundle(p);
      if (!o.ok) throw new Error(o.message);
      expect(o.bag.form).toBe('directory');
      expect(o.bag.root).toBe(MINIMAL_BAG);
      expect(o.bag.name).toBe('natalia-evidence-NAT-EC94-0782-20260302T091407Z');
      expect(o.bag.sourceSha256).toBeUndefined();
      await o.bag.close();
      expect(existsSync(join(MINIMAL_BAG, 'bagit.txt'))).toBe(true); // close() never touches the user's folder
    }
  });

  it('extracts the zip and the tar.gz into a private folder that close() removes', async () => {
    for (const [p, form] of [
      [FULL_ZIP, 'zip'],
      [INSERTS_TGZ, 'tar.gz'],
    ] as const) {
      const tempRoot = tmp();
      const progress: number[] = [];
      const o = await openBundle(p, { tempRoot, onProgress: (e) => progress.push(e.bytes) });
      if (!o.ok) throw new Error(o.message);
      expect(o.bag.form).toBe(form);
      expect(o.bag.root.startsWith(tempRoot)).toBe(true);
      expect(existsSync(join(o.bag.root, 'bagit.txt'))).toBe(true);
      expect(o.bag.sourceSha256).toBe(createHash('sha256').update(readFileSync(p)).digest('hex'));
      expect(progress.at(-1)).toBeGreaterThan(0);
      expect(readdirSync(tempRoot)).toHaveLength(1);
      await o.bag.close();
      expect(readdirSync(tempRoot)).toEqual([]);
    }
  });

  it('detects the form by content, not by extension', async () => {
    const d = tmp();
    const renamed = join(d, 'evidence.bin');
    cpSync(INSERTS_TGZ, renamed);
    const o = await openBundle(renamed, { tempRoot: d });
    if (!o.ok) throw new Error(o.message);
    expect(o.bag.form).toBe('tar.gz');
    expect(o.bag.name).toBe('natalia-evidence-NAT-0DF2-67CD-20260302T091407Z');
    await o.bag.close();
  });

  it('accepts a zip whose bag sits at the archive root', async () => {
    const d = tmp();
    const zip = await buildZip([
      { name: 'bagit.txt', data: 'BagIt-Version: 1.0\nTag-File-Character-Encoding: UTF-8\n' },
      { name: 'data/a.txt', data: 'a' },
    ]);
    const o = await openBundle(writeArchive(d, 'natalia-evidence-X.zip', zip), { tempRoot: d });
    if (!o.ok) throw new Error(o.message);
    expect(o.bag.name).toBe('natalia-evidence-X');
    expect(readFileSync(join(o.bag.root, 'data/a.txt'), 'utf8')).toBe('a');
    await o.bag.close();
  });
});

describe('openBundle refuses what is not a bundle, with one clear message', () => {
  async function refused(path: string, tempRoot: string, pattern: RegExp) {
    const o = await openBundle(path, { tempRoot });
    expect(o.ok).toBe(false);
    if (o.ok) return;
    expect(o.findings).toEqual([]);
    expect(o.message).toMatch(pattern);
    expect(readdirSync(tempRoot).filter((n) => n.startsWith('natalia-bundle-'))).toEqual([]);
  }

  it('a missing path, a text file, an empty file', async () => {
    const d = tmp();
    await refused(join(d, 'nope.zip'), d, /does not exist/);
    writeFileSync(join(d, 'notes.zip'), 'hello');
    await refused(join(d, 'notes.zip'), d, /neither signature/);
    writeFileSync(join(d, 'empty.tar.gz'), '');
    await refused(join(d, 'empty.tar.gz'), d, /neither signature/);
  });

  it('a corrupt gzip and a truncated zip', async () => {
    const d = tmp();
    const gz = readFileSync(INSERTS_TGZ);
    writeFileSync(join(d, 'corrupt.tar.gz'), Buffer.concat([gz.subarray(0, 10), Buffer.alloc(500, 0x55)]));
    await refused(join(d, 'corrupt.tar.gz'), d, /cannot be extracted/);
    writeFileSync(join(d, 'trunc.tar.gz'), gz.subarray(0, gz.length / 2));
    await refused(join(d, 'trunc.tar.gz'), d, /cannot be extracted/);
    const zip = readFileSync(FULL_ZIP);
    writeFileSync(join(d, 'trunc.zip'), zip.subarray(0, 4096));
    await refused(join(d, 'trunc.zip'), d, /zip archive cannot be read/);
  });

  it('an archive or a directory with no bag inside', async () => {
    const d = tmp();
    const tgz = await buildTarGz([{ name: 'stuff/', type: 'directory' }, { name: 'stuff/readme.txt', data: 'x' }]);
    await refused(writeArchive(d, 'nobag.tar.gz', tgz), d, /holds no bag/);
    const empty = join(d, 'emptydir');
    mkdirSync(empty);
    await refused(empty, d, /holds no bagit\.txt/);
  });

  it('a tar.gz of a valid bag written at the archive root: verify reports one high bundle.malformed, problems, no crash', async () => {
    // Spec §1: a .tar.gz holds exactly one top-level directory (the bag); a layout is not an unsafe entry.
    const d = tmp();
    const files = readdirSync(MINIMAL_BAG, { recursive: true, withFileTypes: true })
      .filter((e) => e.isFile())
      .map((e) => join(e.parentPath, e.name).slice(MINIMAL_BAG.length + 1))
      .sort();
    const items = files.map((name) => ({ name, data: readFileSync(join(MINIMAL_BAG, name)) }));
    const tgz = writeArchive(d, 'natalia-evidence-NAT-EC94-0782-20260302T091407Z.tar.gz', await buildTarGz(items));
    const r = await verifyBundle(tgz, { trustPath: join(MINIMAL_DIR, 'trust-roots.json'), tempRoot: d });
    expect(r.verdict).toBe('problems');
    expect(r.findings.map((f) => [f.code, f.severity, f.file])).toEqual([['bundle.malformed', 'high', 'bag-info.txt']]);
    expect(r.findings[0]!.message).toMatch(/not laid out as one bag.*file at the top level/);
    expect(r.checks.map((c) => [c.id, c.status])).toEqual([['bundle.structure', 'failed']]);
    expect(readdirSync(d)).toEqual(['natalia-evidence-NAT-EC94-0782-20260302T091407Z.tar.gz']);
    // The same files under one top-level directory: the bag verifies.
    const good = writeArchive(d, 'good.tar.gz', await buildTarGz(items.map((i) => ({ ...i, name: `natalia-evidence-NAT-EC94-0782-20260302T091407Z/${i.name}` }))));
    const ok = await verifyBundle(good, { trustPath: join(MINIMAL_DIR, 'trust-roots.json'), tempRoot: d });
    expect(ok.verdict).toBe('trusted');
  });

  it('a directory holding two bags', async () => {
    const d = tmp();
    const holder = join(d, 'two');
    for (const n of ['a', 'b']) {
      mkdirSync(join(holder, n), { recursive: true });
      writeFileSync(join(holder, n, 'bagit.txt'), 'BagIt-Version: 1.0\n');
    }
    await refused(holder, d, /holds 2 bags/);
    expect(statSync(holder).isDirectory()).toBe(true);
  });

  it('a zip entry whose data is longer than its header declares', async () => {
    const d = tmp();
    const zip = await buildZip([{ name: 'bag/data/a.txt', data: 'x'.repeat(5000) }]);
    // Lower the declared uncompressed size (central directory, offset 24) from 5000 to 50.
    const cd = zip.lastIndexOf(Buffer.from([0x50, 0x4b, 0x01, 0x02]));
    zip.writeUInt32LE(50, cd + 24);
    await refused(writeArchive(d, 'liar.zip', zip), d, /bag\/data\/a\.txt/);
  });

  it('rejects with AbortError when cancelled, and removes the folder', async () => {
    for (const p of [FULL_ZIP, INSERTS_TGZ]) {
      const d = tmp();
      const ac = new AbortController();
      ac.abort();
      await expect(openBundle(p, { tempRoot: d, signal: ac.signal })).rejects.toMatchObject({ name: 'AbortError' });
      expect(readdirSync(d)).toEqual([]);
    }
  });
});
