// The README's main job: demo evidence is written by the project's own
// exporter, the valid bundle is trusted and the tampered copy is caught.
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { natalia } from './cli-harness.js';

let out: string | undefined;
afterAll(async () => {
  if (out) await rm(out, { recursive: true, force: true });
});

it('natalia-audit demo writes a valid and a tampered bundle and tells them apart', async () => {
  out = await mkdtemp(join(tmpdir(), 'natalia-demo-'));
  const r = natalia(['demo', '--out', out]);
  expect(r.stderr).toContain(`Writing demo evidence to ${out}`);
  expect(r.code).toBe(0);
  const [valid, tampered] = r.stdout.split('=== Tampered copy');
  expect(valid).toContain('TRUSTED');
  expect(tampered).toContain('PROBLEMS FOUND');
  expect(tampered).toMatch(/\[CRITICAL\] audit\.hash_mismatch {2}at data\/audit\/audit-log\.csv:\d+, seq \d+/);
  expect((await readdir(out)).sort()).toEqual(expect.arrayContaining(['tampered', 'trust-roots.json']));
});

it('replaces an earlier demo, also one written before the demo marked its files', async () => {
  expect(out).toBeDefined();
  await rm(join(out!, '.natalia-demo-evidence.json'));
  const again = natalia(['demo', '--out', out!]);
  expect(again.code).toBe(0);
  const entries = (await readdir(out!)).sort();
  expect(entries).toHaveLength(4);
  expect(entries).toEqual(expect.arrayContaining(['.natalia-demo-evidence.json', 'tampered', 'trust-roots.json']));
  expect(entries.some((e) => /^natalia-evidence-.+\.zip$/.test(e))).toBe(true);
});

it('replaces a demo cut short, whose marker names the entries it was about to write', async () => {
  const base = await mkdtemp(join(tmpdir(), 'natalia-demo-cut-'));
  try {
    await mkdir(join(base, 'tampered', 'natalia-evidence-half'), { recursive: true });
    await writeFile(join(base, 'tampered', 'natalia-evidence-half', 'bagit.txt'), 'half');
    await writeFile(join(base, '.natalia-demo-evidence.json'), JSON.stringify(['tampered', 'trust-roots.json']));
    expect(natalia(['demo', '--out', base]).code).toBe(0);
    expect((await readdir(join(base, 'tampered'))).some((e) => e === 'natalia-evidence-half')).toBe(false);
  } finally {
    await rm(base, { recursive: true, force: true });
  }
});

it('never deletes what it did not write: a folder holding anything else, or a file, is refused', async () => {
  const base = await mkdtemp(join(tmpdir(), 'natalia-demo-guard-'));
  try {
    const folder = join(base, 'notes');
    await mkdir(join(folder, 'sub'), { recursive: true });
    await writeFile(join(folder, 'notes.txt'), 'mine');
    await writeFile(join(folder, 'sub', 'a.txt'), 'also mine');
    const r = natalia(['demo', '--out', folder]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`${folder} is not empty and holds no earlier demo evidence`);
    expect(await readFile(join(folder, 'notes.txt'), 'utf8')).toBe('mine');
    expect(await readFile(join(folder, 'sub', 'a.txt'), 'utf8')).toBe('also mine');

    // An earlier demo's marker does not cover files added next to it.
    await writeFile(join(folder, '.natalia-demo-evidence.json'), JSON.stringify(['notes.txt']));
    expect(natalia(['demo', '--out', folder]).code).toBe(2);
    expect(await readFile(join(folder, 'sub', 'a.txt'), 'utf8')).toBe('also mine');

    const file = join(base, 'min.json');
    await writeFile(file, '{}');
    const f = natalia(['demo', '--out', file]);
    expect(f.code).toBe(2);
    expect(f.stderr).toContain(`${file} is not a folder`);
    expect(await readFile(file, 'utf8')).toBe('{}');
  } finally {
    await rm(base, { recursive: true, force: true });
  }
});
