// Erasure requests: for each certificate, the path from the request to the
// execution, the certificate's own checks and the database dump check, with
// the one-month deadline (GDPR art. 12(3)). All of it as the engine found it,
// and for each certificate the signed erasure report a DPO files or sends.
import { useEffect, useRef, useState } from 'react';
import type { BundleRef, ErasurePath, ReportLang } from '../../../shared/api/contract.js';
import { useCall } from '../api/use-call.js';
import { useReport } from '../api/use-report.js';
import { DeliveredFiles } from '../components/DeliveredFiles.js';
import type { Route } from '../app/route.js';
import { MarkBadge } from '../components/badges.js';
import { FindingItem } from '../components/FindingItem.js';
import { Empty, ErrorState, Loading } from '../components/states.js';
import { daysBetween, formatCount, formatDate, formatTime, plural } from '../lib/format.js';

export function ErasuresScreen({ bundle, route }: { bundle: BundleRef; route: Route }) {
  const r = useCall('erasures.list', bundle);
  if (r.status === 'loading') return <Loading label="Following the erasure requests…" />;
  if (r.status === 'error') return <ErrorState error={r.error} onRetry={r.reload} title="The erasures could not be loaded" />;
  if (r.data.length === 0) {
    return <Empty title="No erasure in this bundle">The bundle holds no erasure certificate and its audit log records no erasure.</Empty>;
  }
  const late = r.data.filter((e) => e.deadline.status === 'late').length;
  const withFindings = r.data.filter((e) => e.findings.length > 0).length;
  return (
    <div className="stack">
      <p className="lead">
        {plural(r.data.length, 'erasure')}.{' '}
        {late > 0 ? `${plural(late, 'erasure was', 'erasures were')} executed after the one-month deadline.` : 'All executed within the one-month deadline where dates are known.'}{' '}
        {withFindings > 0 ? `${plural(withFindings, 'erasure has', 'erasures have')} findings.` : ''}
      </p>
      <ul className="plain stack">
        {r.data.map((e) => (
          <ErasureCard key={e.certificateId} e={e} bundle={bundle} highlighted={route.cert === e.certificateId} />
        ))}
      </ul>
    </div>
  );
}

const DEADLINE_WORDS = { on_time: 'On time', late: 'Late', unknown: 'Deadline unknown' } as const;

function ErasureCard({ e, bundle, highlighted }: { e: ErasurePath; bundle: BundleRef; highlighted: boolean }) {
  const ref = useRef<HTMLLIElement>(null);
  useEffect(() => {
    if (highlighted) ref.current?.scrollIntoView({ block: 'start' });
  }, [highlighted]);
  const subject = e.subject.label ?? (e.subject.extensionId !== undefined ? `extension ${e.subject.extensionId}` : 'unknown subject');
  const seqLink = (seq: number | undefined) =>
    seq !== undefined ? (
      <a href={`#/audit?case=${encodeURIComponent(bundle.caseId)}&bundle=${encodeURIComponent(bundle.bundleId)}&seq=${seq}`}>entry {formatCount(seq)}</a>
    ) : (
      <span className="muted">no audit entry</span>
    );
  return (
    <li ref={ref} className={`panel erasure${highlighted ? ' highlighted' : ''}`} aria-labelledby={`er-${e.certificateId}`} tabIndex={highlighted ? -1 : undefined}>
      <div className="erasure-head">
        <h2 id={`er-${e.certificateId}`} className="panel-title mono">
          {e.certificateId}
        </h2>
        <span className="muted">
          {subject} · tenant {e.tenant || '—'}
        </span>
        <span className={`badge deadline-${e.deadline.status}`}>{DEADLINE_WORDS[e.deadline.status]}</span>
      </div>
      <ol className="path">
        <li className={e.request ? 'path-step' : 'path-step path-missing'}>
          <div className="path-title">Request received</div>
          {e.request ? (
            <>
              <div>{formatTime(e.request.receivedAt)}</div>
              <div className="muted small">
                {e.request.reference ?? ''} {e.request.channel ? `by ${e.request.channel}` : ''} {e.request.requestedBy ? `from ${e.request.requestedBy}` : ''}
              </div>
              <div className="small">{seqLink(e.request.seq)}</div>
            </>
          ) : (
            <div className="small">No request recorded</div>
          )}
        </li>
        <li className={e.execution ? 'path-step' : 'path-step path-missing'}>
          <div className="path-title">Erasure executed</div>
          {e.execution ? (
            <>
              <div>{formatTime(e.execution.executedAt)}</div>
              <div className="muted small">
                by {e.execution.executedBy ?? '—'}
                {e.execution.motive ? ` · “${e.execution.motive}”` : ''}
              </div>
              <div className="small">{seqLink(e.execution.seq)}</div>
            </>
          ) : (
            <div className="small">No execution recorded</div>
          )}
        </li>
        <li className="path-step">
          <div className="path-title">Certificate</div>
          <div>
            Signature <MarkBadge mark={e.certificate.signature} okWord="valid" failedWord="invalid" />
          </div>
          <div>
            Matches the audit log <MarkBadge mark={e.certificate.matchesAudit} okWord="yes" failedWord="no" />
          </div>
          {e.certificate.file && <div className="muted small mono">{e.certificate.file}</div>}
        </li>
        <li className="path-step">
          <div className="path-title">Database dump</div>
          <div>
            Data gone <MarkBadge mark={e.dump.status} okWord="yes" failedWord="no: still there" />
          </div>
          {e.dump.remaining && (e.dump.remaining.extension + e.dump.remaining.cdr + e.dump.remaining.reveals > 0) && (
            <div className="small">
              Still in the dump: {plural(e.dump.remaining.extension, 'extension row')}, {plural(e.dump.remaining.cdr, 'call record')}, {plural(e.dump.remaining.reveals, 'reveal')}
            </div>
          )}
        </li>
      </ol>
      <Deadline e={e} />
      {e.findings.length > 0 && (
        <ul className="finding-list">
          {e.findings.map((f, i) => (
            <FindingItem key={i} finding={f} bundle={bundle} />
          ))}
        </ul>
      )}
      {e.certificate.file && <ReportAction caseId={bundle.caseId} bundleId={bundle.bundleId} certificateId={e.certificateId} />}
    </li>
  );
}

