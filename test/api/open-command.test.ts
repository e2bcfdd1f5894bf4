// `natalia-audit open`: argument parsing, and how it decides between the
// desktop app and web mode.
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { findElectronBinary, hasDisplay, parseOpenArgs, runOpen } from '../../shared/cli/commands/open.js';

describe('parseOpenArgs', () => {
  it('reads the port, the case folder and the demo switches', () => {
    expect(parseOpenArgs([])).toEqual({ port: 0, caseDir: undefined, demo: false, demoDir: undefined, web: false });
    expect(parseOpenArgs(['--port', '8080', '--case-dir', '/x', '--web'])).toMatchObject({ port: 8080, caseDir: '/x', web: true });
    expect(parseOpenArgs(['--demo-dir', 'd'])).toMatchObject({ demo: true, demoDir: 'd' });
  });
  it.each([['--port', 'http'], ['--port', '70000'], ['--port', '-1']])('refuses %s %s', (...argv) => {
    expect(() => parseOpenArgs(argv)).toThrow();
  });
  it('refuses stray arguments', () => {
    expect(() => parseOpenArgs(['bundle.zip'])).toThrow(/unexpected argument/);
  });
  it('refuses a --case-dir that is a file, in one line, before starting anything', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'natalia-open-'));
    try {
      const file = join(dir, 'audit.natalia');
      await writeFile(file, 'not a folder');
      await expect(runOpen(['--case-dir', file, '--web'])).rejects.toThrow(`--case-dir ${file} is not a folder`);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});

describe('choosing the face', () => {
  it('uses Electron only when its binary is really there, and never starts a download', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'natalia-open-'));
    try {
      const pkg = join(dir, 'node_modules', 'electron');
      await mkdir(join(pkg, 'dist'), { recursive: true });
      await writeFile(join(pkg, 'package.json'), '{"name":"electron"}');
      // index.js would download the runtime when required: it must never be.
      await writeFile(join(pkg, 'index.js'), 'throw new Error("required electron")');
      const req = { resolve: (id: string) => join(dir, 'node_modules', id) };
      expect(findElectronBinary(req, {})).toBeNull();
      await writeFile(join(pkg, 'path.txt'), 'electron');
      expect(findElectronBinary(req, {})).toBeNull();
      await writeFile(join(pkg, 'dist', 'electron'), '');
      expect(findElectronBinary(req, {})).toBe(join(pkg, 'dist', 'electron'));
      expect(findElectronBinary(req, { ELECTRON_OVERRIDE_DIST_PATH: join(dir, 'elsewhere') })).toBeNull();
      const missing = { resolve: () => { throw new Error('Cannot find module'); } };
      expect(findElectronBinary(missing, {})).toBeNull();
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
  it('needs a display on Linux', () => {
    expect(hasDisplay({}, 'linux')).toBe(false);
    expect(hasDisplay({ DISPLAY: ':0' }, 'linux')).toBe(true);
    expect(hasDisplay({ WAYLAND_DISPLAY: 'wayland-0' }, 'linux')).toBe(true);
    expect(hasDisplay({}, 'win32')).toBe(true);
  });
});
