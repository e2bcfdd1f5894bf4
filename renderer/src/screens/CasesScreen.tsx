// Cases: create or open a case, see its bundles with their verdicts, import a
// new bundle into it.
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { CaseSummary } from '../../../shared/api/contract.js';
import { api } from '../api/client.js';
import { useCall } from '../api/use-call.js';
import { navigate, type Route } from '../app/route.js';
import { VerdictBadge } from '../components/badges.js';
import { BundleStanding } from '../components/BundleStanding.js';
import { ImportPanel } from '../components/ImportPanel.js';
import { ReportCheck } from '../components/ReportCheck.js';
import { PortableExport } from '../components/PortableExport.js';
import { PortableReceive } from '../components/PortableReceive.js';
import { Empty, ErrorState, Loading } from '../components/states.js';
import { formatCount, formatDate, formatTime } from '../lib/format.js';
import { useJobs } from '../app/jobs.js';

export function CasesScreen({ route }: { route: Route }) {
  const { t } = useTranslation('cases');
  const cases = useCall('cases.list', {});
  const { finishedCount } = useJobs();
  const reloadCases = cases.reload;
  useEffect(() => {
    if (finishedCount > 0) reloadCases();
  }, [finishedCount, reloadCases]);

  return (
    <div className="cases-layout">
      <div className="cases-side">
      <section className="panel cases-list" aria-labelledby="cases-list-title">
        <h2 id="cases-list-title" className="panel-title">
          {t('yours')}
        </h2>
        <NewCaseForm onCreated={(c) => (reloadCases(), navigate({ screen: 'cases', caseId: c.id }))} />
        {cases.status === 'loading' && <Loading label={t('loading')} />}
        {cases.status === 'error' && <ErrorState error={cases.error} onRetry={cases.reload} />}
        {cases.status === 'ready' && cases.data.length === 0 && (
          <Empty title={t('none.title')}>{t('none.text')}</Empty>
        )}
        {cases.status === 'ready' && cases.data.length > 0 && (
          <ul className="case-items">
            {cases.data.map((c) => (
              <li key={c.id}>
                <a
                  href={`#/cases?case=${encodeURIComponent(c.id)}`}
                  className={c.id === route.caseId ? 'case-item current' : 'case-item'}
                  aria-current={c.id === route.caseId ? 'true' : undefined}
                >
                  <span className="case-item-name">{c.name}</span>
                  <span className="case-item-meta">
                    {t('itemMeta', { count: c.bundleCount, created: formatDate(c.createdAt) })}
                  </span>
                  {c.worstVerdict && <VerdictBadge verdict={c.worstVerdict} />}
                </a>
              </li>
            ))}
          </ul>
        )}
      </section>
      <ReportCheck />
      <PortableReceive onOpened={(r) => (reloadCases(), navigate({ screen: 'cases', caseId: r.caseId }))} />
      </div>
      <section className="cases-detail" aria-label={t('case')}>
        {route.caseId ? (
          <CaseDetailView caseId={route.caseId} />
        ) : (
          <Empty title={t('choose.title')}>{t('choose.text')}</Empty>
        )}
      </section>
    </div>
  );
}

function NewCaseForm({ onCreated }: { onCreated: (c: CaseSummary) => void }) {
  const { t } = useTranslation('cases');
  const [name, setName] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const input = useRef<HTMLInputElement>(null);
  useEffect(() => {
    const on = (e: Event) => {
      if ((e as CustomEvent).detail === 'new-case') input.current?.focus();
    };
    window.addEventListener('natalia:menu', on);
    return () => window.removeEventListener('natalia:menu', on);
  }, []);
  return (
    <form
      className="new-case"
      onSubmit={async (e) => {
        e.preventDefault();
        if (!name.trim()) return setError(t('new.nameMissing'));
        setBusy(true);
        const r = await api().call('cases.create', { name: name.trim() });
        setBusy(false);
        if (!r.ok) return setError(r.error.message);
        setName('');
        setError(null);
        onCreated(r.value);
      }}
    >
      <label htmlFor="new-case-name">{t('new.label')}</label>
      <div className="row">
        <input
          id="new-case-name"
          ref={input}
          value={name}
          onChange={(e) => setName(e.target.value)}
          placeholder={t('new.placeholder')}
          maxLength={120}
          aria-invalid={error ? true : undefined}
          aria-describedby={error ? 'new-case-error' : undefined}
        />
        <button className="btn" type="submit" disabled={busy}>
          {t('new.create')}
        </button>
      </div>
      {error && (
        <p id="new-case-error" className="field-error">
          {error}
        </p>
      )}
    </form>
  );
}

function CaseDetailView({ caseId }: { caseId: string }) {
  const { t } = useTranslation('cases');
  const detail = useCall('cases.get', { caseId });
  const { finishedCount } = useJobs();
  const reload = detail.reload;
  useEffect(() => {
    if (finishedCount > 0) reload();
  }, [finishedCount, reload]);

  if (detail.status === 'loading') return <Loading label={t('opening')} />;
  if (detail.status === 'error') return <ErrorState error={detail.error} onRetry={detail.reload} title={t('openFailed')} />;
  const c = detail.data;
  return (
    <div className="stack">
      <div className="panel">
        <h2 className="panel-title">{c.name}</h2>
        <p className="muted small">
          {t('createdKept', { created: formatTime(c.createdAt) })} <span className="mono">{c.path}</span>
        </p>
        {c.bundles.length === 0 ? (
          <p>{t('noBundle')}</p>
        ) : (
          <table className="table">
            <caption className="sr-only">{t('table.caption')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('table.bundle')}</th>
                <th scope="col">{t('table.exported')}</th>
                <th scope="col" className="num">
                  {t('table.entries')}
                </th>
                <th scope="col">{t('table.findings')}</th>
                <th scope="col">{t('table.verdict')}</th>
                <th scope="col">{t('table.standing')}</th>
              </tr>
            </thead>
            <tbody>
              {c.bundles.map((b) => {
                const blocking = b.findingCounts.critical + b.findingCounts.high + b.findingCounts.medium;
                return (
                  <tr key={b.id}>
                    <td>
                      <a href={`#/verdict?case=${encodeURIComponent(caseId)}&bundle=${encodeURIComponent(b.id)}`} className="mono bundle-name">
                        {b.name}
                      </a>
                      <div className="muted small">
                        {t('table.formImported', { form: b.form === 'directory' ? t('table.folder') : b.form, imported: formatTime(b.importedAt) })}
                      </div>
                    </td>
                    <td>{formatTime(b.exportedAt)}</td>
                    <td className="num">{formatCount(b.auditEntries)}</td>
                    <td className="nowrap">{blocking > 0 ? t('table.problems', { count: blocking }) : b.findingCounts.low + b.findingCounts.info > 0 ? t('table.notesOnly') : t('table.none')}</td>
                    <td className="nowrap">
                      <VerdictBadge verdict={b.verdict} />
                    </td>
                    <td>
                      <BundleStanding caseId={caseId} bundle={b} onChanged={reload} />
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        )}
      </div>
      <ImportPanel caseId={caseId} />
      <PortableExport caseId={caseId} />
    </div>
  );
}
