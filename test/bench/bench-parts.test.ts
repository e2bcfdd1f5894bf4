// The benchmark's own parts, at toy sizes: options, verdicts, tables, the raw
// Ed25519 loop and the child-process measurement on a real sample bundle.
// The benchmark itself (large sizes) is `npm run bench`.
import { describe, expect, it } from 'vitest';
import { fileURLToPath } from 'node:url';
import { runChild } from './child.js';
import { rawThroughput } from './ed25519-raw.js';
import { parseBenchArgs } from './options.js';
import { judged, oneLine, renderTable, skipped } from './report.js';
import type { VerifyChildResult } from './verify-child.js';
import { cpuPerEntry, projectedRatio } from './verify-bench.js';
import { mainThreadCpu, statCpuTicks } from './thread-cpu.js';
import { cacheKey } from './bundles.js';

const MINIMAL = fileURLToPath(new URL('../fixtures/samples/minimal/', import.meta.url));

describe('bench options', () => {
  it('uses the full sizes by default and small ones with --quick', () => {
    const full = parseBenchArgs([])!;
    expect(full.verifyEntries).toEqual([250_000, 1_000_000]);
    expect(full.cdrs).toBe(5_000_000);
    expect(full.sections).toEqual(['verify', 'import', 'ui', 'reaudit']);
    expect(full.reauditEntries).toEqual([1_000_000, 1_100_000]);
    const quick = parseBenchArgs(['--quick', '--only', 'verify'])!;
    expect(quick.verifyEntries[quick.verifyEntries.length - 1]).toBe(50_000);
    expect(quick.cdrs).toBe(200_000);
    expect(quick.sections).toEqual(['verify']);
    expect(parseBenchArgs(['--entries', '2000,1_000', '--cdrs', '5000'])!.verifyEntries).toEqual([1000, 2000]);
  });

  it('refuses unknown sections and sizes that are not positive integers', () => {
    expect(() => parseBenchArgs(['--only', 'verify,disk'])).toThrow(/unknown section "disk"/);
    expect(() => parseBenchArgs(['--cdrs=-5'])).toThrow(/positive integer/);
    expect(() => parseBenchArgs(['--entries', '1e3x'])).toThrow(/positive integer/);
    expect(parseBenchArgs(['--help'])).toBeNull();
  });

  it('takes the re-audit sizes as the earlier export then the later, larger one', () => {
    expect(parseBenchArgs(['--only', 'reaudit', '--reaudit-entries', '100000,110000'])!.reauditEntries).toEqual([100_000, 110_000]);
    expect(() => parseBenchArgs(['--reaudit-entries', '110000,100000'])).toThrow(/the earlier export's below the later one's/);
    expect(() => parseBenchArgs(['--reaudit-entries', '100000'])).toThrow(/two sizes/);
  });
});

describe('bench growth step and bundle cache options', () => {
  it('adds a growth step five times the largest size, cached bundles by default, both switchable', () => {
    expect(parseBenchArgs([])!.growthEntries).toBe(5_000_000);
    expect(parseBenchArgs(['--quick'])!.growthEntries).toBe(250_000);
    expect(parseBenchArgs(['--growth', '0'])!.growthEntries).toBeNull();
    expect(parseBenchArgs(['--entries', '1000,6000000'])!.growthEntries).toBeNull(); // the default is not a step past that
    expect(() => parseBenchArgs(['--entries', '1000', '--growth', '500'])).toThrow(/more entries than the largest/);
    expect(parseBenchArgs([])!.cacheDir).toMatch(/natalia-bench-cache$/);
    expect(parseBenchArgs(['--no-cache'])!.cacheDir).toBeNull();
    expect(() => parseBenchArgs(['--cache', 'x', '--no-cache'])).toThrow(/exclude/);
  });

  it('keys a cached bundle by its export options', () => {
    const a = cacheKey({ seed: 's', entries: 1000, dump: 'none' });
    expect(cacheKey({ entries: 1000, dump: 'none', seed: 's' })).toBe(a);
    expect(cacheKey({ seed: 's', entries: 1001, dump: 'none' })).not.toBe(a);
    expect(cacheKey({ seed: 't', entries: 1000, dump: 'none' })).not.toBe(a);
  });
});

