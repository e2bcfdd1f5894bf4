// Target 3: the UI's own benchmark (test/bench/ui-bench.ts, owned by the UI
// engineer), run when it exists. Its runner gets the largest verification
// bundle of this run and returns rows or tables in report.ts's shapes; a
// result of another shape is printed as it came.
import { existsSync } from 'node:fs';
import { pathToFileURL, fileURLToPath } from 'node:url';
import type { GeneratedBundle } from './bundles.js';
import type { BenchOptions } from './options.js';
import { info, skipped, type BenchRow, type BenchTable } from './report.js';

/** What the UI runner receives. */
export interface UiBenchContext {
  quick: boolean;
  /** The bag folder of a bundle of `entries` audit entries, and its trust roots. */
  bundlePath: string;
  trustPath: string;
  entries: number;
  /** A temporary folder the runner may write into; removed after the run. */
  tmpDir: string;
}

const TITLE = '3. UI: first rows and filtering of the largest log';
const UI_BENCH = fileURLToPath(new URL('./ui-bench.ts', import.meta.url));

export function uiBenchExists(): boolean {
  return existsSync(UI_BENCH);
}

function isRow(v: unknown): v is BenchRow {
  return typeof v === 'object' && v !== null && 'metric' in v && 'verdict' in v;
}

function isTable(v: unknown): v is BenchTable {
  return typeof v === 'object' && v !== null && 'title' in v && Array.isArray((v as BenchTable).rows);
}

export async function runUiBench(o: BenchOptions, b: GeneratedBundle, tmpDir: string): Promise<BenchTable[]> {
  if (!uiBenchExists()) {
    return [{ title: TITLE, rows: [skipped('UI benchmark', 'test/bench/ui-bench.ts does not exist (yet)')], notes: [] }];
  }
  const mod = (await import(pathToFileURL(UI_BENCH).href)) as Record<string, unknown>;
  const runner = [mod.runUiBench, mod.run, mod.default].find((f): f is (ctx: UiBenchContext) => unknown => typeof f === 'function');
  if (!runner) {
    return [{ title: TITLE, rows: [skipped('UI benchmark', 'test/bench/ui-bench.ts exports no runner (runUiBench, run or default)')], notes: [] }];
  }
  const ctx: UiBenchContext = { quick: o.quick, bundlePath: b.path, trustPath: b.trustPath, entries: b.stats.entries, tmpDir };
  const out = await runner(ctx);
  if (Array.isArray(out) && out.every(isTable)) return out;
  if (isTable(out)) return [out];
  if (Array.isArray(out) && out.every(isRow)) return [{ title: TITLE, rows: out, notes: [] }];
  return [{ title: TITLE, rows: [info('UI benchmark result (unrecognised shape)', JSON.stringify(out))], notes: [] }];
}
