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

/** What the customer's copy says of who declared an answer. */
export interface CellTextOptions {
  /** Name the person who declared each answer (by default the workbook names no one). */
  nameDeclarant?: boolean;
}

/**
 * The short evidence paragraph after column E's answer: what the verified
 * evidence shows and where it is, in a sentence; the files with their
 * SHA-256 are in the CSV and the JSON, which cite every one.
 */
export function evidenceParagraph(a: CaiqAnswer, opts: CellTextOptions = {}): string {
  const parts: string[] = [];
  // Two plain sentences, the bundle named first: what the evidence shows may itself hold brackets.
  if (a.support) parts.push(`Verified evidence (bundle ${a.support.bundle}): ${sentence(a.support.shows)} It does not show ${a.support.not_shown}.`);
  if (a.basis === 'evidence') {
    const bundles = [...new Set(a.citations.map((c) => c.bundle).filter((b): b is string => b !== undefined))];
    if (bundles.length) parts.push(`Evidence: bundle ${bundles.join(', ')}; files and SHA-256 in the CSV.`);
  }
  const docs = a.citations.filter((c) => c.kind === 'document').map((c) => `"${c.title}"`);
  if (docs.length) parts.push(`Documents: ${docs.join(', ')}.`);
  if (a.basis === 'declared' && opts.nameDeclarant && a.declared_by) parts.push(`Declared by ${a.declared_by.author} on ${a.declared_by.declared_at.slice(0, 10)}.`);
  return parts.join('\n');
}

/** Ends the text with a full stop unless it has one. */
function sentence(s: string): string {
  return /[.!?]$/.test(s.trim()) ? s.trim() : `${s.trim()}.`;
}

/** Column E as written to the workbook: the answer's description first, then where its evidence is, short. */
export function implementationCell(a: CaiqAnswer, opts: CellTextOptions = {}): string {
  const ev = evidenceParagraph(a, opts);
  return ev ? `${a.implementation}\n\n${ev}` : a.implementation;
}
