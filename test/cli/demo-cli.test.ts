// The README's main job: demo evidence is written by the project's own
// exporter, the valid bundle is trusted and the tampered copy is caught.
import { mkdtemp, readdir, rm } from 'node:fs/promises';
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
