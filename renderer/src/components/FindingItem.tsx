// One finding, in plain words: what was found, where, what it means and what
// to do next (the catalog's meaning), with a way to open the exact entry,
// register row or file line it is about.
import { useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { TFunction } from 'i18next';
import type { BundleRef } from '../../../shared/api/contract.js';
import type { Finding } from '../../../shared/model/findings.js';
import { findingMeaning, findingTitle } from '../i18n/finding-words.js';
import { navigate } from '../app/route.js';
import { formatCount } from '../lib/format.js';
import { SeverityBadge } from './badges.js';
import { FileLines } from './FileLines.js';

export function locationText(f: Finding, t: TFunction): string {
  const parts: string[] = [];
  if (f.file) parts.push(f.line ? t('finding.fileLine', { file: f.file, line: formatCount(f.line) }) : f.file);
  if (f.seq !== undefined) parts.push(t('finding.seq', { seq: formatCount(f.seq) }));
  if (f.reveal_id) parts.push(t('finding.reveal', { id: f.reveal_id }));
  if (f.certificate_id) parts.push(t('finding.certificate', { id: f.certificate_id }));
  return parts.join(' · ');
}

export function FindingItem({
  finding: f,
  bundle,
  initiallyOpen = false,
  review,
}: {
  finding: Finding;
  bundle: BundleRef;
  initiallyOpen?: boolean;
  /** The auditor's review of this finding (components/review/ReviewPanel), when the screen offers it. */
  review?: ReactNode;
}) {
  const { t } = useTranslation('common');
  const meaning = findingMeaning(f.code);
  const [showLines, setShowLines] = useState(initiallyOpen);
  const where = locationText(f, t);
  const canShowLine = !!f.file && !!f.line;

  return (
    <li className={`finding sev-border-${f.severity}`} data-code={f.code} data-testid="finding">
      <div className="finding-head">
        <SeverityBadge severity={f.severity} />
        <span className="finding-title">{findingTitle(f.code)}</span>
        {f.count !== undefined && f.count > 1 && <span className="muted"> · {t('finding.occurrences', { count: f.count })}</span>}
        <code className="finding-code">{f.code}</code>
      </div>
      <p className="finding-message">{f.message}</p>
      {where && <p className="finding-where">{where}</p>}
      {meaning && (
        <p className="finding-meaning">
          <span className="label-inline">{t('finding.means')} </span>
          {meaning}
        </p>
      )}
      <div className="finding-actions">
        {f.seq !== undefined && (
          <button type="button" className="btn btn-small" onClick={() => navigate({ screen: 'audit', ...bundle, seq: f.seq })}>
            {t('finding.openEntry', { seq: formatCount(f.seq) })}
          </button>
        )}
        {canShowLine && (
          <button type="button" className="btn btn-small" aria-expanded={showLines} onClick={() => setShowLines((s) => !s)}>
            {t(showLines ? 'finding.hideLine' : 'finding.showLine', { file: f.file!.split('/').pop(), line: formatCount(f.line!) })}
          </button>
        )}
        {f.certificate_id && (
          <button type="button" className="btn btn-small" onClick={() => navigate({ screen: 'erasures', ...bundle, cert: f.certificate_id })}>
            {t('finding.openCertificate', { id: f.certificate_id })}
          </button>
        )}
      </div>
      {showLines && canShowLine && <FileLines bundle={bundle} file={f.file!} line={f.line!} />}
      {review}
    </li>
  );
}
