// The evidence an answer rests on, each piece one click away: a check opens
// in the bundle's verdict, an audit seq in the explorer, a file shows its
// lines (the line a finding names, else the file's first lines) read from
// the case's copy. Citations of one check on one bundle are grouped. A check
// is named in words (shared/model/check-names.ts), its id beside it.
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { BundleRef, CaiqCitation } from '../../../../shared/api/contract.js';
import type { CheckStatus } from '../../../../shared/model/verification.js';
import { navigate } from '../../app/route.js';
import { checkLabel } from '../../i18n/check-words.js';
import { findingTitle } from '../../i18n/finding-words.js';
import { FileLines } from '../FileLines.js';

const STATUS: Record<CheckStatus, { mark: string; cls: string }> = {
  passed: { mark: '✓', cls: 'mark-ok' },
  failed: { mark: '✕', cls: 'mark-failed' },
  not_provided: { mark: '–', cls: 'mark-not_checked' },
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
  const { t } = useTranslation('questionnaire');
  const groups = groupOf(citations);
  const documents = groups.filter((g) => g.first.kind === 'document');
  const checks = groups.filter((g) => g.first.kind === 'check');
  const bundles = [...new Set(checks.map((g) => g.bundle ?? ''))];
  return (
    <section className="citations" aria-labelledby="citations-title">
      <h3 id="citations-title" className="q-subtitle">
        {t('citations.title')} <span className="muted">({t('citations.count', { count: citations.length })})</span>
      </h3>
      {citations.length === 0 && <p className="small muted">{t('citations.none')}</p>}
      {bundles.map((b) => (
        <div key={b} className="cit-bundle">
          <p className="small muted">
            {t('citations.bundle')} <span className="mono">{b || t('citations.unknownBundle')}</span>
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
          <p className="small muted">{t('citations.documents')}</p>
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

function CheckCitation({ g, caseId }: { g: Group; caseId: string }) {
  const { t } = useTranslation('questionnaire');
  const c = g.first;
  const ref: BundleRef | null = g.bundleId ? { caseId, bundleId: g.bundleId } : null;
  const status = c.status ? STATUS[c.status] : undefined;
  return (
    <li className="cit" data-testid="citation" data-check={c.check} data-finding={c.finding}>
      <div className="cit-head">
        {c.check &&
          (ref ? (
            <button
              type="button"
              className="link-btn"
              aria-label={t('citations.openCheck', { name: checkLabel(c.check), id: c.check })}
              onClick={() => navigate({ screen: 'verdict', ...ref, check: c.check })}
            >
              {checkLabel(c.check)}
            </button>
          ) : (
            <span>{checkLabel(c.check)}</span>
          ))}
        {c.check && <code className="finding-code">{c.check}</code>}
        {status && c.status && (
          <span className={`mark ${status.cls}`}>
            <span aria-hidden="true">{status.mark}</span> {t(`citations.status.${c.status}`)}
          </span>
        )}
        {c.finding && (
          <span className="small">
            {findingTitle(c.finding)} <code className="finding-code">{c.finding}</code>
          </span>
        )}
      </div>
      {c.note && <p className="small cit-note">{c.note}</p>}
      {(c.seqFirst !== undefined || c.rows !== undefined) && (
        <div className="small row cit-seq">
          {c.seqFirst !== undefined && (
            <>
              <span>
                {c.seqFirst === c.seqLast || c.seqLast === undefined
                  ? t('citations.entry', { seq: c.seqFirst })
                  : t('citations.entries', { first: c.seqFirst, last: c.seqLast })}
              </span>
              {ref && (
                <button type="button" className="btn btn-small" onClick={() => navigate({ screen: 'audit', ...ref, seq: c.seqFirst })}>
                  {t('citations.openEntry', { seq: c.seqFirst })}
                </button>
              )}
              {ref && c.seqLast !== undefined && c.seqLast !== c.seqFirst && (
                <button type="button" className="btn btn-small" onClick={() => navigate({ screen: 'audit', ...ref, seq: c.seqLast })}>
                  {t('citations.openEntry', { seq: c.seqLast })}
                </button>
              )}
            </>
          )}
          {c.rows !== undefined && <span className="muted">{t('citations.rows', { count: c.rows })}</span>}
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
  const { t } = useTranslation('questionnaire');
  const [open, setOpen] = useState(false);
  const line = f.line ?? 1;
  const action = open ? t('citations.hide') : t('citations.show');
  const what = f.line !== undefined ? t('citations.line', { line }) : t('citations.firstLines');
  return (
    <li className="cit-file">
      <div className="row">
        <span className="mono cit-path">{f.file}</span>
        {bundle && (
          <button
            type="button"
            className="btn btn-small"
            aria-expanded={open}
            aria-label={t('citations.fileAction', { action, what, file: f.file })}
            onClick={() => setOpen((o) => !o)}
          >
            {action} {what}
          </button>
        )}
      </div>
      {f.sha256 && <div className="mono small muted cit-hash">SHA-256 {f.sha256}</div>}
      {open && bundle && <FileLines bundle={bundle} file={f.file} line={line} context={f.line !== undefined ? 3 : 4} />}
    </li>
  );
}
