// The commands' tables and shortened cells, made safe for a terminal.
import { terminalSafe } from './terminal-text.js';

/** Left-aligned columns, each as wide as its widest cell. */
export function table(header: string[], rows: string[][]): string[] {
  const safe = rows.map((r) => r.map(terminalSafe));
  const widths = header.map((h, i) => Math.max(h.length, ...safe.map((r) => (r[i] ?? '').length)));
  const line = (r: string[]) => '  ' + r.map((c, i) => (i === r.length - 1 ? c : c.padEnd(widths[i]!))).join('  ');
  return [line(header), ...safe.map(line)];
}

export function short(s: string | null | undefined, n = 12): string {
  if (!s) return '';
  const t = terminalSafe(s);
  return t.length > n ? `${t.slice(0, n)}…` : t;
}
