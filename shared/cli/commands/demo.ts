// natalia-audit demo: the workstation's main job on built-in demo evidence.
// The project's own exporter (test/exporter, an appliance simulator) writes a
// valid bundle and a tampered copy with their vendor trust roots; both are
// verified exactly as a user's bundle would be.
import { lstat, mkdir, readdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { basename, join, resolve } from 'node:path';
import { exportBundle, sidecarPath, TRUST_ROOTS_FILE } from '../../../test/exporter/export-bundle.js';
import { writeZip } from '../../../test/exporter/archive.js';
import { applyTamper } from '../../../test/exporter/tamper.js';
import { verifyBundle } from '../../engine/verify/verify-bundle.js';
import { isBlocking } from '../../model/findings.js';
import { formatVerdict } from '../format-verdict.js';
import { terminalProgress } from '../progress.js';
import { UsageError } from '../cli-error.js';
import { parseCommand } from '../command-table.js';

/** The demo exporter's seed: its vendor root is a known test root (engine/license/known-test-roots.ts). */
export const DEMO_SEED = 'natalia-demo';

export interface DemoEvidence {
  dir: string;
  valid: string;
  tampered: string;
  trustRoots: string;
}

/** Lists, in a demo folder, what the demo wrote there: the only entries a later demo removes. */
const DEMO_MARKER = '.natalia-demo-evidence.json';

function isPlainName(n: unknown): n is string {
  return typeof n === 'string' && n !== '' && n !== '.' && n !== '..' && !/[\\/]/.test(n);
}

/** The entries of an earlier demo in `entries`, or null when the folder holds anything else. */
async function earlierDemo(dir: string, entries: string[]): Promise<string[] | null> {
  if (entries.includes(DEMO_MARKER)) {
    let listed: unknown;
    try {
      listed = JSON.parse(await readFile(join(dir, DEMO_MARKER), 'utf8'));
    } catch {
      return null;
    }
    if (!Array.isArray(listed) || !listed.every(isPlainName)) return null;
    const mine = new Set<string>([...listed, DEMO_MARKER]);
    return entries.every((e) => mine.has(e)) ? [...mine] : null;
  }
  // Demos written before the marker: exactly a bag's zip, its tampered twin and the trust roots.
  const zip = entries.find((e) => /^natalia-evidence-.+\.zip$/.test(e));
  if (entries.length !== 3 || zip === undefined || !entries.includes('tampered') || !entries.includes(TRUST_ROOTS_FILE)) return null;
  const twin = await readdir(join(dir, 'tampered')).catch(() => [] as string[]);
  return twin.includes(zip.slice(0, -'.zip'.length)) ? entries : null;
}

/**
 * Makes `dir` ready for the demo: created when missing, emptied of an earlier
 * demo's files, refused when it holds anything else (the demo never deletes
 * what it did not write).
 */
async function prepareDemoFolder(dir: string): Promise<void> {
  const st = await lstat(dir).catch((e: NodeJS.ErrnoException) => {
    if (e.code === 'ENOENT') return null;
    throw e;
  });
  if (st === null) {
    await mkdir(dir, { recursive: true });
    return;
  }
  if (!st.isDirectory()) throw new UsageError(`${dir} is not a folder; choose a new folder for the demo evidence`);
  const entries = await readdir(dir);
  if (entries.length === 0) return;
  const earlier = await earlierDemo(dir, entries);
  if (earlier === null) {
    throw new UsageError(`${dir} is not empty and holds no earlier demo evidence; choose a new or empty folder (the demo replaces only its own files)`);
  }
  for (const e of earlier) await rm(join(dir, e), { recursive: true, force: true });
}

/** Writes the demo evidence under `dir`: a new or empty folder, or one holding an earlier demo, which is replaced. */
export async function writeDemoEvidence(dir: string): Promise<DemoEvidence> {
  await prepareDemoFolder(dir);
  // The marker names each entry before it is written: a demo cut short (Ctrl+C) is still recognised and replaced.
  const mark = (names: string[]) => writeFile(join(dir, DEMO_MARKER), JSON.stringify(names) + '\n');
  await mark(['tampered', TRUST_ROOTS_FILE]);
  // One appliance export, as a bag folder; the valid bundle is its zip, made
  // before someone edits a reveal's motive in the CSV of the folder.
  const tamperedParent = join(dir, 'tampered');
  const source = await exportBundle({
    outDir: tamperedParent,
    seed: DEMO_SEED,
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
  await mark([basename(valid), 'tampered', TRUST_ROOTS_FILE]);
  await writeZip(source.bagDir, name, valid, new Date(source.exportedAt));
  const trustRoots = join(dir, TRUST_ROOTS_FILE);
  await rename(source.trustRootsPath, trustRoots);
  await rm(sidecarPath(source.bagDir), { force: true });
  await applyTamper(source.bagDir, 'audit.hash_mismatch');
  return { dir, valid, tampered: source.bagDir, trustRoots };
}

export async function runDemo(argv: string[]): Promise<number> {
  const { values } = parseCommand('demo', argv);
  const dir = resolve(values.out);
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
