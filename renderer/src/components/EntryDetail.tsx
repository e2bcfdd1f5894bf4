// One audit entry in full, with what the engine concluded about it: does its
// hash recompute, does it link to the entry before, does its signature verify
// under a key allowed at that point.
import { useState } from 'react';
import type { BundleRef } from '../../../shared/api/contract.js';
import { FINDING_CATALOG } from '../../../shared/model/findings.js';
import { useCall } from '../api/use-call.js';
import { formatCount, formatTime } from '../lib/format.js';
import { MarkBadge, SeverityBadge } from './badges.js';
import { FileLines } from './FileLines.js';
import { ErrorState, Loading } from './states.js';

export function EntryDetail({ bundle, seq, onClose }: { bundle: BundleRef; seq: number; onClose: () => void }) {
  const r = useCall('audit.entry', { ...bundle, seq });
  const [showLine, setShowLine] = useState(false);

  const head = (
    <div className="detail-head">
      <h2 className="panel-title">Entry {formatCount(seq)}</h2>
      <button type="button" className="btn btn-small btn-quiet" onClick={onClose} aria-label="Close the entry details">
        Close
      </button>
    </div>
  );
  if (r.status === 'loading') return (<>{head}<Loading label="Loading the entry…" /></>);
  if (r.status === 'error') return (<>{head}<ErrorState error={r.error} onRetry={r.reload} title="This entry could not be loaded" /></>);
  const { entry: e, status, findings, location } = r.data;
  const fields: [string, string][] = [
    ['Time', formatTime(e.ts, { ms: true })],
    ['Tenant', e.tenant || '(installation-wide)'],
    ['Actor', `${e.actor} (${e.role})`],
    ['Action', e.action],
    ['Target', e.target || '—'],
    ['Outcome', e.outcome],
    ['Motive', e.motive || '—'],
    ['Source IP', e.source_ip || '—'],
    ['User agent', e.user_agent || '—'],
    ['Request id', e.request_id || '—'],
  ];
  return (
    <div className="detail" data-testid="entry-detail">
      {head}
      <ul className="detail-marks" aria-label="What the engine checked on this entry">
        <li>
          <span>Content matches its hash</span> <MarkBadge mark={status.hash} okWord="Yes" failedWord="No: altered" />
        </li>
        <li>
          <span>Linked to the entry before</span> <MarkBadge mark={status.link} okWord="Yes" failedWord="No: chain broken" />
        </li>
        <li>
          <span>Signature</span> <MarkBadge mark={status.signature} okWord="Valid" failedWord="Invalid" />
        </li>
        <li>
          <span>Key allowed to sign here</span> <MarkBadge mark={status.key} okWord="Yes" failedWord="No" />
        </li>
      </ul>
      {findings.length > 0 && (
        <div className="detail-findings">
          <h3 className="subtitle">Findings on this entry</h3>
          <ul className="plain">
            {findings.map((f, i) => (
              <li key={i} className={`mini-finding sev-border-${f.severity}`}>
                <div>
                  <SeverityBadge severity={f.severity} /> <strong>{FINDING_CATALOG[f.code]?.title ?? f.code}</strong>
                </div>
                <div>{f.message}</div>
                <div className="muted small">{FINDING_CATALOG[f.code]?.meaning}</div>
              </li>
            ))}
          </ul>
        </div>
      )}
      <dl className="kv">
        {fields.map(([k, v]) => (
          <div key={k}>
            <dt>{k}</dt>
            <dd>{v}</dd>
          </div>
        ))}
      </dl>
      <h3 className="subtitle">Details</h3>
      <pre className="json" tabIndex={0} aria-label="Details of the entry">
        {JSON.stringify(e.details, null, 2)}
      </pre>
      <h3 className="subtitle">Integrity</h3>
      <dl className="kv kv-mono">
        <div>
          <dt>Hash</dt>
          <dd>{e.hash}</dd>
        </div>
        <div>
          <dt>Previous hash</dt>
          <dd>{e.prev_hash}</dd>
        </div>
        <div>
          <dt>Key id</dt>
          <dd>{e.kid}</dd>
        </div>
        <div>
          <dt>Signature</dt>
          <dd>{e.sig}</dd>
        </div>
      </dl>
      {location && (
        <>
          <p className="small">
            Read from <span className="mono">{location.file}</span>, line {formatCount(location.line)}.{' '}
            <button type="button" className="btn btn-small" aria-expanded={showLine} onClick={() => setShowLine((s) => !s)}>
              {showLine ? 'Hide the line' : 'Show the line'}
            </button>
          </p>
          {showLine && <FileLines bundle={bundle} file={location.file} line={location.line} context={1} />}
        </>
      )}
    </div>
  );
}
