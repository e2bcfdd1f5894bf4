// Hostile archives built in the test: each must be refused with
// bundle.unsafe_entry naming the entry, write nothing outside the private
// folder, and leave no folder behind. Archives whose entries are safe but not
// laid out as one bag are refused the same way with bundle.malformed.
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { entrySegments } from '../../shared/engine/bundle/archive-guard.js';
import { openBundle } from '../../shared/engine/bundle/open-bundle.js';
import type { ExtractLimits } from '../../shared/engine/bundle/types.js';
import { buildTarGz, buildZip, cleanup, patchBytes, scratch, writeArchive, type TarItem, type ZipItem } from './helpers.js';

const BAGIT = 'BagIt-Version: 1.0\nTag-File-Character-Encoding: UTF-8\n';
const dirs: string[] = [];
afterEach(() => cleanup(...dirs.splice(0)));

/** One folder for the archive, another (empty) as tempRoot: after the refusal it must still be empty. */
async function expectRefused(
  archive: Buffer,
  ext: 'zip' | 'tar.gz',
  entry: string,
  reason: RegExp,
  limits?: Partial<ExtractLimits>,
) {
  const work = scratch();
  const tempRoot = scratch();
  dirs.push(work, tempRoot);
  const path = writeArchive(work, `hostile.${ext}`, archive);
  const o = await openBundle(path, { tempRoot, limits });
  expect(o.ok).toBe(false);
  if (o.ok) return;
  expect(o.findings).toHaveLength(1);
  const f = o.findings[0]!;
  expect(f.code).toBe('bundle.unsafe_entry');
  expect(f.severity).toBe('critical');
  expect(f.file).toBe(entry);
  expect(f.message).toContain(`"${entry}"`);
  expect(f.message).toMatch(reason);
  expect(o.message).toMatch(reason);
  expect(readdirSync(tempRoot)).toEqual([]); // nothing escaped, and the private folder is gone
  expect(readdirSync(work)).toEqual([`hostile.${ext}`]);
}

/** Safe entries that are not laid out as one bag: one high bundle.malformed naming the entry, nothing left behind. */
async function expectMalformed(archive: Buffer, ext: 'zip' | 'tar.gz', entry: string, reason: RegExp) {
  const work = scratch();
  const tempRoot = scratch();
  dirs.push(work, tempRoot);
  const path = writeArchive(work, `layout.${ext}`, archive);
  const o = await openBundle(path, { tempRoot });
  expect(o.ok).toBe(false);
  if (o.ok) return;
  expect(o.findings).toHaveLength(1);
  expect(o.findings[0]).toMatchObject({ code: 'bundle.malformed', severity: 'high', file: entry });
  expect(o.findings[0]!.message).toContain(`"${entry}"`);
  expect(o.findings[0]!.message).toMatch(reason);
  expect(o.message).toMatch(reason);
  expect(readdirSync(tempRoot)).toEqual([]);
  expect(readdirSync(work)).toEqual([`layout.${ext}`]);
}

const okZip = (extra: ZipItem[]) => buildZip([{ name: 'bag/bagit.txt', data: BAGIT }, ...extra]);
const okTar = (extra: TarItem[]) =>
  buildTarGz([{ name: 'bag/', type: 'directory' }, { name: 'bag/bagit.txt', data: BAGIT }, ...extra]);