describe('serial part and projection', () => {
  it('reads utime + stime from a /proc stat line whose command holds spaces and parentheses', () => {
    // Fields 14 and 15 (utime 1234, stime 56) after "pid (comm) state" and ten more fields.
    const line = '4242 (node (main) x) R 1 2 3 4 5 6 7 8 9 10 1234 56 0 0 20 0 9 0 100 200 300';
    expect(statCpuTicks(line)).toBe(1290);
  });

  it('measures the main thread alone: a busy worker does not count, a busy main thread does', async () => {
    const { Worker } = await import('node:worker_threads');
    const t0 = mainThreadCpu();
    if (t0 === null) return expect(process.platform).not.toBe('linux'); // no source but on other systems
    // Fixed amounts of work (not of wall time): on loaded cores they take longer, not less CPU.
    const work = "const { createHash } = require('node:crypto'); let h = Buffer.alloc(32); for (let i = 0; i < 300000; i++) h = createHash('sha256').update(h).digest();";
    const cpu = () => { const u = process.cpuUsage(); return (u.user + u.system) / 1000; };
    const c0 = cpu();
    const w = new Worker(work, { eval: true });
    await new Promise((r) => w.once('exit', r));
    const t1 = mainThreadCpu()!;
    const c1 = cpu();
    new Function('require', work)((await import('node:module')).createRequire(import.meta.url));
    const t2 = mainThreadCpu()!;
    const c2 = cpu();
    expect(c1 - c0).toBeGreaterThan(100); // the worker's work shows in the process...
    expect(t1.ms - t0.ms).toBeLessThan((c1 - c0) / 2); // ...not in the main thread's time
    expect(t2.ms - t1.ms).toBeGreaterThan((c2 - c1) / 2); // the main thread's own work does
  });

  it('projects the ratio with the serial part as a cap and the rest spread over the cores', () => {
    // 20 µs serial caps at 50,000 entries/s: on 16 cores of 18,000 sig/s each that is 0.17.
    expect(projectedRatio(20, 60, 16, 18_000)).toBeCloseTo(50_000 / (16 * 18_000), 6);
    // 2 µs serial and 60 µs parallel on 2 cores: 31 µs an entry.
    expect(projectedRatio(2, 60, 2, 18_000)).toBeCloseTo(1e6 / 31 / 36_000, 6);
    // A pure libsodium loop (no serial part, parallel = one verification) projects to 1 on any number of cores.
    expect(projectedRatio(0, 1e6 / 18_000, 8, 18_000)).toBeCloseTo(1, 6);
  });
});

describe('bench verdicts and tables', () => {
  it('judges each bound by its operator, and a non-finite value as not met', () => {
    const fmt = { measured: 'x' };
    expect(judged('m', 0.8, { op: '>=', limit: 0.8, label: '' }, fmt).verdict).toBe('MET');
    expect(judged('m', 0.79, { op: '>=', limit: 0.8, label: '' }, fmt).verdict).toBe('NOT MET');
    expect(judged('m', 3, { op: '<=', limit: 3, label: '' }, fmt).verdict).toBe('MET');
    expect(judged('m', 100, { op: '<', limit: 100, label: '' }, fmt).verdict).toBe('NOT MET');
    expect(judged('m', NaN, { op: '<=', limit: 3, label: '' }, fmt).verdict).toBe('NOT MET');
  });

  it('renders every row with its verdict and the notes under the table', () => {
    const text = renderTable({
      title: 'T',
      rows: [judged('speed', 0.5, { op: '>=', limit: 0.8, label: '>= 0.8' }, { measured: '5 /s', reference: '10 /s', ratio: '0.500' }), skipped('psql', 'no PostgreSQL')],
      notes: ['how it was measured'],
    });
    expect(text).toMatch(/\| speed +\| 5 \/s +\| 10 \/s +\| 0\.500 \| >= 0\.8 \| NOT MET \|/);
    expect(text).toMatch(/\| psql +\| skipped: no PostgreSQL .*\| SKIPPED +\|/);
    expect(text).toContain('- how it was measured');
  });

  it('turns a child error into one table-safe line without its stack', () => {
    const e = new Error('verify-child.ts exited with code 1: ins.run(\n   ^\n\nReferenceError: toMs is not defined\n    at store (x.ts:33:42)\n\nNode.js v20.20.2');
    const line = oneLine(e);
    expect(line).toBe('Error: verify-child.ts exited with code 1: ins.run( / ReferenceError: toMs is not defined');
    expect(oneLine('a | b')).toBe('a \\| b');
    expect(oneLine('x'.repeat(1000)).length).toBe(400);
  });
});

