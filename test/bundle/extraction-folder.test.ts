// Where an archive is extracted, and how much may be written there: the folder
// is named by the tool (never after the user's file), stale folders of killed
// runs are swept on the next one, and a bomb is refused on its declared sizes
// before a byte is written, within a disk budget that never exceeds the free space.
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openBundle } from '../../shared/engine/bundle/open-bundle.js';
import { OWNER_MARKER, makePrivateTemp, sweepStaleTemps } from '../../shared/engine/private-temp.js';
import { buildTarGz, buildZip, cleanup, scratch, writeArchive } from './helpers.js';

const BAGIT = 'BagIt-Version: 1.0\nTag-File-Character-Encoding: UTF-8\n';
const dirs: string[] = [];
afterEach(() => cleanup(...dirs.splice(0)));

function folders(): { work: string; tempRoot: string } {
  const work = scratch();
  const tempRoot = join(scratch(), 'temp');
  mkdirSync(tempRoot);
  dirs.push(work, join(tempRoot, '..'));
  return { work, tempRoot };
}

describe('the extraction folder', () => {
  it('a zip named "...zip" with its bag at the root is extracted inside the private folder, not into its parent', async () => {
    const { work, tempRoot } = folders();
    const zip = await buildZip([{ name: 'bagit.txt', data: BAGIT }, { name: 'data/a.txt', data: 'a' }]);
    const o = await openBundle(writeArchive(work, '...zip', zip), { tempRoot });
    expect(o.ok).toBe(true);
    if (!o.ok) return;
    expect(o.bag.root.startsWith(join(tempRoot, 'natalia-bundle-'))).toBe(true);
    expect(o.bag.name).toBe('bag');
    expect(readdirSync(join(tempRoot, '..')).sort()).toEqual(['temp']);
    expect(readdirSync(tempRoot).filter((n) => !n.startsWith('natalia-bundle-'))).toEqual([]);
    await o.bag.close();
    expect(readdirSync(tempRoot)).toEqual([]);
  });

  it('a zip with its bag at the root keeps the archive name as the bag name, for display only', async () => {
    const { work, tempRoot } = folders();
    const zip = await buildZip([{ name: 'bagit.txt', data: BAGIT }]);
    const o = await openBundle(writeArchive(work, 'natalia-evidence-X.zip', zip), { tempRoot });
    expect(o.ok && o.bag.name).toBe('natalia-evidence-X');
    if (o.ok) await o.bag.close();
  });
});

describe('stale folders of killed runs', () => {
  function deadPid(): number {
    const r = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' });
    return Number(r.stdout);
  }

  it('are removed on the next run; live, unmarked, foreign-host and linked ones are left alone', async () => {
    const { work, tempRoot } = folders();
    const plant = (name: string, marker: object | null) => {
      mkdirSync(join(tempRoot, name, 'extracted', 'bag'), { recursive: true });
      writeFileSync(join(tempRoot, name, 'extracted', 'bag', 'evidence.csv'), 'secret');
      if (marker) writeFileSync(join(tempRoot, name, OWNER_MARKER), JSON.stringify(marker));
    };
    plant('natalia-bundle-dead01', { pid: deadPid(), host: hostname() });
    plant('natalia-store-dead02', { pid: deadPid(), host: hostname() });
    plant('natalia-bundle-live01', { pid: process.ppid, host: hostname() });
    plant('natalia-bundle-nomark', null);
    plant('natalia-bundle-other1', { pid: deadPid(), host: `${hostname()}-elsewhere` });
    plant('someone-else', { pid: deadPid(), host: hostname() });
    plant('../outside-dead', { pid: deadPid(), host: hostname() });
    symlinkSync(join(tempRoot, '..', 'outside-dead'), join(tempRoot, 'natalia-bundle-link01'));

    const zip = await buildZip([{ name: 'bag/bagit.txt', data: BAGIT }]);
    const o = await openBundle(writeArchive(work, 'b.zip', zip), { tempRoot });
    expect(o.ok).toBe(true);
    if (o.ok) await o.bag.close();
    expect(readdirSync(tempRoot).sort()).toEqual([
      'natalia-bundle-link01',
      'natalia-bundle-live01',
      'natalia-bundle-nomark',
      'natalia-bundle-other1',
      'someone-else',
    ]);
    expect(existsSync(join(tempRoot, '..', 'outside-dead', 'extracted', 'bag', 'evidence.csv'))).toBe(true);
  });

  it('a folder this process made is never swept while it runs', async () => {
    const { tempRoot } = folders();
    const mine = await makePrivateTemp(tempRoot, 'natalia-view-');
    expect(await sweepStaleTemps(tempRoot)).toEqual([]);
    expect(existsSync(mine)).toBe(true);
  });
});

describe('a bomb is refused before it is written', () => {
  async function refusal(archive: Buffer, ext: string, opts: Parameters<typeof openBundle>[1] = {}) {
    const { work, tempRoot } = folders();
    const o = await openBundle(writeArchive(work, `bomb.${ext}`, archive), { tempRoot, ...opts });
    expect(o.ok).toBe(false);
    expect(readdirSync(tempRoot)).toEqual([]);
    if (o.ok) throw new Error('accepted');
    expect(o.findings[0]?.code).toBe('bundle.unsafe_entry');
    return o.findings[0]!;
  }

  it('a zip of zeros is refused on the sizes its entries declare, with the default limits', async () => {
    const zip = await buildZip([{ name: 'bag/bagit.txt', data: BAGIT }, { name: 'bag/data/zeros.bin', data: Buffer.alloc(8_000_000) }]);
    const f = await refusal(zip, 'zip');
    expect(f.file).toBe('bag/data/zeros.bin');
    expect(f.message).toMatch(/more than 100 times its own size \(\d+ bytes; its entries declare 8000\d+ or more\)/);
  });

  it('a tar.gz of zeros is refused at the header that declares the entry, with the default limits', async () => {
    const tgz = await buildTarGz([{ name: 'bag/', type: 'directory' }, { name: 'bag/bagit.txt', data: BAGIT }, { name: 'bag/data/zeros.bin', data: Buffer.alloc(8_000_000) }]);
    const f = await refusal(tgz, 'tar.gz');
    expect(f.file).toBe('bag/data/zeros.bin');
    expect(f.message).toMatch(/more than 100 times its own size/);
  });

  it('an archive larger than the free disk is refused, naming the disk, before anything is written', async () => {
    const data = randomBytes(200_000); // incompressible: only the disk bounds it
    const zip = await buildZip([{ name: 'bag/bagit.txt', data: BAGIT }, { name: 'bag/data/a.bin', data }]);
    const f = await refusal(zip, 'zip', { freeBytes: async () => 64 * 1024 * 1024 + 100_000 });
    expect(f.message).toMatch(/does not fit: its entries declare 200\d+ bytes or more, and the disk holding .*natalia-bundle-\w+ has 67208864 bytes free/);
    const tgz = await buildTarGz([{ name: 'bag/', type: 'directory' }, { name: 'bag/bagit.txt', data: BAGIT }, { name: 'bag/data/a.bin', data }]);
    expect((await refusal(tgz, 'tar.gz', { freeBytes: async () => 64 * 1024 * 1024 + 100_000 })).message).toMatch(/has 67208864 bytes free/);
  });
});
