// Target 1: verification of large bundles made by the project's exporter.
//   (a) full verification, entries per second, as a ratio to the raw
//       throughput of the fastest strict Ed25519 verifier on all cores,
//       measured right before and right after each full verification (the
//       reference is their mean: on shared cores a neighbour's load then
//       weighs on both sides of the ratio);
//   (b) the fast path's time as a ratio to `sha256sum` of the same CSV;
//   (c) peak RSS of each verification (its own child process), at two sizes
//       four times apart, to show it stays flat as the bundle grows.
// The targets are judged on verifyBundle, the product's whole pipeline (what
// the CLI, the app and the case import run). verifyAuditLog alone is also
// timed at the largest size, for information: it shows how much of the time
// is the audit log itself.
import { availableParallelism, cpus, loadavg } from 'node:os';
import { runChild, type ChildRun } from './child.js';
import { nobleSingleCore, rawThroughput, type RawResult } from './ed25519-raw.js';
import type { GeneratedBundle } from './bundles.js';
import type { BenchOptions } from './options.js';
import { fmtInt, fmtMB, fmtMs, fmtRate, fmtRatio, info, judged, log, skipped, type BenchRow, type BenchTable } from './report.js';
import { hasSha256sum, timeSha256sum } from './sha256sum.js';
import type { VerifyChildOp, VerifyChildResult } from './verify-child.js';

export const TARGET_THROUGHPUT_RATIO = 0.8;
export const TARGET_FAST_RATIO = 3;
export const TARGET_RSS_BYTES = 300e6;
/** "Flat": the largest bundle's peak RSS at most this much above the smallest's. */
export const FLAT_GROWTH = 1.15;
/** Serial part of a full verification: the main thread's own CPU per entry. */
export const TARGET_SERIAL_US = 3;
/** Projected on this many cores, the ratio must reach TARGET_THROUGHPUT_RATIO. */
export const PROJECTED_CORES = [4, 8, 16] as const;
/** The 2-core ratio before the work was split by byte ranges (docs/benchmarks.md, 2026-11-23): not to get worse. */
export const TODAY_2CORE_RATIO = 0.64;
/** Time linear in size: the growth step's time at most this much above proportional. */
export const LINEAR_SLACK = 1.1;

/**
 * Throughput ratio to raw libsodium projected on `cores` from a measured run
 * (Amdahl, with every core busy): each entry costs `serialUs` on the main
 * thread, which nothing can share, and `parallelUs` on the other threads, which
 * spread over all cores. Raw libsodium scales linearly: `rawPerCore` per core.
 */
export function projectedRatio(serialUs: number, parallelUs: number, cores: number, rawPerCore: number): number {
  const usPerEntry = Math.max(serialUs, (serialUs + parallelUs) / cores);
  return 1e6 / usPerEntry / (cores * rawPerCore);
}

interface RawSet {
  sodium: RawResult;
  node: RawResult;
}

/** Single-core numbers, for context. */
export interface RawContext {
  sodium1: RawResult;
  node1: RawResult;
  noble1: RawResult;
}

export interface SizeRun {
  entries: number;
  csvBytes: number;
  /** Null when sha256sum is not on this machine. */
  sha256Ms: number | null;
  fast: ChildRun<VerifyChildResult>;
  full: ChildRun<VerifyChildResult>;
  /** All-core raw throughput right before and right after the full verification(s) of this size. */
  rawBefore: RawSet;
  rawAfter: RawSet;
  auditFast?: ChildRun<VerifyChildResult>;
  auditFull?: ChildRun<VerifyChildResult>;
  /** The mandatory per-entry work alone, one thread (verify-child.ts `floor`). */
  floor?: ChildRun<VerifyChildResult>;
}

/** The growth step: one more full verification of a bundle several times the largest size. */
export interface GrowthRun {
  entries: number;
  full: ChildRun<VerifyChildResult>;
}

export async function measureGrowth(b: GeneratedBundle): Promise<GrowthRun> {
  return { entries: b.stats.entries, full: await verifyOnce('bundle', 'full', b) };
}

