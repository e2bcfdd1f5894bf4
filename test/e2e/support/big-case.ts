// A case holding one very large audit log (1,000,000 entries by default), for
// the explorer's browser test and the UI benchmark. Written by the project's
// exporter and imported by the engine (quick mode, without a copy of the
// bundle's bytes: the explorer needs the entries, not the files), then kept in
// os.tmpdir() so later runs start at once. The bundle itself is kept too
// (`bigBundle`), for the test that imports it while the screens are served.
import { existsSync } from 'node:fs';
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { caseIdOf, CASE_EXTENSION } from '../../../shared/api/binding/case-registry.js';
import { importBundle } from '../../../shared/engine/case/import-bundle.js';
import { exportBundle } from '../../exporter/export-bundle.js';

export interface BigCase {
  caseDir: string;
  caseId: string;
  bundleId: string;
  entries: number;
}

const CASE_NAME = 'Large audit log';
const FORMAT = 'v2';

export function bigLogEntries(): number {
  const n = Number(process.env.NATALIA_BIG_LOG_ENTRIES ?? 1_000_000);
  if (!Number.isSafeInteger(n) || n < 1000) throw new Error(`NATALIA_BIG_LOG_ENTRIES must be an integer >= 1000, got ${process.env.NATALIA_BIG_LOG_ENTRIES}`);
  return n;
}

export interface BigBundle {
  path: string;
  trustRootsPath: string;
  entries: number;
}

/** The bundle of the large log (a bag folder, no dump), written once and kept. */
export async function bigBundle(entries = bigLogEntries(), log: (m: string) => void = () => {}): Promise<BigBundle> {
  const root = join(tmpdir(), 'natalia-ui-cache', `bundle-${entries}-${FORMAT}`);
  const marker = join(root, 'ready.json');
  if (existsSync(marker)) return JSON.parse(await readFile(marker, 'utf8')) as BigBundle;
  await rm(root, { recursive: true, force: true });
  const t = Date.now();
  log(`writing a ${entries.toLocaleString('en')}-entry bundle with the exporter…`);
  const made = await exportBundle({
    outDir: join(root, 'bundle'),
    seed: 'natalia-ui-big-log',
    entries,
    form: 'directory',
    dump: 'none',
    reveals: Math.floor(entries / 400),
    erasures: 1,
  });
  log(`  written in ${((Date.now() - t) / 1000).toFixed(0)} s`);
  const big: BigBundle = { path: made.path, trustRootsPath: made.trustRootsPath, entries };
  await writeFile(marker, JSON.stringify(big));
  return big;
}

export async function bigCase(entries = bigLogEntries(), log: (m: string) => void = () => {}): Promise<BigCase> {
  const root = join(tmpdir(), 'natalia-ui-cache', `log-${entries}-${FORMAT}`);
  const caseDir = join(root, 'cases');
  const marker = join(root, 'ready.json');
  if (existsSync(marker)) return JSON.parse(await readFile(marker, 'utf8')) as BigCase;

  await rm(root, { recursive: true, force: true });
  await mkdir(caseDir, { recursive: true });
  const made = await bigBundle(entries, log);
  const t = Date.now();
  log('  importing into a case…');
  const imported = await importBundle(join(caseDir, CASE_NAME + CASE_EXTENSION), made.path, {
    trustPath: made.trustRootsPath,
    keepBundleBytes: false,
  });
  log(`  imported in ${((Date.now() - t) / 1000).toFixed(0)} s (verdict: ${imported.result.verdict})`);
  const big: BigCase = {
    caseDir,
    caseId: caseIdOf(CASE_NAME),
    bundleId: String(imported.bundleId),
    entries: imported.result.stats.audit_entries,
  };
  await writeFile(marker, JSON.stringify(big));
  return big;
}
