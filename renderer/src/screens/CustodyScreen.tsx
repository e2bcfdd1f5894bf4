// Chain of custody: what happened to the case and its evidence, in order, as
// the case log recorded it; and the key this workstation signs its reports
// with, for the people who receive them.
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useCall } from '../api/use-call.js';
import { useReport } from '../api/use-report.js';
import { DeliveredFiles } from '../components/DeliveredFiles.js';
import { useJobs } from '../app/jobs.js';
import { Empty, ErrorState, Loading } from '../components/states.js';
import { formatTime } from '../lib/format.js';
import { MarkBadge } from '../components/badges.js';

export function CustodyScreen({ caseId }: { caseId: string }) {
  const r = useCall('custody.list', { caseId });
  const check = useCall('custody.check', { caseId });
  const { finishedCount } = useJobs();
  const reload = r.reload;
  const recheck = check.reload;
  useEffect(() => {
    if (finishedCount > 0) {
      reload();
      recheck();
    }
  }, [finishedCount, reload, recheck]);
  return (
    <div className="stack">
      <ChainCheck check={check} />
      <DeepCheck caseId={caseId} />
      <CustodyLog r={r} />
      <SigningKey />
    </div>
  );
}

/** Whether the log's chain, and every stored verification, still hold: what the reports rely on. */
function ChainCheck({ check }: { check: ReturnType<typeof useCall<'custody.check'>> }) {
  const { t } = useTranslation('custody');
  if (check.status === 'loading') return <Loading label={t('check.loading')} />;
  if (check.status === 'error') return <ErrorState error={check.error} onRetry={check.reload} title={t('check.failed')} />;
  const c = check.data;
  return (
    <section className={`panel custody-check ${c.ok ? 'custody-check-ok' : 'custody-check-broken'}`} aria-labelledby="custody-check-title" data-testid="custody-check">
      <h2 id="custody-check-title" className="panel-title">
        <MarkBadge mark={c.ok ? 'ok' : 'failed'} okWord={t('check.intact')} failedWord={t('check.broken')} />
      </h2>
      {c.ok ? (
        <p className="small">
          {t('check.okText', { count: c.entries })} <span className="mono">{c.headHash}</span>.
        </p>
      ) : (
        <>
          <p className="small">{t('check.brokenText')}</p>
          <ul className="small">
            {c.problems.map((p, i) => (
              <li key={i}>{p}</li>
            ))}
          </ul>
        </>
      )}
    </section>
  );
}

/**
 * The rows each import stored (audit entries, register, certificates, dump
 * rows), recomputed against the digest its custody entry recorded: reads every
 * row, so only when asked.
 */
function DeepCheck({ caseId }: { caseId: string }) {
  const { t } = useTranslation('custody');
  const [asked, setAsked] = useState(0);
  const deep = useCall('custody.check', asked > 0 ? { caseId, deep: true } : null);
  const running = asked > 0 && deep.status === 'loading';
  return (
    <section className="panel custody-deep" aria-labelledby="custody-deep-title" data-testid="custody-deep">
      <h2 id="custody-deep-title" className="panel-title">
        {t('deep.title')}
      </h2>
      <p className="small muted">{t('deep.explain')}</p>
      <div className="row">
        <button type="button" className="btn" disabled={running} onClick={() => (asked > 0 ? deep.reload() : setAsked(1))}>
          {running ? t('deep.running') : t('deep.run')}
        </button>
      </div>
      {asked > 0 && deep.status === 'error' && <ErrorState error={deep.error} onRetry={deep.reload} title={t('deep.failed')} />}
      {asked > 0 && deep.status === 'ready' && (
        <div data-testid="custody-deep-result">
          {deep.data.ok ? (
            <p className="small">
              <MarkBadge mark="ok" okWord={t('deep.match')} failedWord="" /> {t('deep.matchText', { count: deep.data.rowsChecked })}
              {deep.data.rowsUncheckable > 0 && ` ${t('deep.uncheckable', { count: deep.data.rowsUncheckable })}`}
            </p>
          ) : (
            <>
              <p className="small">
                <MarkBadge mark="failed" okWord="" failedWord={t('deep.changed')} /> {t('deep.changedText')}
              </p>
              <ul className="small">
                {deep.data.problems.map((p, i) => (
                  <li key={i}>{p}</li>
                ))}
              </ul>
            </>
          )}
        </div>
      )}
    </section>
  );
}

function CustodyLog({ r }: { r: ReturnType<typeof useCall<'custody.list'>> }) {
  const { t } = useTranslation('custody');
  if (r.status === 'loading') return <Loading label={t('log.loading')} />;
  if (r.status === 'error') return <ErrorState error={r.error} onRetry={r.reload} title={t('log.failed')} />;
  if (r.data.length === 0) return <Empty title={t('log.emptyTitle')}>{t('log.empty')}</Empty>;
  return (
    <section className="panel" aria-label={t('log.label')}>
      <p className="muted">{r.data.some((e) => e.hash) ? t('log.introChained') : t('log.intro')}</p>
      <ol className="custody">
        {r.data.map((e, i) => (
          <li key={i} className="custody-item">
            <div className="custody-time">{formatTime(e.ts)}</div>
            <div>
              <div>
                <strong>{e.summary}</strong>
              </div>
              <div className="muted small">
                {t('log.actionBy', { action: e.action, actor: e.actor })}
              </div>
              {Object.keys(e.details).length > 0 && (
                <details>
                  <summary className="small">{t('log.details')}</summary>
                  <pre className="json">{JSON.stringify(e.details, null, 2)}</pre>
                </details>
              )}
              {e.hash && <div className="mono small muted custody-hash">{e.hash}</div>}
            </div>
          </li>
        ))}
      </ol>
    </section>
  );
}

/** The workstation's report-signing key: shown, and exported as the file recipients check reports with. */
function SigningKey() {
  const { t } = useTranslation('custody');
  const k = useCall('reports.key', {});
  const [state, run] = useReport('reports.exportKey');
  return (
    <section className="panel" aria-labelledby="key-title" data-testid="signing-key">
      <h2 id="key-title" className="panel-title">
        {t('key.title')}
      </h2>
      {k.status === 'loading' && <Loading label={t('key.loading')} />}
      {k.status === 'error' && <ErrorState error={k.error} onRetry={k.reload} title={t('key.failed')} />}
      {k.status === 'ready' && (
        <>
          <p className="small muted">
            {t('key.explain')} <code>natalia-audit verify-report REPORT --key KEY.json</code>.
          </p>
          <dl className="kv kv-mono">
            <div>
              <dt>{t('key.kid')}</dt>
              <dd data-testid="key-kid">{k.data.kid}</dd>
            </div>
            <div>
              <dt>{t('key.publicKey')}</dt>
              <dd>{k.data.publicKey}</dd>
            </div>
            <div>
              <dt>{t('key.madeOn')}</dt>
              <dd>{formatTime(k.data.createdAt)}</dd>
            </div>
          </dl>
          <div className="row key-actions">
            <button type="button" className="btn" disabled={state.status === 'busy'} onClick={() => void run({})}>
              {t('key.export')}
            </button>
          </div>
          {state.status === 'error' && (
            <p className="field-error" role="alert">
              {state.error.message}
            </p>
          )}
          {state.status === 'done' && <DeliveredFiles delivery={state.value} label={t('key.file')} />}
        </>
      )}
    </section>
  );
}