/** A size whose measurements could not be made. */
export interface SizeFailure {
  entries: number;
  error: string;
}

async function measureRawAllCores(seconds: number): Promise<RawSet> {
  const threads = availableParallelism();
  log(`raw Ed25519: libsodium then node:crypto, ${threads} worker threads, ${seconds} s each...`);
  const sodium = await rawThroughput('sodium', threads, seconds);
  const node = await rawThroughput('node', threads, seconds);
  return { sodium, node };
}

export async function measureRawContext(seconds: number): Promise<RawContext> {
  log(`raw Ed25519 on one core: libsodium, node:crypto, @noble/ed25519, ${seconds} s each...`);
  const sodium1 = await rawThroughput('sodium', 1, seconds);
  const node1 = await rawThroughput('node', 1, seconds);
  const noble1 = nobleSingleCore(seconds);
  return { sodium1, node1, noble1 };
}

const OP_LABEL: Record<VerifyChildOp, string> = { bundle: 'verifyBundle', audit: 'verifyAuditLog', floor: 'mandatory work alone,' };

async function verifyOnce(op: VerifyChildOp, mode: 'full' | 'fast', b: GeneratedBundle): Promise<ChildRun<VerifyChildResult>> {
  log(`  ${OP_LABEL[op]} ${mode} on ${fmtInt(b.stats.entries)} entries...`);
  const r = await runChild<VerifyChildResult>('verify-child.ts', [op, mode, b.path, b.trustPath]);
  log(`    ${fmtMs(r.result.ms)}, peak RSS ${fmtMB(r.peakRssBytes)}, verdict ${r.result.verdict}`);
  return r;
}

/**
 * Every measurement on one bundle: fast path, then raw Ed25519, the full
 * verification(s), raw Ed25519 again. The audit-only runs are made on the
 * largest bundle only.
 */
export async function measureSize(b: GeneratedBundle, largest: boolean, rawSeconds: number): Promise<SizeRun> {
  const sha256Ms = hasSha256sum() ? await timeSha256sum(b.csvPath) : null;
  const fast = await verifyOnce('bundle', 'fast', b);
  const auditFast = largest ? await verifyOnce('audit', 'fast', b) : undefined;
  const rawBefore = await measureRawAllCores(rawSeconds);
  const full = await verifyOnce('bundle', 'full', b);
  const auditFull = largest ? await verifyOnce('audit', 'full', b) : undefined;
  const floor = largest ? await verifyOnce('floor', 'full', b) : undefined;
  const rawAfter = await measureRawAllCores(rawSeconds);
  return {
    entries: b.stats.entries,
    csvBytes: b.csvBytes,
    sha256Ms,
    fast,
    full,
    rawBefore,
    rawAfter,
    ...(auditFast && auditFull ? { auditFast, auditFull } : {}),
    ...(floor ? { floor } : {}),
  };
}

/**
 * Where the CPU of a verification goes, per entry: `sigUs` is one libsodium
 * verification at the raw loop's rate, `restUs` everything else (reading,
 * parsing both exports, hashing, comparing, storing, garbage collection).
 * Even with every core busy all the time, a throughput ratio of `target`
 * leaves the rest at most `allowedUs` = sigUs / target - sigUs per entry.
 */
export function cpuPerEntry(entries: number, cpuMs: number, rawPerCpuSecond: number, target: number): {
  totalUs: number;
  sigUs: number;
  restUs: number;
  allowedUs: number;
} {
  const totalUs = (cpuMs * 1000) / entries;
  const sigUs = 1e6 / rawPerCpuSecond;
  return { totalUs, sigUs, restUs: totalUs - sigUs, allowedUs: sigUs / target - sigUs };
}

/**
 * CPU efficiency (INFO): entries verified per CPU-second of the verification
 * process, against libsodium's verifications per CPU-second in the raw loops
 * around it. Unlike the wall-clock ratio it hardly moves with the neighbours'
 * load, and it bounds that ratio: with every core busy the two are equal.
 * The second row says the same per entry, in microseconds.
 */