describe('zip', () => {
  it('zip-slip: ../x and bag/../../x', async () => {
    await expectRefused(patchBytes(await okZip([{ name: 'QQ/x', data: 'pwn' }]), 'QQ/x', '../x'), 'zip', '../x', /"\.\."/);
    const deep = patchBytes(await okZip([{ name: 'bag/QQ/QQ/x', data: 'pwn' }]), 'QQ/QQ/x', '../../x');
    await expectRefused(deep, 'zip', 'bag/../../x', /"\.\."/);
  });

  it('an absolute path', async () => {
    const target = join(scratch(), 'abs-target');
    dirs.push(join(target, '..'));
    const placeholder = 'Q' + target.slice(1);
    await expectRefused(patchBytes(await okZip([{ name: placeholder, data: 'pwn' }]), placeholder, target), 'zip', target, /absolute/);
    expect(existsSync(target)).toBe(false);
  });

  it('a drive letter and a backslash', async () => {
    await expectRefused(patchBytes(await okZip([{ name: 'QQx', data: 'x' }]), 'QQx', 'C:x'), 'zip', 'C:x', /drive letter/);
    await expectRefused(patchBytes(await okZip([{ name: 'bag/aQb', data: 'x' }]), 'bag/aQb', 'bag/a\\b'), 'zip', 'bag/a\\b', /backslash/);
  });

  it('a symbolic link (S_IFLNK in the external attributes)', async () => {
    const zip = await okZip([{ name: 'bag/data/link', data: '/etc/passwd', mode: 0o120777 }]);
    await expectRefused(zip, 'zip', 'bag/data/link', /symbolic link/);
  });

  it('two top-level directories, and a file beside the bag: not one bag (bundle.malformed), not an unsafe entry', async () => {
    await expectMalformed(await okZip([{ name: 'other/x.txt', data: 'x' }]), 'zip', 'other/x.txt', /outside the top-level directory "bag"/);
    await expectMalformed(await okZip([{ name: 'README', data: 'x' }]), 'zip', 'README', /outside the top-level directory "bag"/);
  });

  it('a second top-level directory followed by an escaping entry: the escape is what is reported', async () => {
    const zip = patchBytes(await okZip([{ name: 'other/x.txt', data: 'x' }, { name: 'QQ/y', data: 'pwn' }]), 'QQ/y', '../y');
    await expectRefused(zip, 'zip', '../y', /"\.\."/);
  });

  it('duplicate entries, also when they differ only by case', async () => {
    await expectRefused(await okZip([{ name: 'bag/data/a.txt', data: '1' }, { name: 'bag/data/a.txt', data: '2' }]), 'zip', 'bag/data/a.txt', /duplicates/);
    await expectRefused(await okZip([{ name: 'bag/data/a.txt', data: '1' }, { name: 'bag/DATA/A.txt', data: '2' }]), 'zip', 'bag/DATA/A.txt', /duplicates/);
  });

  it('an encrypted entry', async () => {
    const zip = await okZip([{ name: 'bag/data/secret.txt', data: 'x' }]);
    // Set the "encrypted" flag (bit 0 of the general purpose flags) in the entry's central directory header.
    const cd = zip.lastIndexOf(Buffer.from([0x50, 0x4b, 0x01, 0x02]));
    zip.writeUInt16LE(zip.readUInt16LE(cd + 8) | 1, cd + 8);
    await expectRefused(zip, 'zip', 'bag/data/secret.txt', /encrypted/);
  });

  it('a bomb past maxRatio, and past maxTotalBytes, measured on the bytes actually inflated', async () => {
    const zip = await okZip([{ name: 'bag/data/zeros.bin', data: Buffer.alloc(2_000_000) }]);
    expect(zip.length).toBeLessThan(10_000);
    await expectRefused(zip, 'zip', 'bag/data/zeros.bin', /more than 50 times its own size/, { maxRatio: 50 });
    await expectRefused(zip, 'zip', 'bag/data/zeros.bin', /past 100000 bytes/, { maxTotalBytes: 100_000 });
  });

  it('a bomb whose header lies about its size is still metered on what it inflates', async () => {
    const zip = await okZip([{ name: 'bag/data/zeros.bin', data: Buffer.alloc(2_000_000) }]);
    const cd = zip.lastIndexOf(Buffer.from([0x50, 0x4b, 0x01, 0x02]));
    zip.writeUInt32LE(10, cd + 24); // declares 10 bytes
    const work = scratch();
    dirs.push(work);
    const o = await openBundle(writeArchive(work, 'liar.zip', zip), { tempRoot: work, limits: { maxRatio: 50 } });
    expect(o.ok).toBe(false);
    if (!o.ok) expect(o.message).toMatch(/bag\/data\/zeros\.bin/);
    expect(readdirSync(work)).toEqual(['liar.zip']);
  });

  it('too many entries', async () => {
    const items = Array.from({ length: 10 }, (_, i) => ({ name: `bag/data/f${i}.txt`, data: 'x' }));
    await expectRefused(await okZip(items), 'zip', 'bag/data/f4.txt', /more than 5 entries/, { maxEntries: 5 });
  });
});

