// The license: the one in force at export and the earlier ones, each placed on
// a timeline (valid from, expiry, end of grace, the export), with the license
// events the audit log recorded.
import type { BundleRef, LicenseView } from '../../../shared/api/contract.js';
import type { LicenseSummary } from '../../../shared/model/verification.js';
import { useCall } from '../api/use-call.js';
import { Empty, ErrorState, Loading } from '../components/states.js';
import { formatCount, formatDate, formatTime } from '../lib/format.js';

const STATUS_WORDS: Record<NonNullable<LicenseSummary['status_at_export']>, { word: string; note: string }> = {
  not_yet_valid: { word: 'Not yet valid', note: 'The export was made before this license started.' },
  valid: { word: 'Valid', note: 'The license was in force at export.' },
  expiring: { word: 'Expiring', note: 'Fewer than 30 days were left at export.' },
  grace: { word: 'In grace period', note: 'The license had expired; the appliance was still serving during its grace days.' },
  expired: { word: 'Expired', note: 'Past its grace period at export: the appliance was locked.' },
};

const DAY = 86_400_000;

export function LicenseScreen({ bundle }: { bundle: BundleRef }) {
  const r = useCall('license.get', bundle);
  if (r.status === 'loading') return <Loading label="Reading the licenses…" />;
  if (r.status === 'error') return <ErrorState error={r.error} onRetry={r.reload} title="The license could not be loaded" />;
  const v = r.data;
  if (v.licenses.length === 0) return <Empty title="No license in this bundle">The bundle holds no license file, so no audit key could be trusted from it.</Empty>;
  return (
    <div className="stack">
      {v.licenses.map((l) => (
        <LicenseCard key={l.file} l={l} exportedAt={v.exportedAt} />
      ))}
      <LicenseTimeline v={v} />
      <Events v={v} bundle={bundle} />
    </div>
  );
}

function LicenseCard({ l, exportedAt }: { l: LicenseSummary; exportedAt?: string }) {
  const current = l.file === 'data/license/natalia.lic';
  // An earlier license was replaced: its state at export is history, not an alarm.
  const s = !current
    ? { word: 'Superseded', note: 'An earlier license, replaced by a later one; kept in the bundle for its history and the audit keys it granted.' }
    : l.status_at_export
      ? STATUS_WORDS[l.status_at_export]
      : undefined;
  const statusClass = current ? `lic-status-${l.status_at_export}` : 'lic-status-superseded';
  return (
    <section className="panel" aria-label={`License ${l.license_id ?? l.file}`}>
      <div className="erasure-head">
        <h2 className="panel-title">
          {current ? 'License in force at export' : 'Earlier license'} <span className="mono">{l.license_id ?? ''}</span>
        </h2>
        {s && <span className={`badge ${statusClass}`}>{s.word}</span>}
        <span className={`badge ${l.trusted ? 'verdict-trusted' : 'verdict-problems'}`}>{l.trusted ? 'Signed by a trusted vendor root' : 'Not trusted'}</span>
      </div>
      {s && <p>{s.note}</p>}
      <dl className="facts">
        <div>
          <dt>Customer</dt>
          <dd>{l.customer ?? '—'}</dd>
        </div>
        <div>
          <dt>Installation</dt>
          <dd className="mono">{l.installation_id ?? '—'}</dd>
        </div>
        <div>
          <dt>Contract mode</dt>
          <dd>{l.contract_mode ?? '—'}</dd>
        </div>
        <div>
          <dt>Issued</dt>
          <dd>{formatTime(l.issued_at)}</dd>
        </div>
        <div>
          <dt>Valid from</dt>
          <dd>{formatTime(l.not_before)}</dd>
        </div>
        <div>
          <dt>Expires</dt>
          <dd>{formatTime(l.expires_at)}</dd>
        </div>
        <div>
          <dt>Grace</dt>
          <dd>{l.grace_days !== undefined ? `${l.grace_days} days` : '—'}</dd>
        </div>
        <div>
          <dt>Export</dt>
          <dd>{formatTime(exportedAt)}</dd>
        </div>
        <div>
          <dt>Vendor key</dt>
          <dd className="mono">{l.signed_by_kid ?? '—'}</dd>
        </div>
        <div>
          <dt>Audit keys granted</dt>
          <dd className="mono">{l.audit_kids.length ? l.audit_kids.join(', ') : 'none'}</dd>
        </div>
      </dl>
      <p className="muted small mono">{l.file}</p>
    </section>
  );
}