function rawPerCpuSecond(r: SizeRun): number | undefined {
  const raws = [r.rawBefore.sodium.perCpuSecond, r.rawAfter.sodium.perCpuSecond].filter((x): x is number => x !== undefined);
  return raws.length === 0 ? undefined : raws.reduce((a, b) => a + b, 0) / raws.length;
}

const fmtUs = (x: number) => `${x.toFixed(1)} µs`;

function cpuRows(r: SizeRun, run: ChildRun<VerifyChildResult>, what: string): BenchRow[] {
  const raw = rawPerCpuSecond(r);
  if (raw === undefined || !(run.result.cpuMs > 0)) return [];
  const ours = run.result.entries / (run.result.cpuMs / 1000);
  const c = cpuPerEntry(run.result.entries, run.result.cpuMs, raw, TARGET_THROUGHPUT_RATIO);
  const us = fmtUs;
  return [
    info(`CPU efficiency, ${what}, ${fmtInt(r.entries)} entries`, `${fmtRate(ours, 'entries')} per CPU-second`, `${fmtRate(raw, 'sig')} per CPU-second (libsodium)`, fmtRatio(ours / raw)),
    info(
      `CPU per entry, ${what}, ${fmtInt(r.entries)} entries`,
      `${us(c.totalUs)}: ${us(c.sigUs)} libsodium + ${us(c.restUs)} the rest`,
      `${TARGET_THROUGHPUT_RATIO} on all cores allows the rest ${us(c.allowedUs)}`,
      fmtRatio(c.restUs / c.allowedUs),
    ),
  ];
}

/**
 * The mandatory work alone (INFO): its CPU per entry against what the target
 * leaves for everything besides the signatures. Above 1 would mean that even
 * a verifier doing nothing else could not reach the target; at or under 1,
 * what is left is what chain judging, the signatures' hand-off to the
 * workers, storage and the cross-checks may cost together.
 */
function floorRow(r: SizeRun): BenchRow[] {
  const raw = rawPerCpuSecond(r);
  const f = r.floor?.result;
  if (raw === undefined || f === undefined || !(f.cpuMs > 0) || f.entries === 0) return [];
  const c = cpuPerEntry(f.entries, f.cpuMs, raw, TARGET_THROUGHPUT_RATIO);
  return [
    info(
      `CPU per entry, mandatory work alone (one thread), ${fmtInt(r.entries)} entries`,
      `${fmtUs(c.totalUs)} (${fmtMs(f.ms)})`,
      `${TARGET_THROUGHPUT_RATIO} on all cores allows ${fmtUs(c.allowedUs)} besides libsodium; left for the rest: ${fmtUs(Math.max(0, c.allowedUs - c.totalUs))}`,
      fmtRatio(c.totalUs / c.allowedUs),
    ),
  ];
}

/** The reference of one size: the faster of libsodium and node:crypto on all cores, mean of before and after. */
function reference(r: SizeRun): { perSecond: number; label: string } {
  const mean = (k: keyof RawSet) => (r.rawBefore[k].perSecond + r.rawAfter[k].perSecond) / 2;
  const s = mean('sodium');
  const n = mean('node');
  const best = s >= n ? 'libsodium' : 'node:crypto';
  return { perSecond: Math.max(s, n), label: `${fmtRate(Math.max(s, n), 'sig')} (${best}, ${r.rawBefore.sodium.threads} cores)` };
}

function cleanNote(run: ChildRun<VerifyChildResult>, entries: number): string[] {
  const r = run.result;
  if (r.verdict === 'trusted' && r.findings === 0 && r.entries === entries) return [];
  return [
    `WARNING: ${OP_LABEL[r.op].replace(/,$/, '')} ${r.mode} on the ${fmtInt(entries)}-entry bundle returned verdict "${r.verdict}" ` +
      `with ${r.findings} finding(s) (${r.findingCodes.join(', ') || 'none'}) over ${fmtInt(r.entries)} entries: it did not measure a clean verification.`,
  ];
}

