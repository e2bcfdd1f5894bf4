// Cases: create or open a case, see its bundles with their verdicts, import a
// new bundle into it.
import { useEffect, useRef, useState } from 'react';
import type { CaseSummary } from '../../../shared/api/contract.js';
import { api } from '../api/client.js';
import { useCall } from '../api/use-call.js';
import { navigate, type Route } from '../app/route.js';
import { VerdictBadge } from '../components/badges.js';
import { ImportPanel } from '../components/ImportPanel.js';
import { Empty, ErrorState, Loading } from '../components/states.js';
import { formatCount, formatDate, formatTime, plural } from '../lib/format.js';
import { useJobs } from '../app/jobs.js';

export function CasesScreen({ route }: { route: Route }) {
  const cases = useCall('cases.list', {});
  const { finishedCount } = useJobs();
  const reloadCases = cases.reload;
  useEffect(() => {
    if (finishedCount > 0) reloadCases();
  }, [finishedCount, reloadCases]);

  return (
    <div className="cases-layout">
      <section className="panel cases-list" aria-labelledby="cases-list-title">
        <h2 id="cases-list-title" className="panel-title">
          Your cases
        </h2>
        <NewCaseForm onCreated={(c) => (reloadCases(), navigate({ screen: 'cases', caseId: c.id }))} />
        {cases.status === 'loading' && <Loading label="Loading cases…" />}
        {cases.status === 'error' && <ErrorState error={cases.error} onRetry={cases.reload} />}
        {cases.status === 'ready' && cases.data.length === 0 && (
          <Empty title="No case yet">Create a case above, then import the evidence bundle you received into it.</Empty>
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
                    {plural(c.bundleCount, 'bundle')} · created {formatDate(c.createdAt)}
                  </span>
                  {c.lastVerdict && <VerdictBadge verdict={c.lastVerdict} />}
                </a>
              </li>
            ))}
          </ul>
        )}
      </section>
      <section className="cases-detail" aria-label="Case">
        {route.caseId ? (
          <CaseDetailView caseId={route.caseId} />
        ) : (
          <Empty title="Choose a case">Pick a case on the left to see its bundles, or create a new one.</Empty>
        )}
      </section>
    </div>
  );
}

function NewCaseForm({ onCreated }: { onCreated: (c: CaseSummary) => void }) {
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
        if (!name.trim()) return setError('Give the case a name, e.g. the client and the audit period.');
        setBusy(true);
        const r = await api().call('cases.create', { name: name.trim() });
        setBusy(false);
        if (!r.ok) return setError(r.error.message);
        setName('');
        setError(null);
        onCreated(r.value);
      }}
    >
      <label htmlFor="new-case-name">New case</label>
      <div className="row">
        <input
          id="new-case-name"
          ref={input}
          value={name}
          onChange={(e) => setName(e.target.value)}
          placeholder="e.g. Acme Contact — 2026 audit"
          maxLength={120}
          aria-invalid={error ? true : undefined}
          aria-describedby={error ? 'new-case-error' : undefined}
        />
        <button className="btn" type="submit" disabled={busy}>
          Create
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
  const detail = useCall('cases.get', { caseId });
  const { finishedCount } = useJobs();
  const reload = detail.reload;
  useEffect(() => {
    if (finishedCount > 0) reload();
  }, [finishedCount, reload]);

  if (detail.status === 'loading') return <Loading label="Opening the case…" />;
  if (detail.status === 'error') return <ErrorState error={detail.error} onRetry={detail.reload} title="This case could not be opened" />;
  const c = detail.data;
  return (
    <div className="stack">
      <div className="panel">
        <h2 className="panel-title">{c.name}</h2>
        <p className="muted small">
          Created {formatTime(c.createdAt)} · kept in <span className="mono">{c.path}</span>
        </p>
        {c.bundles.length === 0 ? (
          <p>No bundle imported yet. Import the evidence bundle you received below.</p>
        ) : (
          <table className="table">
            <caption className="sr-only">Bundles imported into this case</caption>
            <thead>
              <tr>
                <th scope="col">Bundle</th>
                <th scope="col">Exported</th>
                <th scope="col" className="num">
                  Audit entries
                </th>
                <th scope="col">Findings</th>
                <th scope="col">Verdict</th>
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
                        {b.form === 'directory' ? 'bag folder' : b.form} · imported {formatTime(b.importedAt)}
                      </div>
                    </td>
                    <td>{formatTime(b.exportedAt)}</td>
                    <td className="num">{formatCount(b.auditEntries)}</td>
                    <td className="nowrap">{blocking > 0 ? plural(blocking, 'problem') : b.findingCounts.low + b.findingCounts.info > 0 ? 'notes only' : 'none'}</td>
                    <td className="nowrap">
                      <VerdictBadge verdict={b.verdict} />
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        )}
      </div>
      <ImportPanel caseId={caseId} />
    </div>
  );
}
