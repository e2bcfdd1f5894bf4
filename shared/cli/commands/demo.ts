// natalia-audit demo: the workstation's main job on built-in demo evidence.
// The project's own exporter (test/exporter, an appliance simulator) writes a
// valid bundle and a tampered copy with their vendor trust roots; both are
// verified exactly as a user's bundle would be.
import { parseArgs } from 'node:util';
import { cp, mkdir, rm } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { exportBundle } from '../../../test/exporter/export-bundle.js';
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
  const valid = await exportBundle({
    outDir: dir,
    seed: 'natalia-demo',
    entries: 2500,
    cdrs: 4000,
    form: 'zip',
    dump: 'copy',
    keyRotation: true,
    licenseHistory: true,
    reveals: 60,
    erasures: 2,
  });
  // The tampered copy: same appliance, then someone edits a reveal's motive in the CSV after export.
  const scratch = join(dir, '.scratch');
  const source = await exportBundle({ outDir: scratch, seed: 'natalia-demo', entries: 2500, cdrs: 4000, form: 'directory', dump: 'copy', keyRotation: true, licenseHistory: true, reveals: 60, erasures: 2 });
  const tamperedDir = join(dir, 'tampered', source.bagDir.split('/').pop()!);
  await cp(source.bagDir, tamperedDir, { recursive: true });
  await rm(scratch, { recursive: true, force: true });
  await applyTamper(tamperedDir, 'audit.hash_mismatch');
  return { dir, valid: valid.path, tampered: tamperedDir, trustRoots: valid.trustRootsPath };
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