const CONCLUSION_WORDS = {
  passed: 'Every check passed.',
  failed: 'Some checks failed',
  incomplete: 'Some checks could not be made',
} as const;

/** The signed erasure report of one certificate (PDF, JSON twin and their signatures), in French or English. */
function ReportAction({ caseId, bundleId, certificateId }: { caseId: string; bundleId: string; certificateId: string }) {
  const [lang, setLang] = useState<ReportLang>('en');
  const [state, run] = useReport('erasures.report');
  const id = `report-lang-${certificateId}`;
  return (
    <div className="report-action">
      <div className="row">
        <label htmlFor={id}>Report language</label>
        <select id={id} value={lang} onChange={(e) => setLang(e.target.value as ReportLang)}>
          <option value="en">English</option>
          <option value="fr">Français</option>
        </select>
        <button
          type="button"
          className="btn btn-primary btn-small"
          disabled={state.status === 'busy'}
          aria-label={`Report (PDF) for ${certificateId}`}
          onClick={() => void run({ caseId, certificateId, lang, bundleId })}
        >
          Report (PDF)
        </button>
        <span className="small muted">Signed by this workstation, with its JSON twin; recorded in the case's custody log.</span>
      </div>
      {state.status === 'busy' && <Loading label="Writing and signing the report…" />}
      {state.status === 'error' && (
        <p className="field-error" role="alert">
          {state.error.message}
        </p>
      )}
      {state.status === 'done' && (
        <>
          {state.value.conclusions.map((c) => (
            <p key={c.certificateId} className={`small report-conclusion report-${c.conclusion}`}>
              <strong>{CONCLUSION_WORDS[c.conclusion]}</strong>
              {c.notPassed.length > 0 ? `: ${c.notPassed.join(', ')}. The report says why.` : ''}
            </p>
          ))}
          <DeliveredFiles delivery={state.value} label={`Files of the erasure report of ${certificateId}`} />
        </>
      )}
    </div>
  );
}

function Deadline({ e }: { e: ErasurePath }) {
  const { receivedAt, dueAt, executedAt, status } = e.deadline;
  if (!receivedAt || !dueAt) return <p className="small muted">The request date is unknown, so the deadline cannot be placed.</p>;
  const total = Math.max(daysBetween(receivedAt, dueAt), executedAt ? daysBetween(receivedAt, executedAt) : 0, 1);
  const execPct = executedAt ? Math.min(100, (daysBetween(receivedAt, executedAt) / total) * 100) : undefined;
  const duePct = (daysBetween(receivedAt, dueAt) / total) * 100;
  return (
    <div className="deadline">
      <p className="small">
        {executedAt
          ? `Executed ${plural(daysBetween(receivedAt, executedAt), 'day')} after the request was received; the deadline was ${formatDate(dueAt)}.`
          : `Not executed; the deadline was ${formatDate(dueAt)}.`}
      </p>
      <div className="deadline-bar" aria-hidden="true">
        <div className="deadline-due" style={{ left: `${duePct}%` }} />
        {execPct !== undefined && <div className={`deadline-exec deadline-exec-${status}`} style={{ width: `${execPct}%` }} />}
      </div>
      <div className="deadline-scale small muted" aria-hidden="true">
        <span>{formatDate(receivedAt)} received</span>
        <span>{formatDate(dueAt)} due</span>
      </div>
    </div>
  );
}
