// Citations in words, for the places that hold only text: column E of the
// workbook and the CSV. Full SHA-256 values, so each can be checked.
import type { CaiqAnswer, Citation } from './answer-types.js';

function range(c: Citation): string | undefined {
  if (c.seq_first === undefined) return c.rows !== undefined ? `${c.rows} rows` : undefined;
  return c.seq_first === c.seq_last ? `seq ${c.seq_first}` : `seq ${c.seq_first}-${c.seq_last}`;
}

/** One line per citation, e.g. `audit.chain passed; bundle X; data/audit/audit-log.csv sha256 …; seq 1-130`. */
export function citationLine(c: Citation): string {
  if (c.kind === 'document') {
    return ['document', `"${c.title ?? ''}"`, c.file, c.sha256 ? `sha256 ${c.sha256}` : undefined].filter(Boolean).join('; ');
  }
  const head = c.finding ? `finding ${c.finding}` : `${c.check ?? 'check'} ${c.status ?? ''}`.trim();
  return [
    head,
    c.bundle ? `bundle ${c.bundle}${c.bundle_sha256 ? ` (sha256 ${c.bundle_sha256})` : ''}` : undefined,
    c.file ? `${c.file}${c.sha256 ? ` sha256 ${c.sha256}` : ''}` : undefined,
    c.line !== undefined ? `line ${c.line}` : undefined,
    range(c),
  ]
    .filter(Boolean)
    .join('; ');
}

/**
 * The short evidence paragraph appended to column E: per bundle, the checks
 * relied on and the files with their hashes, so a reader of the workbook
 * alone can find and check the evidence.
 */
export function evidenceParagraph(a: CaiqAnswer): string {
  if (a.basis === 'declared') {
    const docs = a.citations.filter((c) => c.kind === 'document').map((c) => `"${c.title}"${c.sha256 ? ` (sha256 ${c.sha256})` : ''}`);
    const checks = [...new Set(a.citations.filter((c) => c.kind === 'check').map((c) => c.check))];
    const parts = [`Declared by ${a.declared_by?.author} on ${a.declared_by?.declared_at.slice(0, 10)}.`];
    if (docs.length) parts.push(`Documents: ${docs.join(', ')}.`);
    if (checks.length) parts.push(`Checks relied on, passed: ${checks.join(', ')}.`);
    return parts.join(' ');
  }
  if (a.basis !== 'evidence') return '';
  const byBundle = new Map<string, Citation[]>();
  for (const c of a.citations) byBundle.set(c.bundle ?? '', [...(byBundle.get(c.bundle ?? '') ?? []), c]);
  const parts: string[] = [];
  for (const [bundle, cs] of byBundle) {
    const checks = [...new Set(cs.filter((c) => c.check && !c.finding).map((c) => c.check))];
    const files = new Map<string, string | undefined>();
    for (const c of cs) if (c.file && !files.has(c.file)) files.set(c.file, c.sha256);
    const seq = cs.find((c) => c.seq_first !== undefined && !c.finding);
    const sha = cs.find((c) => c.bundle_sha256)?.bundle_sha256;
    const bits = [`bundle ${bundle}${sha ? ` (sha256 ${sha})` : ''}`];
    if (checks.length) bits.push(`checks ${checks.join(', ')} ${a.answer === 'Yes' ? 'passed' : ''}`.trim());
    if (files.size) bits.push(`files ${[...files].map(([f, h]) => (h ? `${f} (sha256 ${h})` : f)).join(', ')}`);
    if (seq) bits.push(range(seq)!);
    parts.push(bits.join('; '));
  }
  return parts.length ? `Evidence: ${parts.join(' | ')}.` : '';
}

/** Column E as written to the workbook: the description, then where its evidence is. */
export function implementationCell(a: CaiqAnswer): string {
  const ev = evidenceParagraph(a);
  return ev ? `${a.implementation}\n\n${ev}` : a.implementation;
}
