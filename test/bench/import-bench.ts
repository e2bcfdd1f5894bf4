// Target 2: importing a bundle whose dump holds millions of CDR rows into a
// case, against PostgreSQL restoring the same dump with `psql -f` in the same
// run; peak RSS of the import; and the replay queries behind the views on
// the case it made. Without PostgreSQL the comparison is reported as skipped
// with the reason, never estimated.
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { stat } from 'node:fs/promises';
import type { GeneratedBundle } from './bundles.js';
import { runChild, type ChildRun } from './child.js';
import type { ImportChildResult } from './import-child.js';
import { findPostgres, startCluster } from './postgres.js';
import type { ReplayChildResult } from './replay-child.js';
import { fmtInt, fmtMB, fmtMs, fmtRatio, info, judged, log, skipped, type BenchRow, type BenchTable } from './report.js';

export const TARGET_IMPORT_RATIO = 0.5;
export const TARGET_IMPORT_RSS_BYTES = 300e6;
export const TARGET_QUERY_MS = 100;

export interface PsqlRestore {
  ms: number;
  version: string;
  cdrRows: number;
}

export interface ImportRun {
  dumpBytes: number;
  psql: PsqlRestore | { skipped: string };
  imported: ChildRun<ImportChildResult>;
  replay: ChildRun<ReplayChildResult> | { failed: string };
}

const DUMP = 'data/db/natalia.sql';

/**
 * Writes every pending file change to disk before a timed operation (not
 * timed). The bundle was just generated and psql's cluster just written and
 * removed: without this, the kernel writes those gigabytes back while the
 * next operation runs (30 s after they were written), on its disk and cores,
 * and whichever runs second pays for the first.
 */
function settleDisk(): void {
  log('  writing pending file changes to disk (sync, not timed)...');
  spawnSync('sync', { stdio: 'ignore' });
}

/** Restores the bundle's dump into a throw-away cluster; the time is psql's, from spawn to exit. */
async function restoreWithPsql(dumpPath: string): Promise<PsqlRestore | { skipped: string }> {
  const pg = findPostgres();
  if ('missing' in pg) return { skipped: pg.missing };
  log('starting a throw-away PostgreSQL cluster (not timed)...');
  let cluster;
  try {
    cluster = await startCluster(pg.binDir);
  } catch (e) {
    return { skipped: `PostgreSQL could not be started here: ${(e as Error).message}` };
  }
  try {
    await cluster.createdb('natalia');
    // The dump's objects are owned by the appliance's role; without it every ALTER ... OWNER fails.
    await cluster.psql('natalia', ['-q', '-c', 'CREATE ROLE natalia']);
    settleDisk();
    log(`  psql -f ${DUMP} (${cluster.version})...`);
    const t0 = performance.now();
    await cluster.psql('natalia', ['-q', '-v', 'ON_ERROR_STOP=1', '-f', dumpPath]);
    const ms = performance.now() - t0;
    const count = await cluster.psql('natalia', ['-At', '-c', 'SELECT count(*) FROM public.cdr']);
    log(`    ${fmtMs(ms)}`);
    return { ms, version: cluster.version, cdrRows: Number(count.trim()) };
  } finally {
    await cluster.stop();
  }
}

/** `workDir`: the run's own folder, for the case (a cached bundle's folder is never written). */
export async function measureImport(b: GeneratedBundle, workDir: string): Promise<ImportRun> {
  const dumpPath = join(b.path, DUMP);
  const dumpBytes = (await stat(dumpPath)).size;
  const psql = await restoreWithPsql(dumpPath);
  const casePath = join(workDir, 'bench-case.natalia');
  settleDisk();
  log(`  importBundle into a new case (${fmtInt(b.stats.cdrRows)} CDR rows, ${fmtInt(b.stats.entries)} audit entries)...`);
  const imported = await runChild<ImportChildResult>('import-child.ts', [casePath, b.path, b.trustPath]);
  log(`    ${fmtMs(imported.result.ms)}, peak RSS ${fmtMB(imported.peakRssBytes)}, verdict ${imported.result.verdict}`);
  let replay: ImportRun['replay'];
  try {
    log('  replay queries on the case...');
    replay = await runChild<ReplayChildResult>('replay-child.ts', [casePath]);
  } catch (e) {
    replay = { failed: (e as Error).message };
  }
  return { dumpBytes, psql, imported, replay };
}

