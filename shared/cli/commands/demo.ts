// natalia-audit demo: the workstation's main job on built-in demo evidence.
// The project's own exporter (test/exporter, an appliance simulator) writes a
// valid bundle and a tampered copy with their vendor trust roots; both are
// verified exactly as a user's bundle would be.
import { parseArgs } from 'node:util';
import { mkdir, rename, rm } from 'node:fs/promises';
import { basename, join, resolve } from 'node:path';
import { exportBundle, sidecarPath, TRUST_ROOTS_FILE } from '../../../test/exporter/export-bundle.js';
import { writeZip } from '../../../test/exporter/archive.js';
import { applyTamper } from '../../../test/exporter/tamper.js';
import { verifyBundle } from '../../engine/verify/verify-bundle.js';
import { isBlocking } from '../../model/findings.js';
import { formatVerdict } from '../format-verdict.js';
import { terminalProgress } from '../progress.js';

export interface DemoEvidence {
  dir: string;
  valid: string;
  tampered: string;
  trustRoots: string;
}

/** Writes the demo evidence under `dir` (replacing an earlier demo there). */
export async function writeDemoEvidence(dir: string): Promise<DemoEvidence> {
  await rm(dir, { recursive: true, force: true });
  await mkdir(dir, { recursive: true });
  // One appliance export, as a bag folder; the valid bundle is its zip, made
  // before someone edits a reveal's motive in the CSV of the folder.
  const tamperedParent = join(dir, 'tampered');
  const source = await exportBundle({
    outDir: tamperedParent,
    seed: 'natalia-demo',
    entries: 2500,
    cdrs: 4000,
    form: 'directory',
    dump: 'copy',
    keyRotation: true,
    licenseHistory: true,
    reveals: 60,
    erasures: 2,
  });
  const name = basename(source.bagDir);
  const valid = join(dir, `${name}.zip`);
  await writeZip(source.bagDir, name, valid, new Date(source.exportedAt));
  const trustRoots = join(dir, TRUST_ROOTS_FILE);
  await rename(source.trustRootsPath, trustRoots);
  await rm(sidecarPath(source.bagDir), { force: true });
  await applyTamper(source.bagDir, 'audit.hash_mismatch');
  return { dir, valid, tampered: source.bagDir, trustRoots };
}

export async function runDemo(argv: string[]): Promise<number> {
  const { values } = parseArgs({ args: argv, options: { out: { type: 'string' }, json: { type: 'boolean' } } });
  const dir = resolve(values.out ?? 'demo-evidence');
  process.stderr.write(`Writing demo evidence to ${dir} …\n`);
  const demo = await writeDemoEvidence(dir);
  const results = [];
  for (const [label, path] of [
    ['Valid export', demo.valid],
    ['Tampered copy', demo.tampered],
  ] as const) {
    const progress = terminalProgress();
    const r = await verifyBundle(path, { trustPath: demo.trustRoots, onProgress: progress }).finally(() => progress.done());
    results.push(r);
    if (!values.json) process.stdout.write(`\n=== ${label}: ${path}\n\n${formatVerdict(r)}`);
  }
  if (values.json) process.stdout.write(JSON.stringify(results, null, 2) + '\n');
  process.stdout.write(
    `\nTry it yourself:\n  npx natalia-audit verify ${demo.tampered} --trust ${demo.trustRoots}\n`,
  );
  // The demo succeeds when the valid bundle is trusted and the tampered one is caught.
  const ok = results[0]?.verdict === 'trusted' && results[1]!.findings.some((f) => isBlocking(f.severity));
  return ok ? 0 : 1;
}
