// Phone number reveals: how many per day and per person (from the signed audit
// log, counted by the engine), the register Auditors read, and what the
// replay thinks deserves a second look.
import { useState } from 'react';
import { Bar, BarChart, CartesianGrid, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import type { BundleRef, RevealTimeline } from '../../../shared/api/contract.js';
import { useCall } from '../api/use-call.js';
import { navigate } from '../app/route.js';
import { SeverityBadge } from '../components/badges.js';
import { FileLines } from '../components/FileLines.js';
import { Empty, ErrorState, Loading } from '../components/states.js';
import { formatCount, formatTime, plural } from '../lib/format.js';

const REGISTER_PAGE = 50;

export function RevealsScreen({ bundle }: { bundle: BundleRef }) {
  return (
    <div className="stack">
      <Timeline bundle={bundle} />
      <Review bundle={bundle} />
      <Register bundle={bundle} />
    </div>
  );
}

function Timeline({ bundle }: { bundle: BundleRef }) {
  const r = useCall('reveals.timeline', bundle);
  return (
    <section className="panel" aria-labelledby="timeline-title">
      <h2 id="timeline-title" className="panel-title">
        Reveals over time
      </h2>
      {r.status === 'loading' && <Loading label="Counting reveals…" />}
      {r.status === 'error' && <ErrorState error={r.error} onRetry={r.reload} />}
      {r.status === 'ready' && r.data.total === 0 && <p>No phone number was revealed in the period this bundle covers.</p>}
      {r.status === 'ready' && r.data.total > 0 && <Charts t={r.data} />}
    </section>
  );
}

function Charts({ t }: { t: RevealTimeline }) {
  const busiest = t.byDay.reduce((a, b) => (b.count > a.count ? b : a), t.byDay[0]!);
  const top = t.byActor[0];
  return (
    <>
      <p className="muted">
        {plural(t.total, 'reveal')} on {plural(t.byDay.length, 'day')} by {plural(t.byActor.length, 'person', 'people')}. Busiest day: {busiest.day} ({formatCount(busiest.count)}).
        {top ? ` Most reveals: ${top.actor} (${formatCount(top.count)}).` : ''}
      </p>
      <div className="charts">
        <figure className="chart" aria-label="Reveals per day">
          <figcaption>Per day</figcaption>
          <ResponsiveContainer width="100%" height={220}>
            <BarChart data={t.byDay} margin={{ top: 8, right: 8, bottom: 4, left: 0 }}>
              <CartesianGrid stroke="#e4e7ec" vertical={false} />
              <XAxis dataKey="day" tick={{ fontSize: 11, fill: '#475467' }} minTickGap={24} />
              <YAxis allowDecimals={false} tick={{ fontSize: 11, fill: '#475467' }} width={36} />
              <Tooltip cursor={{ fill: '#eef2f6' }} contentStyle={{ fontSize: 12 }} />
              <Bar dataKey="count" name="Reveals" fill="#2f5d9e" isAnimationActive={false} />
            </BarChart>
          </ResponsiveContainer>
        </figure>
        <figure className="chart" aria-label="Reveals per person">
          <figcaption>Per person</figcaption>
          <ResponsiveContainer width="100%" height={Math.max(120, 28 * Math.min(t.byActor.length, 12) + 30)}>
            <BarChart data={t.byActor.slice(0, 12)} layout="vertical" margin={{ top: 4, right: 16, bottom: 4, left: 8 }}>
              <CartesianGrid stroke="#e4e7ec" horizontal={false} />
              <XAxis type="number" allowDecimals={false} tick={{ fontSize: 11, fill: '#475467' }} />
              <YAxis type="category" dataKey="actor" width={120} tick={{ fontSize: 11, fill: '#344054' }} />
              <Tooltip cursor={{ fill: '#eef2f6' }} contentStyle={{ fontSize: 12 }} />
              <Bar dataKey="count" name="Reveals" fill="#5b7fb3" isAnimationActive={false} />
            </BarChart>
          </ResponsiveContainer>
        </figure>
      </div>
      <details className="chart-table">
        <summary>The same numbers as a table</summary>
        <table className="table table-compact">
          <caption className="sr-only">Reveals per person</caption>
          <thead>
            <tr>
              <th scope="col">Person</th>
              <th scope="col" className="num">
                Reveals
              </th>
            </tr>
          </thead>
          <tbody>
            {t.byActor.map((a) => (
              <tr key={a.actor}>
                <td>{a.actor}</td>
                <td className="num">{formatCount(a.count)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </details>
    </>
  );
}

function Review({ bundle }: { bundle: BundleRef }) {
  const r = useCall('reveals.review', bundle);
  const [open, setOpen] = useState<string | null>(null);
  return (
    <section className="panel" aria-labelledby="review-title">
      <h2 id="review-title" className="panel-title">
        To review
      </h2>
      {r.status === 'loading' && <Loading label="Replaying the reveal history…" />}
      {r.status === 'error' && <ErrorState error={r.error} onRetry={r.reload} />}
      {r.status === 'ready' && r.data.length === 0 && <p>Nothing stands out in the reveal history.</p>}
      {r.status === 'ready' && r.data.length > 0 && (
        <ul className="plain review-items">
          {r.data.map((it) => (
            <li key={it.id} className={`mini-finding sev-border-${it.severity}`}>
              <div>
                <SeverityBadge severity={it.severity} /> <strong>{it.title}</strong>
              </div>
              <p>{it.description}</p>
              <div className="row">
                {it.seq !== undefined && (
                  <button type="button" className="btn btn-small" onClick={() => navigate({ screen: 'audit', ...bundle, seq: it.seq })}>
                    Open entry {formatCount(it.seq)}
                  </button>
                )}
                {it.file && it.line !== undefined && (
                  <button type="button" className="btn btn-small" aria-expanded={open === it.id} onClick={() => setOpen((o) => (o === it.id ? null : it.id))}>
                    {open === it.id ? 'Hide' : 'Show'} line {formatCount(it.line)}
                  </button>
                )}
              </div>
              {open === it.id && it.file && it.line !== undefined && <FileLines bundle={bundle} file={it.file} line={it.line} />}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

function Register({ bundle }: { bundle: BundleRef }) {
  const [offset, setOffset] = useState(0);
  const r = useCall('reveals.register', { ...bundle, offset, limit: REGISTER_PAGE });
  return (
    <section className="panel" aria-labelledby="register-title">
      <h2 id="register-title" className="panel-title">
        Reveal register <span className="muted small">(data/reveal/reveal-log.csv)</span>
      </h2>
      {r.status === 'loading' && <Loading label="Reading the register…" />}
      {r.status === 'error' && <ErrorState error={r.error} onRetry={r.reload} />}
      {r.status === 'ready' && r.data.total === 0 && <Empty title="The register is empty">This bundle holds no reveal register, or it has no row.</Empty>}
      {r.status === 'ready' && r.data.total > 0 && (
        <>
          <div className="table-scroll">
            <table className="table table-compact">
              <caption className="sr-only">Reveal register rows</caption>
              <thead>
                <tr>
                  <th scope="col">Reveal</th>
                  <th scope="col">Time (UTC)</th>
                  <th scope="col">Tenant</th>
                  <th scope="col">By</th>
                  <th scope="col">Call (CDR)</th>
                  <th scope="col">Number</th>
                  <th scope="col">Motive</th>
                  <th scope="col">Alerted</th>
                  <th scope="col">Audit entry</th>
                </tr>
              </thead>
              <tbody>
                {r.data.rows.map((row) => (
                  <tr key={`${row.reveal_id}-${row.line}`} className={row.worstSeverity ? `flag-${row.worstSeverity}` : undefined}>
                    <td className="mono">
                      {row.reveal_id}
                      {row.worstSeverity && (
                        <>
                          {' '}
                          <SeverityBadge severity={row.worstSeverity} />
                        </>
                      )}
                    </td>
                    <td className="nowrap">{formatTime(row.ts).replace(' UTC', '')}</td>
                    <td>{row.tenant}</td>
                    <td>
                      {row.actor} <span className="muted">({row.role})</span>
                    </td>
                    <td className="mono">{row.cdr_id}</td>
                    <td className="mono">
                      {row.field} ···{row.last4}
                    </td>
                    <td className="motive">{row.motive || <em>none</em>}</td>
                    <td>{row.alert_sent_to}</td>
                    <td>
                      {row.audit_seq !== null ? (
                        <a href={`#/audit?case=${encodeURIComponent(bundle.caseId)}&bundle=${encodeURIComponent(bundle.bundleId)}&seq=${row.audit_seq}`}>
                          seq {formatCount(row.audit_seq)}
                        </a>
                      ) : (
                        '—'
                      )}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <div className="pager">
            <span>
              Rows {formatCount(offset + 1)}–{formatCount(Math.min(offset + REGISTER_PAGE, r.data.total))} of {formatCount(r.data.total)}
            </span>
            <button type="button" className="btn btn-small" disabled={offset === 0} onClick={() => setOffset((o) => Math.max(0, o - REGISTER_PAGE))}>
              Previous
            </button>
            <button type="button" className="btn btn-small" disabled={offset + REGISTER_PAGE >= r.data.total} onClick={() => setOffset((o) => o + REGISTER_PAGE)}>
              Next
            </button>
          </div>
        </>
      )}
    </section>
  );
}