describe('CPU per entry', () => {
  it('splits the CPU of a run into libsodium and the rest, and says what the target allows the rest', () => {
    // 250,000 entries in 20 s of CPU against 20,000 verifications per CPU-second:
    // 80 µs per entry, 50 of them libsodium; 0.8 allows 50 / 0.8 - 50 = 12.5 for the rest.
    const c = cpuPerEntry(250_000, 20_000, 20_000, 0.8);
    expect(c.totalUs).toBeCloseTo(80, 9);
    expect(c.sigUs).toBeCloseTo(50, 9);
    expect(c.restUs).toBeCloseTo(30, 9);
    expect(c.allowedUs).toBeCloseTo(12.5, 9);
  });
});

describe('raw Ed25519 loop', () => {
  it('verifies valid signatures on a worker thread and reports a rate', async () => {
    const r = await rawThroughput('sodium', 1, 0.2);
    expect(r.threads).toBe(1);
    expect(r.perSecond).toBeGreaterThan(100);
    // Per CPU-second counts the warm-up too (and the worker's start-up): the same order as per second.
    expect(r.perCpuSecond).toBeGreaterThan(r.perSecond / 4);
    const n = await rawThroughput('node', 1, 0.2);
    expect(n.perSecond).toBeGreaterThan(100);
  });
});

describe('measured child process', () => {
  it('verifies the minimal sample in a child and reports its time, verdict and peak RSS', async () => {
    const { readdirSync } = await import('node:fs');
    const bag = readdirSync(MINIMAL).find((n) => n.startsWith('natalia-evidence-'))!;
    const run = await runChild<VerifyChildResult>('verify-child.ts', ['bundle', 'full', `${MINIMAL}${bag}`, `${MINIMAL}trust-roots.json`]);
    expect(run.result.verdict).toBe('trusted');
    expect(run.result.entries).toBeGreaterThan(0);
    expect(run.result.signaturesVerified).toBe(run.result.entries);
    expect(run.result.ms).toBeGreaterThan(0);
    expect(run.result.cpuMs).toBeGreaterThan(0);
    // A Node process holds tens of MB at the very least.
    expect(run.peakRssBytes).toBeGreaterThan(20e6);
  });

  it('runs the mandatory work alone over both exports, and says when the copies or hashes disagree', async () => {
    const { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } = await import('node:fs');
    const { tmpdir } = await import('node:os');
    const bag = readdirSync(MINIMAL).find((n) => n.startsWith('natalia-evidence-'))!;
    const clean = await runChild<VerifyChildResult>('verify-child.ts', ['floor', 'full', `${MINIMAL}${bag}`, `${MINIMAL}trust-roots.json`]);
    const full = await runChild<VerifyChildResult>('verify-child.ts', ['bundle', 'full', `${MINIMAL}${bag}`, `${MINIMAL}trust-roots.json`]);
    expect(clean.result).toMatchObject({ op: 'floor', verdict: 'trusted', findings: 0, signaturesVerified: 0, entries: full.result.entries });
    expect(clean.result.cpuMs).toBeGreaterThan(0);

    const dir = mkdtempSync(`${tmpdir()}/floor-`);
    try {
      cpSync(`${MINIMAL}${bag}`, `${dir}/bag`, { recursive: true });
      const jsonl = `${dir}/bag/data/audit/audit-log.jsonl`;
      const lines = readFileSync(jsonl, 'utf8').split('\n');
      lines[1] = lines[1]!.replace(/"actor":"[^"]*"/, '"actor":"someone-else"');
      writeFileSync(jsonl, lines.join('\n'));
      const tampered = await runChild<VerifyChildResult>('verify-child.ts', ['floor', 'full', `${dir}/bag`, `${MINIMAL}trust-roots.json`]);
      expect(tampered.result).toMatchObject({ verdict: 'problems', findings: 1 });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('fails with the child error when the child cannot verify', async () => {
    await expect(runChild('verify-child.ts', ['bundle', 'sideways', '/nonexistent', '/nonexistent'])).rejects.toThrow(/usage: verify-child/);
  });
});