export function verifyTables(o: BenchOptions, ctx: RawContext, runs: SizeRun[], failures: SizeFailure[] = [], growth?: GrowthRun | SizeFailure): BenchTable[] {
  const cores = availableParallelism();
  const largest = runs[runs.length - 1];
  const warnings = runs.flatMap((r) => [r.fast, r.full, r.auditFast, r.auditFull, r.floor].flatMap((c) => (c ? cleanNote(c, r.entries) : [])));

  // (a) throughput.
  const rawRows: BenchRow[] = [
    info('raw libsodium, 1 core', fmtRate(ctx.sodium1.perSecond, 'sig')),
    info('raw node:crypto (cached KeyObject + S<L), 1 core', fmtRate(ctx.node1.perSecond, 'sig')),
    info('raw @noble/ed25519 (zip215: false), 1 core', fmtRate(ctx.noble1.perSecond, 'sig')),
  ];
  const throughputRows: BenchRow[] = [];
  for (const r of runs) {
    const ref = reference(r);
    for (const k of ['sodium', 'node'] as const) {
      throughputRows.push(
        info(
          `raw ${k === 'sodium' ? 'libsodium' : 'node:crypto'}, ${cores} cores, before / after the ${fmtInt(r.entries)}-entry runs`,
          `${fmtRate(r.rawBefore[k].perSecond, 'sig')} / ${fmtRate(r.rawAfter[k].perSecond, 'sig')}`,
        ),
      );
    }
    const perSecond = r.full.result.entries / (r.full.result.ms / 1000);
    const ratio = perSecond / ref.perSecond;
    throughputRows.push(
      judged(`verifyBundle full, ${fmtInt(r.entries)} entries`, ratio, { op: '>=', limit: TARGET_THROUGHPUT_RATIO, label: `>= ${TARGET_THROUGHPUT_RATIO}` }, {
        measured: `${fmtRate(perSecond, 'entries')} (${fmtMs(r.full.result.ms)})`,
        reference: ref.label,
        ratio: fmtRatio(ratio),
      }),
    );
    throughputRows.push(...cpuRows(r, r.full, 'verifyBundle full'));
    if (r.auditFull) {
      const a = r.auditFull.result;
      const aps = a.entries / (a.ms / 1000);
      throughputRows.push(info(`verifyAuditLog full alone, ${fmtInt(r.entries)} entries`, `${fmtRate(aps, 'entries')} (${fmtMs(a.ms)})`, ref.label, fmtRatio(aps / ref.perSecond)));
      throughputRows.push(...cpuRows(r, r.auditFull, 'verifyAuditLog full alone'));
    }
    throughputRows.push(...floorRow(r));
  }
  const failedRows = (what: string, target: string) => failures.map((f) => skipped(`${what}, ${fmtInt(f.entries)} entries`, `the measurement failed: ${f.error}`, target));
  throughputRows.push(...failedRows('verifyBundle full', `>= ${TARGET_THROUGHPUT_RATIO}`));
  const tA: BenchTable = {
    title: '1a. Full verification throughput vs raw strict Ed25519 on all cores',
    rows: [...rawRows, ...throughputRows],
    notes: [
      `Machine: ${cores} cores (${cpus()[0]?.model ?? 'unknown CPU'}), load average at the end ${loadavg().map((l) => l.toFixed(1)).join(' ')}; Node ${process.version}. The cores are shared: numbers are noisy, ratios less so.`,
      `Raw: worker threads, one per core, each looping one verifier over 256 pre-made valid signatures of audit-sized messages for ${o.rawSeconds} s after a warm-up; the reference of each size is the faster of libsodium and node:crypto, mean of the runs right before and right after its full verification(s).`,
      'CPU efficiency (INFO): entries per CPU-second of the whole verification process (all its threads), against libsodium verifications per CPU-second in the raw runs of that size. It moves little with the neighbours\' load, and bounds the throughput ratio: the two are equal when every core is busy all the time.',
      `CPU per entry (INFO): CPU time of the process per audit entry, split into one libsodium verification at the raw rate and the rest (reading and parsing both exports, hashing, comparing, storing, garbage collection). With every core busy all the time, a ratio of ${TARGET_THROUGHPUT_RATIO} needs the rest at or under a quarter of the libsodium part; the ratio column is rest / allowance (above 1: the target is out of reach whatever the scheduling).`,
      'Mandatory work alone (INFO): on one thread, only what any verifier of the format must do for each entry besides its signature: read both exports and SHA-256 them for the manifest, tokenize the CSV, recompute every entry\'s hash (JCS, SHA-256), parse every JSON line, compare the two copies. No chain judging, no signatures or their hand-off to the workers, no storage, no cross-checks. Its ratio column is its CPU per entry / the allowance of the row above.',
      'verifyBundle full: the whole pipeline (manifests, licenses, chain, every hash and signature, CSV vs JSON lines, seal, bundle signature, cross-checks) in a child process; entries/s = audit entries / time of the verifyBundle call (process start excluded).',
      ...warnings,
    ],
  };

  // (b) fast path.
  const fastRows: BenchRow[] = runs.map((r) => {
    if (r.sha256Ms === null) return skipped(`verifyBundle fast, ${fmtInt(r.entries)} entries`, 'sha256sum is not on this machine', `<= ${TARGET_FAST_RATIO}`);
    const ratio = r.fast.result.ms / r.sha256Ms;
    return judged(`verifyBundle fast, ${fmtInt(r.entries)} entries`, ratio, { op: '<=', limit: TARGET_FAST_RATIO, label: `<= ${TARGET_FAST_RATIO}` }, {
      measured: fmtMs(r.fast.result.ms),
      reference: `sha256sum ${fmtMs(r.sha256Ms)} (${fmtMB(r.csvBytes)} CSV)`,
      ratio: fmtRatio(ratio),
    });
  });
  if (largest?.auditFast && largest.sha256Ms !== null) {
    const ms = largest.auditFast.result.ms;
    fastRows.push(info(`verifyAuditLog fast alone, ${fmtInt(largest.entries)} entries`, fmtMs(ms), `sha256sum ${fmtMs(largest.sha256Ms)}`, fmtRatio(ms / largest.sha256Ms)));
  }
  fastRows.push(...failedRows('verifyBundle fast', `<= ${TARGET_FAST_RATIO}`));
  const tB: BenchTable = {
    title: '1b. Fast path vs sha256sum of the same audit-log.csv',
    rows: fastRows,
    notes: [
      'sha256sum: median of 3 runs, spawn to exit, file in the page cache. verifyBundle fast: one run, time of the call, same file in the page cache.',
      'verifyBundle fast checks the bag structure (every listed file present, none unlisted, Payload-Oxum, tag manifest; payload hashes are left to full mode), the licenses, the bundle signature, and the chain, seal, timestamps and policies of the log; verifyAuditLog fast reads the CSV only.',
    ],
  };

  // (c) memory.
  const rssRows: BenchRow[] = [];
  for (const r of runs) {
    for (const [label, c] of [
      ['verifyBundle full', r.full],
      ['verifyBundle fast', r.fast],
      ['verifyAuditLog full alone', r.auditFull],
      ['verifyAuditLog fast alone', r.auditFast],
    ] as const) {
      if (!c) continue;
      const row = judged(`peak RSS, ${label}, ${fmtInt(r.entries)} entries`, c.peakRssBytes, { op: '<=', limit: TARGET_RSS_BYTES, label: `<= ${fmtMB(TARGET_RSS_BYTES)}` }, { measured: fmtMB(c.peakRssBytes) });
      rssRows.push(label.startsWith('verifyAuditLog') ? { ...row, verdict: 'INFO' } : row);
    }
  }
  const smallest = runs[0];
  if (smallest && largest && smallest !== largest) {
    for (const mode of ['full', 'fast'] as const) {
      const growth = largest[mode].peakRssBytes / smallest[mode].peakRssBytes;
      rssRows.push(
        judged(`RSS growth, verifyBundle ${mode}, ${fmtInt(smallest.entries)} -> ${fmtInt(largest.entries)} entries`, growth, { op: '<=', limit: FLAT_GROWTH, label: `flat (<= ${FLAT_GROWTH}x)` }, {
          measured: fmtMB(largest[mode].peakRssBytes),
          reference: fmtMB(smallest[mode].peakRssBytes),
          ratio: `${growth.toFixed(2)}x`,
        }),
      );
    }
  }
  rssRows.push(...failedRows('peak RSS, verifyBundle', `<= ${fmtMB(TARGET_RSS_BYTES)}`));
  const tC: BenchTable = {
    title: '1c. Peak memory of verification',
    rows: rssRows,
    notes: [
      `Each verification runs in its own Node process (loaded through tsx, worker threads included); peak RSS from ${largest?.full.rssSource ?? 'the child'}.`,
      `Flat: the peak at ${fmtInt(largest?.entries ?? 0)} entries at most ${FLAT_GROWTH}x the peak at ${fmtInt(smallest?.entries ?? 0)} entries (${((largest?.entries ?? 0) / (smallest?.entries ?? 1)).toFixed(0)}x the entries).`,
      ...(o.quick ? ['--quick: small sizes, a smoke run; the targets are meant for the full sizes.'] : []),
    ],
  };
  return [tA, tB, tC, serialTable(runs, cores), ...(growth ? [growthTable(largest, growth)] : [])];
}

