// Bundles for the benchmarks, made by the project's own exporter
// (test/exporter). Generation is never timed. With a cache folder (the
// default, options.ts), each bundle is kept there under a key of its export
// options and of the exporter's own sources, so a rerun reuses it and a
// changed exporter makes new ones; a bundle is written under a temporary name
// and renamed once complete, so an interrupted run leaves nothing that looks
// reusable. Without a cache, bundles live in the run's temporary folder and
// are removed with it.
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { exportBundle } from '../exporter/export-bundle.js';
import type { ExportOptions, ExportStats } from '../exporter/options.js';
import { REPO_ROOT } from './child.js';
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
  /** Kept in the cache between runs (never removed by removeBundle). */
  cached: boolean;
}

type BundleOptions = Omit<ExportOptions, 'outDir' | 'form'>;
const DONE = 'bench-bundle.json';

/** What makes two generated bundles the same: the options and every source file of the exporter. */
export function cacheKey(opts: BundleOptions): string {
  const h = createHash('sha256').update(JSON.stringify(opts, Object.keys(opts).sort()));
  const dir = join(REPO_ROOT, 'test/exporter');
  for (const f of readdirSync(dir).sort()) if (f.endsWith('.ts')) h.update(f).update(readFileSync(join(dir, f)));
  return `${opts.entries}-${h.digest('hex').slice(0, 16)}`;
}

async function exportInto(outDir: string, opts: BundleOptions): Promise<Omit<GeneratedBundle, 'cached'>> {
  const t0 = performance.now();
  log(`generating a bundle of ${fmtInt(opts.entries)} audit entries${opts.cdrs ? ` and about ${fmtInt(opts.cdrs)} CDRs (dump: ${opts.dump})` : ''} (not timed)...`);
  const r = await exportBundle({ ...opts, outDir, form: 'directory' });
  const csvPath = join(r.bagDir, 'data/audit/audit-log.csv');
  const csvBytes = (await stat(csvPath)).size;
  log(`  generated in ${((performance.now() - t0) / 1000).toFixed(0)} s: ${fmtInt(r.stats.payloadBytes / 1e6)} MB of payload`);
  return { path: r.bagDir, trustPath: r.trustRootsPath, outDir, stats: r.stats, csvPath, csvBytes };
}

export async function generateBundle(workDir: string, opts: BundleOptions, cacheDir: string | null = null): Promise<GeneratedBundle> {
  if (cacheDir === null) {
    const outDir = await mkdtemp(join(workDir, `bundle-${opts.entries}-`));
    try {
      return { ...(await exportInto(outDir, opts)), cached: false };
    } catch (e) {
      await rm(outDir, { recursive: true, force: true });
      throw e;
    }
  }
  const dir = join(cacheDir, cacheKey(opts));
  if (existsSync(join(dir, DONE))) {
    // Paths are stored relative to the entry, so a moved cache folder still works.
    const saved = JSON.parse(await readFile(join(dir, DONE), 'utf8')) as Omit<GeneratedBundle, 'cached' | 'outDir'>;
    log(`reusing the cached bundle of ${fmtInt(opts.entries)} audit entries (${dir})`);
    return { ...saved, path: join(dir, saved.path), trustPath: join(dir, saved.trustPath), csvPath: join(dir, saved.csvPath), outDir: dir, cached: true };
  }
  await mkdir(cacheDir, { recursive: true });
  const tmp = await mkdtemp(join(cacheDir, `.partial-${opts.entries}-`));
  try {
    const b = await exportInto(tmp, opts);
    const rel = (p: string) => relative(tmp, p);
    await writeFile(join(tmp, DONE), JSON.stringify({ ...b, path: rel(b.path), trustPath: rel(b.trustPath), csvPath: rel(b.csvPath), outDir: undefined }));
    await rm(dir, { recursive: true, force: true });
    await rename(tmp, dir);
    const moved = (p: string) => join(dir, rel(p));
    return { ...b, path: moved(b.path), trustPath: moved(b.trustPath), csvPath: moved(b.csvPath), outDir: dir, cached: true };
  } catch (e) {
    await rm(tmp, { recursive: true, force: true });
    throw e;
  }
}

export async function removeBundle(b: GeneratedBundle, keep: boolean): Promise<void> {
  if (b.cached) return;
  if (keep) {
    log(`  kept ${b.path}`);
    return;
  }
  await rm(b.outDir, { recursive: true, force: true });
}
