// The evidence an answer rests on, each piece one click away: a check opens
// in the bundle's verdict, an audit seq in the explorer, a file shows its
// lines (the line a finding names, else the file's first lines) read from
// the case's copy. Citations of one check on one bundle are grouped.
import { useState } from 'react';
import type { BundleRef, CaiqCitation } from '../../../../shared/api/contract.js';
import type { CheckStatus } from '../../../../shared/model/verification.js';
import { FINDING_CATALOG } from '../../../../shared/model/findings.js';
import { navigate } from '../../app/route.js';
import { formatCount } from '../../lib/format.js';
import { FileLines } from '../FileLines.js';

const STATUS: Record<CheckStatus, { mark: string; cls: string; word: string }> = {
  passed: { mark: '✓', cls: 'mark-ok', word: 'passed' },
  failed: { mark: '✕', cls: 'mark-failed', word: 'failed' },
  not_provided: { mark: '–', cls: 'mark-not_checked', word: 'not provided' },
};

interface Group {
  key: string;
  bundle?: string;
  bundleId?: string;
  first: CaiqCitation;
  files: { file: string; sha256?: string; line?: number }[];
}

function groupOf(citations: CaiqCitation[]): Group[] {
  const groups = new Map<string, Group>();
  for (const c of citations) {
    const key = c.kind === 'document' ? `doc|${c.title}|${c.file}` : `${c.bundle}|${c.check ?? ''}|${c.finding ?? ''}|${c.finding ? `${c.file}:${c.line}:${c.seqFirst}` : ''}`;
    let g = groups.get(key);
    if (!g) groups.set(key, (g = { key, bundle: c.bundle, bundleId: c.bundleId, first: c, files: [] }));
    if (c.file && c.kind === 'check' && !g.files.some((f) => f.file === c.file)) g.files.push({ file: c.file, sha256: c.sha256, line: c.line });
  }
  return [...groups.values()];
}

export function Citations({ caseId, citations }: { caseId: string; citations: CaiqCitation[] }) {
  const groups = groupOf(citations);
  const documents = groups.filter((g) => g.first.kind === 'document');
  const checks = groups.filter((g) => g.first.kind === 'check');
  const bundles = [...new Set(checks.map((g) => g.bundle ?? ''))];
  return (
    <section className="citations" aria-labelledby="citations-title">
      <h3 id="citations-title" className="q-subtitle">
        Evidence <span className="muted">({plural(citations.length)})</span>
      </h3>
      {citations.length === 0 && <p className="small muted">No evidence is cited for this answer.</p>}
      {bundles.map((b) => (
        <div key={b} className="cit-bundle">
          <p className="small muted">
            Bundle <span className="mono">{b || 'unknown'}</span>
          </p>
          <ul className="plain cit-list">
            {checks
              .filter((g) => (g.bundle ?? '') === b)
              .map((g) => (
                <CheckCitation key={g.key} g={g} caseId={caseId} />
              ))}
          </ul>
        </div>
      ))}
      {documents.length > 0 && (
        <>
          <p className="small muted">Documents</p>
          <ul className="plain cit-list">
            {documents.map((g) => (
              <li key={g.key} className="cit">
                <div>“{g.first.title}”</div>
                {g.first.file && <div className="mono small">{g.first.file}</div>}
                {g.first.sha256 && <div className="mono small muted cit-hash">SHA-256 {g.first.sha256}</div>}
              </li>
            ))}
          </ul>
        </>
      )}
    </section>
  );
}

function plural(n: number): string {
  return `${formatCount(n)} ${n === 1 ? 'citation' : 'citations'}`;
}

function CheckCitation({ g, caseId }: { g: Group; caseId: string }) {
  const c = g.first;
  const ref: BundleRef | null = g.bundleId ? { caseId, bundleId: g.bundleId } : null;
  const status = c.status ? STATUS[c.status] : undefined;
  const finding = c.finding ? FINDING_CATALOG[c.finding] : undefined;
  return (
    <li className="cit" data-testid="citation" data-check={c.check} data-finding={c.finding}>
      <div className="cit-head">
        {c.check &&
          (ref ? (
            <button type="button" className="link-btn mono" aria-label={`Open check ${c.check} in the verdict`} onClick={() => navigate({ screen: 'verdict', ...ref, check: c.check })}>
              {c.check}
            </button>
          ) : (
            <span className="mono">{c.check}</span>
          ))}
        {status && (
          <span className={`mark ${status.cls}`}>
            <span aria-hidden="true">{status.mark}</span> {status.word}
          </span>
        )}
        {c.finding && (
          <span className="small">
            {finding?.title ?? c.finding} <code className="finding-code">{c.finding}</code>
          </span>
        )}
      </div>
      {c.note && <p className="small cit-note">{c.note}</p>}
      {(c.seqFirst !== undefined || c.rows !== undefined) && (
        <div className="small row cit-seq">
          {c.seqFirst !== undefined && (
            <>
              <span>{c.seqFirst === c.seqLast || c.seqLast === undefined ? `Entry ${formatCount(c.seqFirst)}` : `Entries ${formatCount(c.seqFirst)}–${formatCount(c.seqLast)}`}</span>
              {ref && (
                <button type="button" className="btn btn-small" onClick={() => navigate({ screen: 'audit', ...ref, seq: c.seqFirst })}>
                  Open entry {formatCount(c.seqFirst)}
                </button>
              )}
              {ref && c.seqLast !== undefined && c.seqLast !== c.seqFirst && (
                <button type="button" className="btn btn-small" onClick={() => navigate({ screen: 'audit', ...ref, seq: c.seqLast })}>
                  Open entry {formatCount(c.seqLast)}
                </button>
              )}
            </>
          )}
          {c.rows !== undefined && <span className="muted">{formatCount(c.rows)} rows</span>}
        </div>
      )}
      {g.files.length > 0 && (
        <ul className="plain cit-files">
          {g.files.map((f) => (
            <CitedFile key={f.file} file={f} bundle={ref} />
          ))}
        </ul>
      )}
    </li>
  );
}

function CitedFile({ file: f, bundle }: { file: Group['files'][number]; bundle: BundleRef | null }) {
  const [open, setOpen] = useState(false);
  const line = f.line ?? 1;
  return (
    <li className="cit-file">
      <div className="row">
        <span className="mono cit-path">{f.file}</span>
        {bundle && (
          <button
            type="button"
            className="btn btn-small"
            aria-expanded={open}
            aria-label={`${open ? 'Hide' : 'Show'} ${f.line !== undefined ? `line ${formatCount(line)}` : 'the first lines'} of ${f.file}`}
            onClick={() => setOpen((o) => !o)}
          >
            {open ? 'Hide' : 'Show'} {f.line !== undefined ? `line ${formatCount(line)}` : 'the first lines'}
          </button>
        )}
      </div>
      {f.sha256 && <div className="mono small muted cit-hash">SHA-256 {f.sha256}</div>}
      {open && bundle && <FileLines bundle={bundle} file={f.file} line={line} context={f.line !== undefined ? 3 : 4} />}
    </li>
  );
}