export function importTables(b: GeneratedBundle, run: ImportRun): BenchTable[] {
  const im = run.imported.result;
  const rows: BenchRow[] = [];
  const cdrImported = im.dumpRows.cdr ?? 0;
  if ('skipped' in run.psql) {
    rows.push(skipped(`importBundle, ${fmtInt(cdrImported)} CDR rows`, `no psql reference: ${run.psql.skipped} (import took ${fmtMs(im.ms)})`, `<= ${TARGET_IMPORT_RATIO}`));
  } else {
    const ratio = im.ms / run.psql.ms;
    rows.push(
      judged(`importBundle, ${fmtInt(cdrImported)} CDR rows`, ratio, { op: '<=', limit: TARGET_IMPORT_RATIO, label: `<= ${TARGET_IMPORT_RATIO}` }, {
        measured: fmtMs(im.ms),
        reference: `psql -f ${fmtMs(run.psql.ms)}`,
        ratio: fmtRatio(ratio),
      }),
    );
  }
  rows.push(
    judged('peak RSS of the import', run.imported.peakRssBytes, { op: '<=', limit: TARGET_IMPORT_RSS_BYTES, label: `<= ${fmtMB(TARGET_IMPORT_RSS_BYTES)}` }, {
      measured: fmtMB(run.imported.peakRssBytes),
    }),
  );
  rows.push(info('dump', `${fmtMB(run.dumpBytes)}, ${fmtInt(b.stats.cdrRows)} CDR rows (COPY)`));
  const notes = [
    `The bundle: ${fmtInt(b.stats.entries)} audit entries (${fmtInt(b.stats.reveals)} reveals), ${fmtInt(b.stats.cdrRows)} CDR rows in a COPY dump of ${fmtMB(run.dumpBytes)}, directory form, by test/exporter.`,
    'importBundle: the product defaults (full verification, bundle bytes kept in the case), in a child process, one SQLite transaction; time of the call (process start excluded).',
  ];
  if (im.stages) {
    const at = (s: string) => (im.stages[s] !== undefined ? fmtMs(im.stages[s]!) : '?');
    notes.push(
      `Stages of the import (start times): bag ${at('bag')}, licenses ${at('license')}, audit log ${at('audit')} (the dump is read alongside), cross-checks ${at('crosscheck')}, copy of the rest and commit ${at('done')}, returned ${at('end')}.`,
    );
  }
  if (!('skipped' in run.psql)) {
    notes.push(
      `psql: ${run.psql.version}, a throw-away cluster with default settings on a Unix socket, \`psql -X -q -v ON_ERROR_STOP=1 -f natalia.sql\` into an empty database (role natalia created first), timed from spawn to exit; it restored ${fmtInt(run.psql.cdrRows)} CDR rows. Both timed runs start after \`sync\`, so neither pays for writing back the other's (or the generator's) files.`,
    );
    if (run.psql.cdrRows !== b.stats.cdrRows) notes.push(`WARNING: psql restored ${fmtInt(run.psql.cdrRows)} CDR rows, the exporter wrote ${fmtInt(b.stats.cdrRows)}.`);
  }
  if (im.verdict !== 'trusted' || cdrImported !== b.stats.cdrRows) {
    notes.push(`WARNING: the import's verdict is "${im.verdict}" (${im.findingCodes.join(', ') || 'no findings'}) with ${fmtInt(cdrImported)} CDR rows read: not a clean import.`);
  }
  const tImport: BenchTable = { title: '2a. Import of a bundle with a large dump into a case', rows, notes };

  const qRows: BenchRow[] = [];
  const qNotes: string[] = [];
  if ('failed' in run.replay) {
    qRows.push(skipped('replay queries', `the replay child failed: ${run.replay.failed}`, `< ${TARGET_QUERY_MS} ms`));
  } else {
    const r = run.replay.result;
    for (const t of r.timings) {
      for (const [when, ms] of [
        ['first call', t.coldMs],
        ['warm median of 5', t.warmMedianMs],
      ] as const) {
        qRows.push(
          judged(`${t.name}, ${when}`, ms, { op: '<', limit: TARGET_QUERY_MS, label: `< ${TARGET_QUERY_MS} ms` }, { measured: `${fmtMs(ms)} (${fmtInt(t.rows)} rows)` }),
        );
      }
    }
    qRows.push(info('opening the case (CaseFile.open)', fmtMs(r.openMs)));
    qNotes.push(
      `On the case just imported, in a fresh process. Actor: ${r.actor} (the one with most reveals, ${fmtInt(r.actorReveals)}); months: ${r.from} to ${r.at}.`,
      "Functions of shared/engine/replay/ as the CLI's reveals, erasures and replay commands call them.",
    );
  }
  return [tImport, { title: '2b. Replay queries behind the views', rows: qRows, notes: qNotes }];
}
