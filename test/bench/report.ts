// How the benchmark prints: one table per target, each row a measured value
// next to its reference, the ratio of the two, the target and whether it is
// met. Nothing here knows a number in advance: every row is built from what
// the run measured, and a row whose measurement could not be made says
// SKIPPED with the reason instead of a value.

export type Verdict = 'MET' | 'NOT MET' | 'SKIPPED' | 'INFO';

export interface BenchRow {
  /** What was measured, in words. */
  metric: string;
  /** The measured value, formatted with its unit. */
  measured: string;
  /** What it is compared with (formatted), or '' when the target is absolute. */
  reference?: string;
  /** measured / reference, formatted; '' when not a ratio. */
  ratio?: string;
  /** The target in words, e.g. '>= 0.8' or '<= 300 MB'. */
  target?: string;
  verdict: Verdict;
}

export interface BenchTable {
  title: string;
  rows: BenchRow[];
  /** Lines printed under the table: how it was measured, caveats, skip reasons. */
  notes: string[];
}

/** A row judged against a numeric bound. */
export function judged(
  metric: string,
  value: number,
  bound: { op: '>=' | '<=' | '<'; limit: number; label: string },
  fmt: { measured: string; reference?: string; ratio?: string },
): BenchRow {
  const ok = bound.op === '>=' ? value >= bound.limit : bound.op === '<=' ? value <= bound.limit : value < bound.limit;
  return { metric, ...fmt, target: bound.label, verdict: Number.isFinite(value) && ok ? 'MET' : 'NOT MET' };
}

export function skipped(metric: string, why: string, target?: string): BenchRow {
  return { metric, measured: `skipped: ${why}`, target, verdict: 'SKIPPED' };
}

export function info(metric: string, measured: string, reference?: string, ratio?: string): BenchRow {
  return { metric, measured, reference, ratio, verdict: 'INFO' };
}

export function fmtInt(n: number): string {
  return Math.round(n).toLocaleString('en-US');
}

export function fmtMs(ms: number): string {
  if (ms >= 10_000) return `${(ms / 1000).toFixed(1)} s`;
  if (ms >= 1000) return `${(ms / 1000).toFixed(2)} s`;
  return `${ms.toFixed(ms < 10 ? 2 : 1)} ms`;
}

/** Bytes as decimal megabytes (the targets say MB). */
export function fmtMB(bytes: number): string {
  return `${(bytes / 1e6).toFixed(0)} MB`;
}

export function fmtRate(perSecond: number, unit: string): string {
  return `${fmtInt(perSecond)} ${unit}/s`;
}

export function fmtRatio(r: number): string {
  if (!Number.isFinite(r)) return 'n/a';
  return r >= 100 ? r.toFixed(0) : r >= 10 ? r.toFixed(1) : r.toFixed(3);
}

const HEADERS = ['metric', 'measured', 'reference', 'ratio', 'target', 'verdict'] as const;

export function renderTable(t: BenchTable): string {
  const cells = t.rows.map((r) => [r.metric, r.measured, r.reference ?? '', r.ratio ?? '', r.target ?? '', r.verdict]);
  const widths = HEADERS.map((h, i) => Math.max(h.length, ...cells.map((c) => c[i]!.length)));
  const line = (c: readonly string[]) => '| ' + c.map((v, i) => v.padEnd(widths[i]!)).join(' | ') + ' |';
  const out = [`## ${t.title}`, '', line(HEADERS), '|' + widths.map((w) => '-'.repeat(w + 2)).join('|') + '|', ...cells.map(line)];
  if (t.notes.length) out.push('', ...t.notes.map((n) => `- ${n}`));
  return out.join('\n') + '\n';
}

/** An error as one table-safe line: its message without the stack. */
export function oneLine(error: unknown, max = 400): string {
  const text = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  // The child's stderr ends with the stack: keep the lines that say what went wrong.
  const lines = text.split('\n').map((l) => l.trim()).filter((l) => l && !/^at /.test(l) && !/^\^+$/.test(l) && !/^Node\.js v/.test(l));
  const s = lines.join(' / ').replace(/\|/g, '\\|');
  return s.length > max ? `${s.slice(0, max - 1)}…` : s;
}

/** A table whose section failed outright: the error is the result, never a made-up number. */
export function failedTable(title: string, error: unknown): BenchTable {
  return { title, rows: [skipped('(whole section)', `the benchmark itself failed: ${oneLine(error)}`)], notes: [] };
}

/** Progress on stderr, so stdout holds only the tables. */
export function log(msg: string): void {
  process.stderr.write(`[bench ${new Date().toISOString().slice(11, 19)}] ${msg}\n`);
}
