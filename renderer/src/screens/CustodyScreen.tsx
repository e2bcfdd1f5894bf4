// Chain of custody: what happened to the case and its evidence, in order, as
// the case log recorded it.
import { useEffect } from 'react';
import { useCall } from '../api/use-call.js';
import { useJobs } from '../app/jobs.js';
import { Empty, ErrorState, Loading } from '../components/states.js';
import { formatTime } from '../lib/format.js';

export function CustodyScreen({ caseId }: { caseId: string }) {
  const r = useCall('custody.list', { caseId });
  const { finishedCount } = useJobs();
  const reload = r.reload;
  useEffect(() => {
    if (finishedCount > 0) reload();
  }, [finishedCount, reload]);
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
