// Bundles for the benchmarks, made by the project's own exporter
// (test/exporter) in a folder of their own under the run's temporary folder,
// and removed with it. Generation is never timed.
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { exportBundle } from '../exporter/export-bundle.js';
import type { ExportOptions, ExportStats } from '../exporter/options.js';
import { fmtInt, log } from './report.js';

export interface GeneratedBundle {
  /** The bag folder. */
  path: string;
  trustPath: string;
  /** The folder holding the bag and its trust-roots.json. */
  outDir: string;
  stats: ExportStats;
  csvPath: string;
  csvBytes: number;
}

export async function generateBundle(workDir: string, opts: Omit<ExportOptions, 'outDir' | 'form'>): Promise<GeneratedBundle> {
  const outDir = await mkdtemp(join(workDir, `bundle-${opts.entries}-`));
  const t0 = performance.now();
  log(`generating a bundle of ${fmtInt(opts.entries)} audit entries${opts.cdrs ? ` and about ${fmtInt(opts.cdrs)} CDRs (dump: ${opts.dump})` : ''} (not timed)...`);
  try {
    const r = await exportBundle({ ...opts, outDir, form: 'directory' });
    const csvPath = join(r.bagDir, 'data/audit/audit-log.csv');
    const csvBytes = (await stat(csvPath)).size;
    log(`  generated in ${((performance.now() - t0) / 1000).toFixed(0)} s: ${fmtInt(r.stats.payloadBytes / 1e6)} MB of payload`);
    return { path: r.bagDir, trustPath: r.trustRootsPath, outDir, stats: r.stats, csvPath, csvBytes };
  } catch (e) {
    await rm(outDir, { recursive: true, force: true });
    throw e;
  }
}

export async function removeBundle(b: GeneratedBundle, keep: boolean): Promise<void> {
  if (keep) {
    log(`  kept ${b.path}`);
    return;
  }
  await rm(b.outDir, { recursive: true, force: true });
}
