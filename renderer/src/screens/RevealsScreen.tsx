// Phone number reveals: how many per day and per person (from the signed audit
// log, counted by the engine), the register Auditors read, and what the
// replay thinks deserves a second look.
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Bar, BarChart, CartesianGrid, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import type { BundleRef, RevealTimeline } from '../../../shared/api/contract.js';
import { useCall } from '../api/use-call.js';
import { navigate } from '../app/route.js';
import { SeverityBadge } from '../components/badges.js';
import { FileLines } from '../components/FileLines.js';
import { Empty, ErrorState, Loading } from '../components/states.js';
import { formatCount, formatDate, formatTime } from '../lib/format.js';

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
  const { t } = useTranslation('reveals');
  const r = useCall('reveals.timeline', bundle);
  return (
    <section className="panel" aria-labelledby="timeline-title">
      <h2 id="timeline-title" className="panel-title">
        {t('timeline.title')}
      </h2>
      {r.status === 'loading' && <Loading label={t('timeline.loading')} />}
      {r.status === 'error' && <ErrorState error={r.error} onRetry={r.reload} />}
      {r.status === 'ready' && r.data.installationId && (
        <p className="muted small" data-testid="reveals-installation">
          Installation <span className="mono">{r.data.installationId}</span>: these reveals, users and phone pseudonyms are this appliance&apos;s own.
        </p>
      )}
      {r.status === 'ready' && r.data.total === 0 && <p>{t('timeline.none')}</p>}
      {r.status === 'ready' && r.data.total > 0 && <Charts tl={r.data} />}
    </section>
  );
}

