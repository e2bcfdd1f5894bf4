// Packaging settings: the electron-builder configuration, and the afterPack
// hook run on a stand-in executable that carries an Electron fuse wire (the
// sentinel and one byte per fuse, as in a real Electron binary).
import { createRequire } from 'node:module';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';

const require = createRequire(import.meta.url);
const afterPack = require('../../build/after-pack.cjs') as (ctx: unknown) => Promise<void>;
const SENTINEL = 'dL7pKGdnNz796PbbjQWNKmHXBZaB9tsX';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'natalia-pack-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** A binary whose 8 fuses are all enabled, as Electron ships them. */
async function fakeElectron(name: string): Promise<string> {
  const path = join(dir, name);
  await writeFile(path, Buffer.concat([Buffer.from('ELF...padding...'), Buffer.from(SENTINEL), Buffer.from([1, 8]), Buffer.from('11111111'), Buffer.from('...rest')]));
  return path;
}

function wire(bytes: Buffer): string {
  const at = bytes.indexOf(SENTINEL) + SENTINEL.length + 2;
  return bytes.subarray(at, at + 8).toString('latin1');
}

const context = (platform: string) => ({
  electronPlatformName: platform,
  appOutDir: dir,
  arch: 1,
  packager: { appInfo: { productFilename: 'Natalia Auditor Workstation' }, executableName: 'natalia-workstation', config: {} },
});

describe('afterPack fuses', () => {
  it('turns RunAsNode, NODE_OPTIONS and inspect off, and asar-only and cookie encryption on (Linux)', async () => {
    const exe = await fakeElectron('natalia-workstation');
    await afterPack(context('linux'));
    // Wire order: RunAsNode, CookieEncryption, NodeOptions, NodeCliInspect, AsarIntegrity, OnlyFromAsar, V8Snapshot (left as shipped), FileProtocolPrivileges.
    expect(wire(await readFile(exe))).toBe('01000110');
  });

  it('also validates the asar integrity on Windows', async () => {
    const exe = await fakeElectron('natalia-workstation.exe');
    await afterPack(context('win32'));
    expect(wire(await readFile(exe))).toBe('01001110');
  });

  it('fails the build when there is no executable to harden', async () => {
    await expect(afterPack(context('linux'))).rejects.toThrow(/no Electron executable/);
  });
});

describe('electron-builder configuration', () => {
  it('names the app, its targets, associations, native rebuild and the hook', async () => {
    const yml = await readFile(join(process.cwd(), 'build', 'electron-builder.yml'), 'utf8');
    expect(yml).toMatch(/^appId: eu\.natalia\.auditor-workstation$/m);
    for (const target of ['AppImage', 'deb', 'nsis', 'dmg']) expect(yml).toContain(target);
    expect(yml).toMatch(/^npmRebuild: true$/m);
    expect(yml).toMatch(/^afterPack: build\/after-pack\.cjs$/m);
    expect(yml).toMatch(/ext: zip/);
    expect(yml).toMatch(/ext: \[gz, tgz\]/);
    expect(yml).toMatch(/^asar: true$/m);
  });
});

/** The `files:` list of the configuration, in order (plain `- entry` lines, quotes removed). */
async function packagedFiles(): Promise<string[]> {
  const yml = await readFile(join(process.cwd(), 'build', 'electron-builder.yml'), 'utf8');
  const block = /^files:\n((?:  - .*\n)+)/m.exec(yml);
  if (!block) throw new Error('no files: list in build/electron-builder.yml');
  return block[1]!
    .split('\n')
    .filter(Boolean)
    .map((l) => l.replace(/^  - /, '').replace(/^"(.*)"$/, '$1'));
}

/** Source files (.ts) under `dir`, relative to the project. */
async function sources(dir: string): Promise<string[]> {
  const out: string[] = [];
  for (const e of await readdir(join(process.cwd(), dir), { withFileTypes: true, recursive: true })) {
    if (e.isFile() && e.name.endsWith('.ts')) out.push(relative(process.cwd(), join(e.parentPath, e.name)));
  }
  return out;
}

describe('what the desktop app ships', () => {
  it('holds no test code: not the test exporter, not the command line that drives it', async () => {
    const files = await packagedFiles();
    expect(files).toEqual(['package.json', 'dist/shared/**/*', '!dist/shared/cli/**', 'dist/electron/**/*', 'dist-renderer/**/*', '!**/*.map', '!**/*.ts']);
    expect(files.filter((f) => !f.startsWith('!') && /(^|\/)test(\/|$)/.test(f))).toEqual([]);
  });

  it('runs without test code: nothing packaged imports from test/', async () => {
    const packaged = [...(await sources('shared')).filter((f) => !f.startsWith(join('shared', 'cli'))), ...(await sources('electron'))];
    expect(packaged.length).toBeGreaterThan(50);
    const offenders: string[] = [];
    for (const f of packaged) {
      const text = await readFile(join(process.cwd(), f), 'utf8');
      if (/from\s+'(\.\.\/)+test\/|import\(\s*'(\.\.\/)+test\//.test(text)) offenders.push(f);
    }
    expect(offenders).toEqual([]);
    // The check can fail: the command line does import the test exporter (for `demo`), and is left out.
    expect(await readFile(join(process.cwd(), 'shared/cli/commands/demo.ts'), 'utf8')).toMatch(/from '(\.\.\/)+test\/exporter\//);
  });
});
