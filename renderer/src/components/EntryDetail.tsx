// One audit entry in full, with what the engine concluded about it: does its
// hash recompute, does it link to the entry before, does its signature verify
// under a key allowed at that point.
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { BundleRef } from '../../../shared/api/contract.js';
import { findingMeaning, findingTitle } from '../i18n/finding-words.js';
import { useCall } from '../api/use-call.js';
import { formatCount, formatTime } from '../lib/format.js';
import { useEscape } from '../lib/use-escape.js';
import { MarkBadge, SeverityBadge } from './badges.js';
import { ExportCopies } from './ExportCopies.js';
import { FileLines } from './FileLines.js';
import { ErrorState, Loading } from './states.js';
import { ReviewControls } from './review/ReviewControls.js';
import type { CaseReviews } from './review/use-reviews.js';

export function EntryDetail({
  bundle,
  seq,
  onClose,
  onOpenSeq,
  reviews,
}: {
  bundle: BundleRef;
  seq: number;
  onClose: () => void;
  /** Open another entry (from the side-by-side copies, the first of a run). */
  onOpenSeq: (seq: number) => void;
  reviews: CaseReviews;
}) {
  const { t } = useTranslation('audit');
  const r = useCall('audit.entry', { ...bundle, seq });
  useEscape(onClose);
  const [showLine, setShowLine] = useState(false);

  const head = (
    <div className="detail-head">
      <h2 className="panel-title">{t('entry.title', { seq: formatCount(seq) })}</h2>
      <button type="button" className="btn btn-small btn-quiet" onClick={onClose} aria-label={t('entry.closeLabel')}>
        {t('common:close')}
      </button>
    </div>
  );
  if (r.status === 'loading') return (<>{head}<Loading label={t('entry.loading')} /></>);
  if (r.status === 'error') return (<>{head}<ErrorState error={r.error} onRetry={r.reload} title={t('entry.failed')} /></>);
  const { entry: e, status, findings, location, reviewSubject, copies } = r.data;
  const fields: [string, string][] = [
    [t('entry.time'), formatTime(e.ts, { ms: true })],
    [t('col.tenant'), e.tenant || t('entry.installationWide')],
    [t('col.actor'), `${e.actor} (${e.role})`],
    [t('col.action'), e.action],
    [t('col.target'), e.target || '—'],
    [t('col.outcome'), e.outcome],
    [t('entry.motive'), e.motive || '—'],
    [t('entry.sourceIp'), e.source_ip || '—'],
    [t('entry.userAgent'), e.user_agent || '—'],
    [t('entry.requestId'), e.request_id || '—'],
  ];
  return (
    <div className="detail" data-testid="entry-detail">
      {head}
      <ul className="detail-marks" aria-label={t('entry.checked')}>
        <li>
          <span>{t('entry.hash')}</span> <MarkBadge mark={status.hash} okWord={t('common:yes')} failedWord={t('entry.altered')} />
        </li>
        <li>
          <span>{t('entry.link')}</span> <MarkBadge mark={status.link} okWord={t('common:yes')} failedWord={t('entry.chainBroken')} />
        </li>
        <li>
          <span>{t('entry.signature')}</span> <MarkBadge mark={status.signature} okWord={t('entry.valid')} failedWord={t('entry.invalid')} />
        </li>
        <li>
          <span>{t('entry.key')}</span> <MarkBadge mark={status.key} okWord={t('common:yes')} failedWord={t('common:no')} />
        </li>
      </ul>
      {findings.length > 0 && (
        <div className="detail-findings">
          <h3 className="subtitle">{t('entry.findings')}</h3>
          <ul className="plain">
            {findings.map((f, i) => (
              <li key={i} className={`mini-finding sev-border-${f.severity}`}>
                <div>
                  <SeverityBadge severity={f.severity} /> <strong>{findingTitle(f.code)}</strong>
                </div>
                <div>{f.message}</div>
                <div className="muted small">{findingMeaning(f.code)}</div>
              </li>
            ))}
          </ul>
        </div>
      )}
      {copies && <ExportCopies bundle={bundle} copies={copies} onOpenSeq={onOpenSeq} />}
      <ReviewControls
        key={reviewSubject}
        caseId={bundle.caseId}
        subject={reviewSubject}
        decidable={false}
        review={reviews.reviewOf(reviewSubject)}
        defaultReviewer={reviews.defaultReviewer}
        onChange={(rv) => reviews.update(reviewSubject, rv)}
      />
      <dl className="kv">
        {fields.map(([k, v]) => (
          <div key={k}>
            <dt>{k}</dt>
            <dd>{v}</dd>
          </div>
        ))}
      </dl>
      <h3 className="subtitle">{t('entry.details')}</h3>
      <pre className="json" tabIndex={0} aria-label={t('entry.detailsLabel')}>
        {JSON.stringify(e.details, null, 2)}
      </pre>
      <h3 className="subtitle">{t('entry.integrity')}</h3>
      <dl className="kv kv-mono">
        <div>
          <dt>{t('entry.hashField')}</dt>
          <dd>{e.hash}</dd>
        </div>
        <div>
          <dt>{t('entry.prevHash')}</dt>
          <dd>{e.prev_hash}</dd>
        </div>
        <div>
          <dt>{t('entry.kid')}</dt>
          <dd>{e.kid}</dd>
        </div>
        <div>
          <dt>{t('entry.signature')}</dt>
          <dd>{e.sig}</dd>
        </div>
      </dl>
      {location && (
        <>
          <p className="small">
            {t('entry.readFrom')} <span className="mono">{location.file}</span>, {t('common:lines.line', { line: formatCount(location.line) })}.{' '}
            <button type="button" className="btn btn-small" aria-expanded={showLine} onClick={() => setShowLine((s) => !s)}>
              {showLine ? t('entry.hideLine') : t('entry.showLine')}
            </button>
          </p>
          {showLine && <FileLines bundle={bundle} file={location.file} line={location.line} context={1} />}
        </>
      )}
    </div>
  );
}
