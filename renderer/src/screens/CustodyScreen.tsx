// Chain of custody: what happened to the case and its evidence, in order, as
// the case log recorded it; and the key this workstation signs its reports
// with, for the people who receive them.
import { useEffect } from 'react';
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
      <CustodyLog r={r} />
      <SigningKey />
    </div>
  );
}

/** Whether the log's chain, and every stored verification, still hold: what the reports rely on. */
function ChainCheck({ check }: { check: ReturnType<typeof useCall<'custody.check'>> }) {
  if (check.status === 'loading') return <Loading label="Checking the chain of custody…" />;
  if (check.status === 'error') return <ErrorState error={check.error} onRetry={check.reload} title="The chain of custody could not be checked" />;
  const c = check.data;
  return (
    <section className={`panel custody-check ${c.ok ? 'custody-check-ok' : 'custody-check-broken'}`} aria-labelledby="custody-check-title" data-testid="custody-check">
      <h2 id="custody-check-title" className="panel-title">
        <MarkBadge mark={c.ok ? 'ok' : 'failed'} okWord="Chain intact" failedWord="The case file does not hold" />
      </h2>
      {c.ok ? (
        <p className="small">
          All {c.entries} entries recompute and link, and every stored verification is the one recorded at its import. Head hash <span className="mono">{c.headHash}</span>.
        </p>
      ) : (
        <>
          <p className="small">It was changed outside the workstation. No report is made from it until the case is rebuilt from its bundles.</p>
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

function CustodyLog({ r }: { r: ReturnType<typeof useCall<'custody.list'>> }) {
  if (r.status === 'loading') return <Loading label="Reading the custody log…" />;
  if (r.status === 'error') return <ErrorState error={r.error} onRetry={r.reload} title="The custody log could not be loaded" />;
  if (r.data.length === 0) return <Empty title="Nothing recorded yet">The custody log starts when the case is created and grows with each import.</Empty>;
  return (
    <section className="panel" aria-label="Custody log">
      <p className="muted">Each line was appended by the workstation when it happened{r.data.some((e) => e.hash) ? '; each is chained to the one before by its hash' : ''}.</p>
      <ol className="custody">
        {r.data.map((e, i) => (
          <li key={i} className="custody-item">
            <div className="custody-time">{formatTime(e.ts)}</div>
            <div>
              <div>
                <strong>{e.summary}</strong>
              </div>
              <div className="muted small">
                {e.action} · by {e.actor}
              </div>
              {Object.keys(e.details).length > 0 && (
                <details>
                  <summary className="small">Details</summary>
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
  const k = useCall('reports.key', {});
  const [state, run] = useReport('reports.exportKey');
  return (
    <section className="panel" aria-labelledby="key-title" data-testid="signing-key">
      <h2 id="key-title" className="panel-title">
        Reports are signed by this workstation
      </h2>
      {k.status === 'loading' && <Loading label="Reading the workstation key…" />}
      {k.status === 'error' && <ErrorState error={k.error} onRetry={k.reload} title="The workstation key could not be read" />}
      {k.status === 'ready' && (
        <>
          <p className="small muted">
            Every questionnaire and erasure report made here carries a signature file by this key. Give the public key to the people who receive your reports, by a
            channel they trust: they check a report with <code>natalia-audit verify-report REPORT --key KEY.json</code>.
          </p>
          <dl className="kv kv-mono">
            <div>
              <dt>Key id</dt>
              <dd data-testid="key-kid">{k.data.kid}</dd>
            </div>
            <div>
              <dt>Public key</dt>
              <dd>{k.data.publicKey}</dd>
            </div>
            <div>
              <dt>Made on</dt>
              <dd>{formatTime(k.data.createdAt)}</dd>
            </div>
          </dl>
          <div className="row key-actions">
            <button type="button" className="btn" disabled={state.status === 'busy'} onClick={() => void run({})}>
              Export the public key
            </button>
          </div>
          {state.status === 'error' && (
            <p className="field-error" role="alert">
              {state.error.message}
            </p>
          )}
          {state.status === 'done' && <DeliveredFiles delivery={state.value} label="Public key file" />}
        </>
      )}
    </section>
  );
}