function LicenseTimeline({ v }: { v: LicenseView }) {
  const spans = v.licenses
    .filter((l) => l.not_before && l.expires_at)
    .map((l) => {
      const start = Date.parse(l.not_before!);
      const end = Date.parse(l.expires_at!);
      return { l, start, end, grace: end + (l.grace_days ?? 0) * DAY };
    });
  if (spans.length === 0) return null;
  const exportMs = v.exportedAt ? Date.parse(v.exportedAt) : undefined;
  const min = Math.min(...spans.map((s) => s.start), exportMs ?? Infinity);
  const max = Math.max(...spans.map((s) => s.grace), exportMs ?? -Infinity);
  const pct = (t: number) => ((t - min) / Math.max(1, max - min)) * 100;
  return (
    <section className="panel" aria-labelledby="lic-timeline">
      <h2 id="lic-timeline" className="panel-title">
        Timeline
      </h2>
      <div className="lic-timeline">
        {spans.map((s) => (
          <div key={s.l.file} className="lic-row">
            <div className="lic-label mono">{s.l.license_id ?? s.l.file}</div>
            <div className="lic-track">
              <div className="lt-valid" style={{ left: `${pct(s.start)}%`, width: `${pct(s.end) - pct(s.start)}%` }} title={`Valid ${formatDate(s.l.not_before)} to ${formatDate(s.l.expires_at)}`} />
              <div className="lt-grace" style={{ left: `${pct(s.end)}%`, width: `${pct(s.grace) - pct(s.end)}%` }} title={`Grace until ${formatDate(new Date(s.grace).toISOString())}`} />
              {exportMs !== undefined && <div className="lt-export" style={{ left: `${pct(exportMs)}%` }} />}
            </div>
            <div className="lic-dates small">
              {formatDate(s.l.not_before)} → {formatDate(s.l.expires_at)} (+{s.l.grace_days ?? 0} days grace)
            </div>
          </div>
        ))}
      </div>
      <ul className="legend small" aria-label="Legend">
        <li>
          <span className="swatch lt-valid" /> valid
        </li>
        <li>
          <span className="swatch lt-grace" /> grace period
        </li>
        {exportMs !== undefined && (
          <li>
            <span className="swatch lt-export-swatch" /> export ({formatDate(v.exportedAt)})
          </li>
        )}
      </ul>
    </section>
  );
}

function Events({ v, bundle }: { v: LicenseView; bundle: BundleRef }) {
  return (
    <section className="panel" aria-labelledby="lic-events">
      <h2 id="lic-events" className="panel-title">
        License events in the audit log
      </h2>
      {v.events.length === 0 ? (
        <p>The audit log records no license installation, warning, grace or lockout.</p>
      ) : (
        <table className="table table-compact">
          <caption className="sr-only">License events</caption>
          <thead>
            <tr>
              <th scope="col">Time (UTC)</th>
              <th scope="col">Event</th>
              <th scope="col">License</th>
              <th scope="col">Entry</th>
            </tr>
          </thead>
          <tbody>
            {v.events.map((e) => (
              <tr key={e.seq}>
                <td className="nowrap">{formatTime(e.ts).replace(' UTC', '')}</td>
                <td>{e.action}</td>
                <td className="mono">{e.licenseId ?? '—'}</td>
                <td>
                  <a href={`#/audit?case=${encodeURIComponent(bundle.caseId)}&bundle=${encodeURIComponent(bundle.bundleId)}&seq=${e.seq}`}>seq {formatCount(e.seq)}</a>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
