// Finding a data subject on the Erasures screen: by extension (number or
// label), phone pseudonym or request reference, then the per-subject report
// (every erasure of that extension's pseudonym, as `erasure-report <case>
// ext:PSEUDONYM`). The search runs over the erasures the screen already has.
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ReportLanguageSelect } from '../ReportLanguageSelect.js';
import type { BundleRef, ErasurePath, ReportLang } from '../../../../shared/api/contract.js';
import { useReport } from '../../api/use-report.js';
import { currentLanguage } from '../../i18n/setup.js';
import { DeliveredFiles } from '../DeliveredFiles.js';
import { Loading } from '../states.js';

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
  const [lang, setLang] = useState<ReportLang>(currentLanguage());
  const [state, run] = useReport('erasures.report');
  const first = erasures[0]!;
  const who = first.subject.label ?? (first.subject.extensionId !== undefined ? t('card.extension', { id: first.subject.extensionId }) : t('card.unknownSubject'));
  const id = `subject-lang-${pseudonym.slice(0, 12)}`;
  return (
    <div className="report-action" data-testid="subject-result">
      <p>
        <strong>{who}</strong> <span className="mono small">ext:{pseudonym.slice(0, 12)}…</span>{' '}
        {t('subject.certificates', { count: erasures.length, list: erasures.map((e) => e.certificateId).join(', ') })}
      </p>
      <div className="row">
        <ReportLanguageSelect id={id} label={t('report.language')} value={lang} onChange={setLang} />
        <button
          type="button"
          className="btn btn-primary btn-small"
          disabled={state.status === 'busy'}
          onClick={() => void run({ caseId: bundle.caseId, bundleId: bundle.bundleId, certificateId: `ext:${pseudonym}`, lang })}
        >
          {t('subject.button')}
        </button>
      </div>
      {state.status === 'busy' && <Loading label={t('report.busy')} />}
      {state.status === 'error' && (
        <p className="field-error" role="alert">
          {state.error.message}
        </p>
      )}
      {state.status === 'done' && <DeliveredFiles delivery={state.value} label={t('subject.files')} />}
    </div>
  );
}
