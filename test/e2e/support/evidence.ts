// Evidence for the browser tests: the reference samples, and bundles written
// by the project's exporter (test/exporter), one of them tampered after export
// the way a person with a text editor would.
import { cp, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { exportBundle } from '../../exporter/export-bundle.js';

const SAMPLES = join(process.cwd(), 'test', 'fixtures', 'samples');

export const samples = {
  minimal: { path: join(SAMPLES, 'minimal', 'natalia-evidence-NAT-EC94-0782-20260302T091407Z'), trust: join(SAMPLES, 'minimal', 'trust-roots.json') },
  full: { path: join(SAMPLES, 'full', 'natalia-evidence-NAT-CE90-8A2C-20260302T091407Z.zip'), trust: join(SAMPLES, 'full', 'trust-roots.json') },
  inserts: { path: join(SAMPLES, 'inserts', 'natalia-evidence-NAT-0DF2-67CD-20260302T091407Z.tar.gz'), trust: join(SAMPLES, 'inserts', 'trust-roots.json') },
};

export interface TamperedBundle {
  path: string;
  trust: string;
  name: string;
  /** The entry whose outcome was changed in the CSV. */
  seq: number;
  /** Its physical line in data/audit/audit-log.csv. */
  line: number;
}

/**
 * A generated bag whose audit-log.csv has one login's outcome changed from
 * success to failure after export: its hash no longer recomputes.
 */
export async function tamperedBundle(dir: string): Promise<TamperedBundle> {
  const made = await exportBundle({ outDir: join(dir, 'source'), seed: 'e2e-tampered', entries: 400, form: 'directory', dump: 'copy', cdrs: 300, reveals: 20, erasures: 1 });
  const bag = join(dir, 'tampered', made.bagName);
  await cp(made.bagDir, bag, { recursive: true });
  const csvPath = join(bag, 'data', 'audit', 'audit-log.csv');
  const lines = (await readFile(csvPath, 'utf8')).split('\r\n');
  const index = lines.findIndex((l, i) => i > 100 && /^\d+,[^,]*,[^,]*,[^,]*,[^,]*,auth\.login,[^,]*,success,/.test(l));
  if (index < 0) throw new Error('no successful login to tamper with');
  lines[index] = lines[index]!.replace(/,auth\.login,([^,]*),success,/, ',auth.login,$1,failure,');
  await writeFile(csvPath, lines.join('\r\n'));
  // Physical line: a quoted cell may hold a bare line feed, which the split on CRLF does not count.
  const line = lines.slice(0, index).join('\r\n').split('\n').length + 1;
  return { path: bag, trust: made.trustRootsPath, name: made.bagName, seq: Number(lines[index]!.split(',')[0]), line };
}

/** A valid generated bundle large enough that its import can be cancelled half-way. */
export async function slowBundle(dir: string): Promise<{ path: string; trust: string }> {
  const made = await exportBundle({ outDir: join(dir, 'slow'), seed: 'e2e-slow', entries: 120_000, form: 'directory', dump: 'none', reveals: 100, erasures: 1 });
  return { path: made.path, trust: made.trustRootsPath };
}
