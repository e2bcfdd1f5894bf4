// Target of issue 18 (re-audits): a case holding an export of an
// installation, then the same installation's later export, which repeats
// every entry of the first and adds a tenth more. Its import into that case
// (entries matched to the earlier verification, case/earlier-verification.ts)
// against a fresh import of the same later export into a new case, measured
// side by side in one run, each in its own child process.
//
// The later export is made by test/exporter; the earlier one is derived from
// it (the first entries of both audit logs, an earlier export time, the
// manifests recomputed), as the appliance would have exported it then. Its
// seal and bundle signature still name the later export's end, so the
// earlier import reports them; its entries' hashes, keys and signatures all
// hold, which is what a re-audit relies on. No dump: both imports would read
// the same dump in full, and the target is about the audit log.
//
// The bundles are kept between runs in a cache folder under the temporary
// folder (generating a million entries takes minutes); --keep is not needed.
import { createHash } from 'node:crypto';
import { createReadStream, createWriteStream, existsSync } from 'node:fs';
import { cp, mkdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { generateBundle, type GeneratedBundle } from './bundles.js';
import { runChild, type ChildRun } from './child.js';
import type { ImportChildResult } from './import-child.js';
import { fmtInt, fmtMs, fmtRatio, info, judged, log, type BenchRow, type BenchTable } from './report.js';

export const TARGET_REAUDIT_RATIO = 0.2;
const CSV = 'data/audit/audit-log.csv';
const JSONL = 'data/audit/audit-log.jsonl';

interface ReauditBundles {
  late: { path: string; trustPath: string; entries: number };
  early: { path: string; entries: number; exportedAt: string };
}

async function sha256File(p: string): Promise<{ sha256: string; bytes: number }> {
  const h = createHash('sha256');
  let bytes = 0;
  for await (const chunk of createReadStream(p)) {
    h.update(chunk as Buffer);
    bytes += (chunk as Buffer).length;
  }
  return { sha256: h.digest('hex'), bytes };
}

/**
 * Copies the bytes of `src` up to the end of its `lines`-th line, as written:
 * a line ends at an LF outside double quotes when `csv` (a quoted cell may
 * hold line breaks), at any LF otherwise (JSON lines). Returns the last line.
 */
async function keepLines(src: string, dst: string, lines: number, csv: boolean): Promise<string> {
  const out = createWriteStream(dst);
  let seen = 0;
  let open = false;
  let tail = Buffer.alloc(0);
  for await (const chunk of createReadStream(src, { highWaterMark: 1 << 20 })) {
    const b = chunk as Buffer;
    let end = -1;
    for (let i = 0; i < b.length; i++) {
      const c = b[i]!;
      if (csv && c === 0x22) open = !open;
      else if (c === 0x0a && !open && ++seen === lines) {
        end = i + 1;
        break;
      }
    }
    const part = end < 0 ? b : b.subarray(0, end);
    if (!out.write(part)) await new Promise<void>((r) => out.once('drain', () => r()));
    tail = Buffer.concat([tail, part]).subarray(-64 * 1024);
    if (end >= 0) break;
  }
  await new Promise<void>((resolve, reject) => out.end((e?: Error | null) => (e ? reject(e) : resolve())));
  const text = tail.toString('utf8').replace(/\r?\n$/, '');
  return text.slice(text.lastIndexOf('\n') + 1);
}

/** The earlier export of `late`'s installation: its first `entries` entries, exported a second after the last of them. */
async function deriveEarlier(late: GeneratedBundle, entries: number, into: string): Promise<ReauditBundles['early']> {
  const bagName = late.path.split('/').pop()!;
  const bag = join(into, bagName);
  await cp(late.path, bag, { recursive: true });
  await keepLines(join(late.path, CSV), join(bag, CSV), entries + 1, true);
  const last = JSON.parse(await keepLines(join(late.path, JSONL), join(bag, JSONL), entries, false)) as { ts: string };
  const exportedAt = new Date(Date.parse(last.ts) + 1000).toISOString();
  // Payload manifest and Payload-Oxum for the two shortened files, then the tag manifest.
  const manifest = join(bag, 'manifest-sha256.txt');
  let total = 0;
  const lines: string[] = [];
  for (const l of (await readFile(manifest, 'utf8')).split('\n').filter(Boolean)) {
    const path = l.slice(66);
    const h = path === CSV || path === JSONL ? await sha256File(join(bag, path)) : { sha256: l.slice(0, 64), bytes: (await stat(join(bag, path))).size };
    total += h.bytes;
    lines.push(`${h.sha256}  ${path}\n`);
  }
  await writeFile(manifest, lines.join(''));
  const infoPath = join(bag, 'bag-info.txt');
  const bagInfo = (await readFile(infoPath, 'utf8'))
    .replace(/^Natalia-Exported-At: .*$/m, `Natalia-Exported-At: ${exportedAt}`)
    .replace(/^Payload-Oxum: .*$/m, `Payload-Oxum: ${total}.${lines.length}`);
  await writeFile(infoPath, bagInfo);
  const tag = join(bag, 'tagmanifest-sha256.txt');
  const tagLines: string[] = [];
  for (const l of (await readFile(tag, 'utf8')).split('\n').filter(Boolean)) tagLines.push(`${(await sha256File(join(bag, l.slice(66)))).sha256}  ${l.slice(66)}\n`);
  await writeFile(tag, tagLines.join(''));
  return { path: bag, entries, exportedAt };
}

/** The two exports, from the cache when an earlier run made them. */
async function reauditBundles(earlyEntries: number, lateEntries: number): Promise<ReauditBundles> {
  const cache = join(tmpdir(), 'natalia-bench-cache', `reaudit-v2-${earlyEntries}-${lateEntries}`);
  const ready = join(cache, 'ready.json');
  if (existsSync(ready)) {
    const b = JSON.parse(await readFile(ready, 'utf8')) as ReauditBundles;
    if (existsSync(b.late.path) && existsSync(b.early.path)) {
      log(`re-audit bundles from the cache ${cache}`);
      return b;
    }
  }
  await rm(cache, { recursive: true, force: true });
  const building = `${cache}.building-${process.pid}`;
  await mkdir(building, { recursive: true });
  const late = await generateBundle(building, { seed: 'natalia-bench-reaudit', entries: lateEntries, dump: 'none' });
  log(`  deriving the earlier export (${fmtInt(earlyEntries)} entries, not timed)...`);
  const early = await deriveEarlier(late, earlyEntries, join(building, 'earlier'));
  await rename(building, cache);
  const moved = (p: string) => cache + p.slice(building.length);
  const b: ReauditBundles = { late: { path: moved(late.path), trustPath: moved(late.trustPath), entries: late.stats.entries }, early: { ...early, path: moved(early.path) } };
  await writeFile(ready, JSON.stringify(b));
  return b;
}

export interface ReauditRun {
  bundles: ReauditBundles;
  fresh: ChildRun<ImportChildResult>;
  earlier: ChildRun<ImportChildResult>;
  reaudit: ChildRun<ImportChildResult>;
}

export async function measureReaudit(work: string, earlyEntries: number, lateEntries: number): Promise<ReauditRun> {
  const bundles = await reauditBundles(earlyEntries, lateEntries);
  const { late, early } = bundles;
  const sync = () => spawnSync('sync', { stdio: 'ignore' });
  const freshCase = join(work, 'reaudit-fresh.natalia-case');
  const quarterly = join(work, 'reaudit-quarterly.natalia-case');
  sync();
  log(`  fresh import of the later export (${fmtInt(late.entries)} entries) into a new case...`);
  const fresh = await runChild<ImportChildResult>('import-child.ts', [freshCase, late.path, late.trustPath]);
  log(`    ${fmtMs(fresh.result.ms)}`);
  await rm(freshCase, { force: true });
  log(`  import of the earlier export (${fmtInt(early.entries)} entries) into another case (not compared)...`);
  const earlier = await runChild<ImportChildResult>('import-child.ts', [quarterly, early.path, late.trustPath]);
  log(`    ${fmtMs(earlier.result.ms)}`);
  sync();
  log('  the later export into the case holding the earlier one (re-audit)...');
  const reaudit = await runChild<ImportChildResult>('import-child.ts', [quarterly, late.path, late.trustPath]);
  log(`    ${fmtMs(reaudit.result.ms)}, ${fmtInt(reaudit.result.signaturesMatched)} matched, ${fmtInt(reaudit.result.signaturesVerified)} verified`);
  await rm(quarterly, { force: true });
  return { bundles, fresh, earlier, reaudit };
}

function stagesOf(r: ImportChildResult): string {
  const at = (s: string) => (r.stages[s] !== undefined ? fmtMs(r.stages[s]!) : '?');
  return `bag ${at('bag')}, licenses ${at('license')}, audit log ${at('audit')}, cross-checks ${at('crosscheck')}, copy of the rest and commit ${at('done')}, returned ${at('end')}`;
}

export function reauditTables(run: ReauditRun): BenchTable[] {
  const { fresh, reaudit, earlier, bundles } = run;
  const ratio = reaudit.result.ms / fresh.result.ms;
  const rows: BenchRow[] = [
    judged(`re-audit import, ${fmtInt(bundles.late.entries)} entries, case holding ${fmtInt(bundles.early.entries)}`, ratio, { op: '<=', limit: TARGET_REAUDIT_RATIO, label: `<= ${TARGET_REAUDIT_RATIO}` }, {
      measured: fmtMs(reaudit.result.ms),
      reference: `fresh import ${fmtMs(fresh.result.ms)}`,
      ratio: fmtRatio(ratio),
    }),
    info('signatures: re-audit verified / matched', `${fmtInt(reaudit.result.signaturesVerified)} / ${fmtInt(reaudit.result.signaturesMatched)}`, `fresh: ${fmtInt(fresh.result.signaturesVerified)} verified`),
    info('CPU (all threads), re-audit / fresh', `${fmtMs(reaudit.result.cpuMs)} / ${fmtMs(fresh.result.cpuMs)}`, '', fmtRatio(reaudit.result.cpuMs / fresh.result.cpuMs)),
    info('peak RSS, re-audit / fresh', `${(reaudit.peakRssBytes / 1e6).toFixed(0)} / ${(fresh.peakRssBytes / 1e6).toFixed(0)} MB`),
  ];
  const notes = [
    `The later export: ${fmtInt(bundles.late.entries)} audit entries by test/exporter, no dump, directory form; the earlier: its first ${fmtInt(bundles.early.entries)} entries, exported at ${bundles.early.exportedAt} (derived, see test/bench/reaudit-bench.ts). Each import in a child process, the product defaults; time of the importBundle call.`,
    `Stages, fresh import (start times): ${stagesOf(fresh.result)}.`,
    `Stages, re-audit: ${stagesOf(reaudit.result)}.`,
    `The earlier export's own import (not compared): ${fmtMs(earlier.result.ms)}, verdict ${earlier.result.verdict} (${earlier.result.findingCodes.join(', ') || 'no findings'}).`,
  ];
  if (reaudit.result.signaturesMatched === 0) notes.push('WARNING: the re-audit matched no entry: the earlier import was not relied on.');
  return [{ title: '4. Re-audit: a later export of an installation the case holds', rows, notes }];
}
