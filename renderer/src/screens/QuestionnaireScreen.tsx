// The CAIQ-Lite questionnaire of the case, in the release chosen (v4.1 or
// v4.0.3, always shown): how much is answered and how (from the verified
// evidence, declared, still open, proposed from the other release for
// review), the questions with filters by domain and kind, and for the
// question chosen its answer, its evidence one click away, its history and,
// where the evidence cannot answer, the form to declare it. Every answer is
// the engine's (engine/reports/caiq); the export and the answer library give
// the same files as `natalia-audit caiq` and `natalia-audit answers`.
import { useEffect, useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import type { CaiqQuestionnaire, CaiqVersionId } from '../../../shared/api/contract.js';
import { useCall } from '../api/use-call.js';
import { useJobs } from '../app/jobs.js';
import { navigate, type Route } from '../app/route.js';
import { Coverage } from '../components/caiq/Coverage.js';
import { ExportPanel } from '../components/caiq/ExportPanel.js';
import { LibraryPanel } from '../components/caiq/LibraryPanel.js';
import { QuestionDetail } from '../components/caiq/QuestionDetail.js';
import { QuestionTable } from '../components/caiq/QuestionTable.js';
import { domainName, isKind, KIND_ORDER, kindWords } from '../components/caiq/words.js';
import { ErrorState, Loading } from '../components/states.js';
import { formatDate } from '../lib/format.js';

/** Option value for "no filter". */
const ANY = '';

const RELEASES: readonly CaiqVersionId[] = ['4.1.0', '4.0.3'];
const isRelease = (v: string | undefined): v is CaiqVersionId => (RELEASES as readonly string[]).includes(v ?? '');

export function QuestionnaireScreen({ caseId, route }: { caseId: string; route: Route }) {
  const { t } = useTranslation('questionnaire');
  const r = useCall('caiq.list', { caseId, ...(isRelease(route.release) ? { version: route.release } : {}) });
  const { finishedCount } = useJobs();
  const reload = r.reload;
  useEffect(() => {
    if (finishedCount > 0) reload();
  }, [finishedCount, reload]);

  if (r.status === 'loading') return <Loading label={t('loading')} />;
  if (r.status === 'error') return <ErrorState error={r.error} onRetry={r.reload} title={t('loadFailed')} />;
  return <Questionnaire data={r.data} caseId={caseId} route={route} onChanged={r.reload} />;
}

function Questionnaire({ data, caseId, route, onChanged }: { data: CaiqQuestionnaire; caseId: string; route: Route; onChanged: () => void }) {
  const { t } = useTranslation('questionnaire');
  const domain = data.domains.some((d) => d.id === route.domain) ? route.domain : undefined;
  const kind = isKind(route.kind) ? route.kind : undefined;
  const shown = useMemo(() => data.questions.filter((q) => (!domain || q.domain === domain) && (!kind || q.kind === kind)), [data, domain, kind]);
  const selected = data.questions.find((q) => q.questionId === route.q);
  const noBundle = data.questions.every((q) => q.kind === 'needs_input') && data.questions.some((q) => q.reason?.startsWith('The case holds no verified bundle.'));
  const set = (patch: Partial<Route>) => navigate({ ...route, ...patch });
  const countKind = (k: string) => data.questions.filter((q) => (!domain || q.domain === domain) && q.kind === k).length;

  return (
    <div className="stack">
      <div className="q-top">
        <section className="panel" aria-labelledby="coverage-title">
          <div className="q-coverage-head">
            <h2 id="coverage-title" className="panel-title">
              {t('coverage.title')} <span className="muted small">{t('coverage.asOf', { version: data.version, date: formatDate(data.asOf) })}</span>
            </h2>
            <div className="filter q-release">
              <label htmlFor="q-release">{t('release.label')}</label>
              <select
                id="q-release"
                value={data.version}
                aria-describedby="q-release-hint"
                // A question id names another control in the other release: the chosen question and domain do not carry over.
                onChange={(e) => set({ release: e.target.value, q: undefined, domain: undefined })}
              >
                {RELEASES.map((v) => (
                  <option key={v} value={v}>
                    {v === '4.1.0' ? t('release.current', { version: v }) : t('release.older', { version: v })}
                  </option>
                ))}
              </select>
              <p id="q-release-hint" className="small muted">
                {t('release.hint')}
              </p>
            </div>
          </div>
          <Coverage summary={data.summary} version={data.version} />
          {noBundle && <p className="small notice">{t('coverage.noBundle')}</p>}
        </section>
        <ExportPanel caseId={caseId} data={data} />
      </div>
      <form className="filters" role="search" aria-label={t('filters.label')} onSubmit={(e) => e.preventDefault()}>
        <div className="filter">
          <label htmlFor="q-domain">{t('filters.domain')}</label>
          <select id="q-domain" className="q-domain-select" value={domain ?? ANY} onChange={(e) => set({ domain: e.target.value || undefined })}>
            <option value={ANY}>{t('filters.allDomains', { count: data.domains.length, questions: data.questions.length })}</option>
            {data.domains.map((d) => (
              <option key={d.id} value={d.id}>
                {d.id} · {domainName(d.id, d.name)} ({d.questions})
              </option>
            ))}
          </select>
        </div>
        <div className="filter">
          <label htmlFor="q-kind">{t('filters.kind')}</label>
          <select id="q-kind" value={kind ?? ANY} onChange={(e) => set({ kind: e.target.value || undefined })}>
            <option value={ANY}>{t('filters.anyKind')}</option>
            {KIND_ORDER.map((k) => (
              <option key={k} value={k}>
                {kindWords(k).short} ({countKind(k)})
              </option>
            ))}
          </select>
        </div>
        <div className="filter filter-actions">
          <button type="button" className="btn btn-small" disabled={!domain && !kind} onClick={() => set({ domain: undefined, kind: undefined })}>
            {t('filters.clear')}
          </button>
        </div>
        <p className="filters-note muted small" role="status" data-testid="question-count">
          {shown.length === data.questions.length ? t('filters.all', { count: shown.length }) : t('filters.some', { shown: shown.length, count: data.questions.length })}
        </p>
      </form>
      <div className="q-layout">
        <QuestionTable questions={shown} selected={selected?.questionId} onSelect={(q) => set({ q })} />
        <aside className="q-detail" aria-label={t('detail.label')}>
          {selected ? (
            <QuestionDetail question={selected} data={data} caseId={caseId} onClose={() => set({ q: undefined })} onSaved={onChanged} />
          ) : (
            <div className="state state-empty">
              <h2 className="state-title">{t('detail.noneTitle')}</h2>
              <p className="muted">{t('detail.noneText')}</p>
            </div>
          )}
        </aside>
      </div>
      <LibraryPanel caseId={caseId} declared={data.libraryAnswers} onImported={onChanged} />
    </div>
  );
}
