// `natalia-audit open`: argument parsing, and how it decides between the
// desktop app and web mode.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { findElectronBinary, hasDisplay, parseOpenArgs } from '../../shared/cli/commands/open.js';

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
});

describe('choosing the face', () => {
  it('uses Electron only when its binary is really there', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'natalia-open-'));
    try {
      const bin = join(dir, 'electron');
      const fakeRequire = Object.assign((id: string) => (id === 'electron' ? bin : undefined), { resolve: (id: string) => id }) as unknown as NodeJS.Require;
      expect(findElectronBinary(fakeRequire)).toBeNull();
      await writeFile(bin, '');
      expect(findElectronBinary(fakeRequire)).toBe(bin);
      const missing = Object.assign(() => undefined, { resolve: () => { throw new Error('Cannot find module'); } }) as unknown as NodeJS.Require;
      expect(findElectronBinary(missing)).toBeNull();
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