/** 1d: the serial part measured directly, and what it allows on more cores. */
function serialTable(runs: SizeRun[], cores: number): BenchTable {
  const rows: BenchRow[] = [];
  let source = '';
  for (const r of runs) {
    const f = r.full.result;
    const ref = reference(r);
    const measured = f.entries / (f.ms / 1000) / ref.perSecond;
    if (f.mainCpuMs === null || f.entries === 0) {
      rows.push(skipped(`serial part, verifyBundle full, ${fmtInt(r.entries)} entries`, 'the main thread\'s CPU time cannot be read on this system', `<= ${TARGET_SERIAL_US} µs`));
      continue;
    }
    source = f.mainCpuSource ?? source;
    const serialUs = (f.mainCpuMs * 1000) / f.entries;
    const parallelUs = Math.max(0, ((f.cpuMs - f.mainCpuMs) * 1000) / f.entries);
    // Per core in CPU time (libsodium verifications per CPU-second of the raw loops), like the two parts: on
    // shared cores the wall-clock rate per core is the neighbours' as much as ours. Without it, the wall rate.
    const rawPerCore = rawPerCpuSecond(r) ?? ref.perSecond / r.rawBefore.sodium.threads;
    rows.push(
      judged(`serial part (main thread CPU per entry), verifyBundle full, ${fmtInt(r.entries)} entries`, serialUs, { op: '<=', limit: TARGET_SERIAL_US, label: `<= ${TARGET_SERIAL_US} µs` }, {
        measured: fmtUs(serialUs),
        reference: `caps any number of cores at ${fmtRate(1e6 / serialUs, 'entries')}`,
      }),
      info(`parallel part (other threads' CPU per entry), ${fmtInt(r.entries)} entries`, fmtUs(parallelUs), `libsodium alone: ${fmtUs(1e6 / rawPerCore)} of CPU per signature`),
      judged(`ratio to raw libsodium, measured on ${cores} cores, ${fmtInt(r.entries)} entries`, measured, { op: '>=', limit: TODAY_2CORE_RATIO, label: `>= ${TODAY_2CORE_RATIO} (before the split)` }, {
        measured: fmtRatio(measured),
        reference: ref.label,
        ratio: fmtRatio(measured),
      }),
      info(`model check: projected on ${cores} cores from the parts, ${fmtInt(r.entries)} entries`, fmtRatio(projectedRatio(serialUs, parallelUs, cores, rawPerCore)), `measured ${fmtRatio(measured)}`),
    );
    for (const n of PROJECTED_CORES) {
      const p = projectedRatio(serialUs, parallelUs, n, rawPerCore);
      const row = { measured: fmtRatio(p), reference: `${fmtRate(n * rawPerCore, 'sig')} (libsodium, ${n} quiet cores, linear)`, ratio: fmtRatio(p) };
      rows.push(
        n === 16
          ? judged(`ratio projected on ${n} cores, ${fmtInt(r.entries)} entries`, p, { op: '>=', limit: TARGET_THROUGHPUT_RATIO, label: `>= ${TARGET_THROUGHPUT_RATIO}` }, row)
          : info(`ratio projected on ${n} cores, ${fmtInt(r.entries)} entries`, row.measured, row.reference, row.ratio),
      );
    }
  }
  return {
    title: '1d. Serial and parallel parts of a full verification, projected to more cores',
    rows,
    notes: [
      `Serial part: CPU time of the verification child's main thread alone (${source || 'process.threadCpuUsage or /proc/self/task/<tid>/stat'}), per audit entry, around the verifyBundle call: what no number of cores can share. CPU time is measured, not wall time, so it hardly moves with the neighbours' load (on /proc the resolution is one clock tick, 10 ms over the whole run).`,
      'Parallel part: the CPU of every other thread of the process (signature workers, dump scan workers) per entry.',
      'Projected ratio on N cores: entries per second = 1 / max(serial, (serial + parallel) / N), against raw libsodium at N times its per-core rate, all three in CPU time (libsodium verifications per CPU-second of this size\'s raw loops), so the projection holds for quiet cores whatever the load of this run. The model check row applies the same formula to this machine\'s cores, beside the measured wall-clock ratio: they agree when the cores were not shared.',
    ],
  };
}