function Charts({ tl }: { tl: RevealTimeline }) {
  const { t } = useTranslation('reveals');
  const busiest = tl.byDay.reduce((a, b) => (b.count > a.count ? b : a), tl.byDay[0]!);
  const top = tl.byActor[0];
  return (
    <>
      <p className="muted">
        {t('timeline.summary', {
          reveals: t('timeline.reveals', { count: tl.total }),
          days: t('timeline.days', { count: tl.byDay.length }),
          people: t('timeline.people', { count: tl.byActor.length }),
          day: formatDate(busiest.day),
          n: formatCount(busiest.count),
        })}
        {top ? ` ${t('timeline.top', { actor: top.actor, n: formatCount(top.count) })}` : ''}
      </p>
      <div className="charts">
        <figure className="chart" aria-label={t('timeline.perDayLabel')}>
          <figcaption>{t('timeline.perDay')}</figcaption>
          <ResponsiveContainer width="100%" height={220}>
            <BarChart data={tl.byDay} margin={{ top: 8, right: 8, bottom: 4, left: 0 }}>
              <CartesianGrid stroke="#e4e7ec" vertical={false} />
              <XAxis dataKey="day" tick={{ fontSize: 11, fill: '#475467' }} minTickGap={24} />
              <YAxis allowDecimals={false} tick={{ fontSize: 11, fill: '#475467' }} width={36} />
              <Tooltip cursor={{ fill: '#eef2f6' }} contentStyle={{ fontSize: 12 }} />
              <Bar dataKey="count" name={t('timeline.barName')} fill="#2f5d9e" isAnimationActive={false} />
            </BarChart>
          </ResponsiveContainer>
        </figure>
        <figure className="chart" aria-label={t('timeline.perPersonLabel')}>
          <figcaption>{t('timeline.perPerson')}</figcaption>
          <ResponsiveContainer width="100%" height={Math.max(120, 28 * Math.min(tl.byActor.length, 12) + 30)}>
            <BarChart data={tl.byActor.slice(0, 12)} layout="vertical" margin={{ top: 4, right: 16, bottom: 4, left: 8 }}>
              <CartesianGrid stroke="#e4e7ec" horizontal={false} />
              <XAxis type="number" allowDecimals={false} tick={{ fontSize: 11, fill: '#475467' }} />
              <YAxis type="category" dataKey="actor" width={120} tick={{ fontSize: 11, fill: '#344054' }} />
              <Tooltip cursor={{ fill: '#eef2f6' }} contentStyle={{ fontSize: 12 }} />
              <Bar dataKey="count" name={t('timeline.barName')} fill="#5b7fb3" isAnimationActive={false} />
            </BarChart>
          </ResponsiveContainer>
        </figure>
      </div>
      <details className="chart-table">
        <summary>{t('timeline.asTable')}</summary>
        <table className="table table-compact">
          <caption className="sr-only">{t('timeline.perPersonLabel')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('timeline.person')}</th>
              <th scope="col" className="num">
                {t('timeline.barName')}
              </th>
            </tr>
          </thead>
          <tbody>
            {tl.byActor.map((a) => (
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
  const { t } = useTranslation('reveals');
  const r = useCall('reveals.review', bundle);
  const [open, setOpen] = useState<string | null>(null);
  return (
    <section className="panel" aria-labelledby="review-title">
      <h2 id="review-title" className="panel-title">
        {t('review.title')}
      </h2>
      {r.status === 'loading' && <Loading label={t('review.loading')} />}
      {r.status === 'error' && <ErrorState error={r.error} onRetry={r.reload} />}
      {r.status === 'ready' && r.data.length === 0 && <p>{t('review.none')}</p>}
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
                    {t('openEntry', { seq: formatCount(it.seq) })}
                  </button>
                )}
                {it.file && it.line !== undefined && (
                  <button type="button" className="btn btn-small" aria-expanded={open === it.id} onClick={() => setOpen((o) => (o === it.id ? null : it.id))}>
                    {t(open === it.id ? 'review.hideLine' : 'review.showLine', { line: formatCount(it.line) })}
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
  const { t } = useTranslation('reveals');
  const [offset, setOffset] = useState(0);
  const r = useCall('reveals.register', { ...bundle, offset, limit: REGISTER_PAGE });
  return (
    <section className="panel" aria-labelledby="register-title">
      <h2 id="register-title" className="panel-title">
        {t('register.title')} <span className="muted small">(data/reveal/reveal-log.csv)</span>
      </h2>
      {r.status === 'loading' && <Loading label={t('register.loading')} />}
      {r.status === 'error' && <ErrorState error={r.error} onRetry={r.reload} />}
      {r.status === 'ready' && r.data.total === 0 && <Empty title={t('register.emptyTitle')}>{t('register.empty')}</Empty>}
      {r.status === 'ready' && r.data.total > 0 && (
        <>
          <div className="table-scroll">
            <table className="table table-compact">
              <caption className="sr-only">{t('register.caption')}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('register.col.reveal')}</th>
                  <th scope="col">{t('register.col.ts')}</th>
                  <th scope="col">{t('register.col.tenant')}</th>
                  <th scope="col">{t('register.col.by')}</th>
                  <th scope="col">{t('register.col.cdr')}</th>
                  <th scope="col">{t('register.col.number')}</th>
                  <th scope="col">{t('register.col.motive')}</th>
                  <th scope="col">{t('register.col.alerted')}</th>
                  <th scope="col">{t('register.col.entry')}</th>
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
                    <td className="motive">{row.motive || <em>{t('register.noMotive')}</em>}</td>
                    <td>{row.alert_sent_to}</td>
                    <td>
                      {row.audit_seq !== null ? (
                        <a href={`#/audit?case=${encodeURIComponent(bundle.caseId)}&bundle=${encodeURIComponent(bundle.bundleId)}&seq=${row.audit_seq}`}>
                          {t('register.seq', { seq: formatCount(row.audit_seq) })}
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
              {t('register.rows', { from: formatCount(offset + 1), to: formatCount(Math.min(offset + REGISTER_PAGE, r.data.total)), total: formatCount(r.data.total) })}
            </span>
            <button type="button" className="btn btn-small" disabled={offset === 0} onClick={() => setOffset((o) => Math.max(0, o - REGISTER_PAGE))}>
              {t('register.previous')}
            </button>
            <button type="button" className="btn btn-small" disabled={offset + REGISTER_PAGE >= r.data.total} onClick={() => setOffset((o) => o + REGISTER_PAGE)}>
              {t('register.next')}
            </button>
          </div>
        </>
      )}
    </section>
  );
}