describe('tar.gz', () => {
  it('tar-slip: ../x and an absolute path', async () => {
    await expectRefused(await okTar([{ name: 'bag/../../x', data: 'pwn' }]), 'tar.gz', 'bag/../../x', /"\.\."/);
    const target = join(scratch(), 'abs-target');
    dirs.push(join(target, '..'));
    await expectRefused(await okTar([{ name: target, data: 'pwn' }]), 'tar.gz', target, /absolute/);
    expect(existsSync(target)).toBe(false);
  });

  it('a symbolic link, a hard link, a fifo', async () => {
    await expectRefused(await okTar([{ name: 'bag/data/link', type: 'symlink', linkname: '/etc/passwd' }]), 'tar.gz', 'bag/data/link', /symbolic link.*\/etc\/passwd/);
    await expectRefused(await okTar([{ name: 'bag/data/hard', type: 'link', linkname: 'bag/bagit.txt' }]), 'tar.gz', 'bag/data/hard', /hard link/);
    await expectRefused(await okTar([{ name: 'bag/data/pipe', type: 'fifo' }]), 'tar.gz', 'bag/data/pipe', /fifo/);
  });

  // Spec §1: a .tar.gz holds exactly one top-level directory (the bag). Other layouts are a bag-structure
  // problem (bundle.malformed, high), not an entry escaping the bag (bundle.unsafe_entry, critical).
  it('two top-level directories: bundle.malformed at the first entry outside the bag', async () => {
    await expectMalformed(await okTar([{ name: 'evil/', type: 'directory' }]), 'tar.gz', 'evil/', /outside the top-level directory "bag"/);
    await expectMalformed(
      await okTar([{ name: 'bag/data/a.txt', data: 'a' }, { name: 'other/', type: 'directory' }, { name: 'other/b.txt', data: 'b' }]),
      'tar.gz',
      'other/',
      /one top-level directory/,
    );
  });

  it('the bag files at the archive root: bundle.malformed at the first file', async () => {
    const atRoot = await buildTarGz([
      { name: 'bagit.txt', data: BAGIT },
      { name: 'data/', type: 'directory' },
      { name: 'data/a.txt', data: 'a' },
    ]);
    await expectMalformed(atRoot, 'tar.gz', 'bagit.txt', /file at the top level; the bag must be the archive's one top-level directory/);
    // As written by `tar -C bag .`: the "./" prefix names no directory, so these are at the root too.
    const dotted = await buildTarGz([{ name: './', type: 'directory' }, { name: './bagit.txt', data: BAGIT }, { name: './data/a.txt', data: 'a' }]);
    await expectMalformed(dotted, 'tar.gz', 'bagit.txt', /file at the top level/);
  });

  it('a layout problem followed by an unsafe entry or a bomb: the unsafe entry is what is reported', async () => {
    await expectRefused(
      await okTar([{ name: 'evil/', type: 'directory' }, { name: 'evil/link', type: 'symlink', linkname: '/etc/passwd' }]),
      'tar.gz',
      'evil/link',
      /symbolic link/,
    );
    await expectRefused(await okTar([{ name: 'evil/', type: 'directory' }, { name: 'bag/../../x', data: 'pwn' }]), 'tar.gz', 'bag/../../x', /"\.\."/);
    const bomb = await buildTarGz([{ name: 'bagit.txt', data: BAGIT }, { name: 'zeros.bin', data: Buffer.alloc(2_000_000) }]);
    await expectRefused(bomb, 'tar.gz', 'zeros.bin', /more than 50 times/, { maxRatio: 50 });
  });

  it('a duplicate entry, and a file where a directory is', async () => {
    await expectRefused(await okTar([{ name: 'bag/bagit.txt', data: 'again' }]), 'tar.gz', 'bag/bagit.txt', /duplicates/);
    await expectRefused(
      await okTar([{ name: 'bag/data/x', data: '1' }, { name: 'bag/data', data: '2' }]),
      'tar.gz',
      'bag/data',
      /directory of the same name/,
    );
  });

  it('a bomb past maxRatio and maxTotalBytes, including endless empty blocks after the last entry', async () => {
    const bomb = await okTar([{ name: 'bag/data/zeros.bin', data: Buffer.alloc(2_000_000) }]);
    await expectRefused(bomb, 'tar.gz', 'bag/data/zeros.bin', /more than 50 times/, { maxRatio: 50 });
    await expectRefused(bomb, 'tar.gz', 'bag/data/zeros.bin', /past 100000 bytes/, { maxTotalBytes: 100_000 });
    const padded = await buildTarGz([{ name: 'bag/', type: 'directory' }, { name: 'bag/bagit.txt', data: BAGIT }], 3_000_000);
    const work = scratch();
    dirs.push(work);
    const o = await openBundle(writeArchive(work, 'padded.tar.gz', padded), { tempRoot: work, limits: { maxTotalBytes: 1_000_000 } });
    expect(o.ok).toBe(false);
    if (!o.ok) expect(o.findings[0]?.code).toBe('bundle.unsafe_entry');
    expect(readdirSync(work)).toEqual(['padded.tar.gz']);
  });

  it('too many entries', async () => {
    const items = Array.from({ length: 10 }, (_, i) => ({ name: `bag/f${i}.txt`, data: 'x' }));
    await expectRefused(await okTar(items), 'tar.gz', 'bag/f3.txt', /more than 5 entries/, { maxEntries: 5 });
  });
});

describe('entry names', () => {
  it('accepts plain relative names and refuses every escape', () => {
    expect(entrySegments('bag/data/a.txt')).toEqual(['bag', 'data', 'a.txt']);
    expect(entrySegments('bag/data/')).toEqual(['bag', 'data']);
    for (const bad of ['/etc/x', 'C:x', 'c:/x', 'a\\b', 'a/../b', '..', 'a//b', 'a/./b', 'a\0b']) {
      expect(entrySegments(bad), bad).toHaveProperty('problem');
    }
  });
});