/** 1e: flat memory and time linear in size, one step past the largest size. */
function growthTable(largest: SizeRun | undefined, g: GrowthRun | SizeFailure): BenchTable {
  const title = '1e. Growth: a larger bundle verified with flat memory, in time linear in size';
  if ('error' in g || !largest) {
    const why = 'error' in g ? `the measurement failed: ${g.error}` : 'no smaller size was measured to compare with';
    return { title, rows: [skipped(`verifyBundle full, ${fmtInt(g.entries)} entries`, why, `<= ${fmtMB(TARGET_RSS_BYTES)}`)], notes: [] };
  }
  const k = g.entries / largest.entries;
  const limit = LINEAR_SLACK * k;
  const timeRatio = g.full.result.ms / largest.full.result.ms;
  return {
    title,
    rows: [
      judged(`peak RSS, verifyBundle full, ${fmtInt(g.entries)} entries`, g.full.peakRssBytes, { op: '<=', limit: TARGET_RSS_BYTES, label: `<= ${fmtMB(TARGET_RSS_BYTES)}` }, { measured: fmtMB(g.full.peakRssBytes), reference: `${fmtMB(largest.full.peakRssBytes)} at ${fmtInt(largest.entries)}` }),
      judged(`time, verifyBundle full, ${fmtInt(g.entries)} vs ${fmtInt(largest.entries)} entries`, timeRatio, { op: '<=', limit, label: `<= ${limit.toFixed(2)} (${LINEAR_SLACK} x ${k.toFixed(1)})` }, {
        measured: fmtMs(g.full.result.ms),
        reference: fmtMs(largest.full.result.ms),
        ratio: fmtRatio(timeRatio),
      }),
      ...(g.full.result.mainCpuMs !== null && g.full.result.entries > 0
        ? [
            info(
              `serial part (main thread CPU per entry), verifyBundle full, ${fmtInt(g.entries)} entries`,
              fmtUs((g.full.result.mainCpuMs * 1000) / g.full.result.entries),
              `parallel part ${fmtUs(Math.max(0, ((g.full.result.cpuMs - g.full.result.mainCpuMs) * 1000) / g.full.result.entries))}`,
            ),
          ]
        : []),
      ...cleanNote(g.full, g.entries).map((n) => info(`WARNING, ${fmtInt(g.entries)} entries`, n)),
    ],
    notes: [`One full verification of a bundle ${k.toFixed(1)} times the largest size, in its own child process, compared with that size's full verification of this run. The raw reference is not rerun: on shared cores compare its time with care.`],
  };
}
