// Finding a data subject on the Erasures screen: by extension (number or
// label), phone pseudonym or request reference, then the per-subject report
// (every erasure of that extension's pseudonym, as `erasure-report <case>
// ext:PSEUDONYM`). The search runs over the erasures the screen already has.
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { BundleRef, ErasurePath } from '../../../../shared/api/contract.js';
import { ErasureReportRun, subjectName } from './ErasureReportRun.js';

/** Whether an erasure is the one a DPO typed: extension id or label, pseudonym (prefix) or request reference, ignoring case. */
export function matchesSubject(e: ErasurePath, query: string): boolean {
  const q = query.trim().toLowerCase().replace(/^ext:/, '');
  if (q === '') return false;
  const s = e.subject;
  return (
    (s.extensionId !== undefined && String(s.extensionId) === q) ||
    (s.label?.toLowerCase().includes(q) ?? false) ||
    (q.length >= 4 && (s.pseudonym?.startsWith(q) ?? false)) ||
    (e.request?.reference?.toLowerCase().includes(q) ?? false)
  );
}

export function SubjectFinder({ erasures, bundle }: { erasures: ErasurePath[]; bundle: BundleRef }) {
  const { t } = useTranslation('erasures');
  const [query, setQuery] = useState('');
  const found = erasures.filter((e) => matchesSubject(e, query));
  const subjects = [...new Set(found.flatMap((e) => (e.subject.pseudonym ? [e.subject.pseudonym] : [])))];
  return (
    <section className="panel" aria-labelledby="subject-finder-title" data-testid="subject-finder">
      <h2 id="subject-finder-title" className="panel-title">
        {t('subject.title')}
      </h2>
      <div className="filter">
        <label htmlFor="subject-query">{t('subject.label')}</label>
        <input id="subject-query" type="search" value={query} onChange={(e) => setQuery(e.target.value)} placeholder={t('subject.placeholder')} />
      </div>
      {query.trim() !== '' && found.length === 0 && <p className="small muted">{t('subject.none')}</p>}
      {subjects.map((p) => (
        <SubjectReport key={p} pseudonym={p} erasures={found.filter((e) => e.subject.pseudonym === p)} bundle={bundle} />
      ))}
    </section>
  );
}

function SubjectReport({ pseudonym, erasures, bundle }: { pseudonym: string; erasures: ErasurePath[]; bundle: BundleRef }) {
  const { t } = useTranslation('erasures');
  return (
    <div className="report-action" data-testid="subject-result">
      <p>
        <strong>{subjectName(t, erasures[0]!.subject)}</strong> <span className="mono small">ext:{pseudonym.slice(0, 12)}…</span>{' '}
        {t('subject.certificates', { count: erasures.length, list: erasures.map((e) => e.certificateId).join(', ') })}
      </p>
      <ErasureReportRun
        id={`subject-lang-${pseudonym.slice(0, 12)}`}
        request={(lang) => ({ caseId: bundle.caseId, bundleId: bundle.bundleId, certificateId: `ext:${pseudonym}`, lang })}
        button={t('subject.button')}
        filesLabel={t('subject.files')}
      />
    </div>
  );
}
