// The license: the one in force at export and the earlier ones, each placed on
// a timeline (valid from, expiry, end of grace, the export), with the license
// events the audit log recorded.
import { useTranslation } from 'react-i18next';
import type { BundleRef, LicenseView } from '../../../shared/api/contract.js';
import type { LicenseSummary } from '../../../shared/model/verification.js';
import { useCall } from '../api/use-call.js';
import { Empty, ErrorState, Loading } from '../components/states.js';
import { formatCount, formatDate, formatTime } from '../lib/format.js';

const DAY = 86_400_000;

export function LicenseScreen({ bundle }: { bundle: BundleRef }) {
  const { t } = useTranslation('license');
  const r = useCall('license.get', bundle);
  if (r.status === 'loading') return <Loading label={t('loading')} />;
  if (r.status === 'error') return <ErrorState error={r.error} onRetry={r.reload} title={t('loadFailed')} />;
  const v = r.data;
  if (v.licenses.length === 0) return <Empty title={t('none.title')}>{t('none.text')}</Empty>;
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
  const { t } = useTranslation('license');
  const current = l.file === 'data/license/natalia.lic';
  // An earlier license was replaced: its state at export is history, not an alarm.
  const status = !current ? 'superseded' : l.status_at_export;
  const s = status ? { word: t(`status.${status}.word`), note: t(`status.${status}.note`) } : undefined;
  const statusClass = current ? `lic-status-${l.status_at_export}` : 'lic-status-superseded';
  return (
    <section className="panel" aria-label={t('card.label', { id: l.license_id ?? l.file })}>
      <div className="erasure-head">
        <h2 className="panel-title">
          {current ? t('card.current') : t('card.earlier')} <span className="mono">{l.license_id ?? ''}</span>
        </h2>
        {s && <span className={`badge ${statusClass}`}>{s.word}</span>}
        <span className={`badge ${l.trusted ? 'verdict-trusted' : 'verdict-problems'}`}>{l.trusted ? t('card.trusted') : t('card.untrusted')}</span>
      </div>
      {s && <p>{s.note}</p>}
      <dl className="facts">
        <div>
          <dt>{t('card.customer')}</dt>
          <dd>{l.customer ?? '—'}</dd>
        </div>
        <div>
          <dt>{t('card.installation')}</dt>
          <dd className="mono">{l.installation_id ?? '—'}</dd>
        </div>
        <div>
          <dt>{t('card.contractMode')}</dt>
          <dd>{l.contract_mode ?? '—'}</dd>
        </div>
        <div>
          <dt>{t('card.issued')}</dt>
          <dd>{formatTime(l.issued_at)}</dd>
        </div>
        <div>
          <dt>{t('card.validFrom')}</dt>
          <dd>{formatTime(l.not_before)}</dd>
        </div>
        <div>
          <dt>{t('card.expires')}</dt>
          <dd>{formatTime(l.expires_at)}</dd>
        </div>
        <div>
          <dt>{t('card.grace')}</dt>
          <dd>{l.grace_days !== undefined ? t('card.days', { count: l.grace_days }) : '—'}</dd>
        </div>
        <div>
          <dt>{t('card.export')}</dt>
          <dd>{formatTime(exportedAt)}</dd>
        </div>
        <div>
          <dt>{t('card.vendorKey')}</dt>
          <dd className="mono">{l.signed_by_kid ?? '—'}</dd>
        </div>
        <div>
          <dt>{t('card.auditKeys')}</dt>
          <dd className="mono">{l.audit_kids.length ? l.audit_kids.join(', ') : t('common:none')}</dd>
        </div>
      </dl>
      <p className="muted small mono">{l.file}</p>
    </section>
  );
}

function LicenseTimeline({ v }: { v: LicenseView }) {
  const { t } = useTranslation('license');
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
        {t('timeline.title')}
      </h2>
      <div className="lic-timeline">
        {spans.map((s) => (
          <div key={s.l.file} className="lic-row">
            <div className="lic-label mono">{s.l.license_id ?? s.l.file}</div>
            <div className="lic-track">
              <div className="lt-valid" style={{ left: `${pct(s.start)}%`, width: `${pct(s.end) - pct(s.start)}%` }} title={t('timeline.valid', { from: formatDate(s.l.not_before), to: formatDate(s.l.expires_at) })} />
              <div className="lt-grace" style={{ left: `${pct(s.end)}%`, width: `${pct(s.grace) - pct(s.end)}%` }} title={t('timeline.graceUntil', { date: formatDate(new Date(s.grace).toISOString()) })} />
              {exportMs !== undefined && <div className="lt-export" style={{ left: `${pct(exportMs)}%` }} />}
            </div>
            <div className="lic-dates small">
              {t('timeline.span', { from: formatDate(s.l.not_before), to: formatDate(s.l.expires_at), count: s.l.grace_days ?? 0 })}
            </div>
          </div>
        ))}
      </div>
      <ul className="legend small" aria-label={t('timeline.legend')}>
        <li>
          <span className="swatch lt-valid" /> {t('timeline.validWord')}
        </li>
        <li>
          <span className="swatch lt-grace" /> {t('timeline.graceWord')}
        </li>
        {exportMs !== undefined && (
          <li>
            <span className="swatch lt-export-swatch" /> {t('timeline.exportWord', { date: formatDate(v.exportedAt) })}
          </li>
        )}
      </ul>
    </section>
  );
}

function Events({ v, bundle }: { v: LicenseView; bundle: BundleRef }) {
  const { t } = useTranslation('license');
  return (
    <section className="panel" aria-labelledby="lic-events">
      <h2 id="lic-events" className="panel-title">
        {t('events.title')}
      </h2>
      {v.events.length === 0 ? (
        <p>{t('events.none')}</p>
      ) : (
        <table className="table table-compact">
          <caption className="sr-only">{t('events.caption')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('events.ts')}</th>
              <th scope="col">{t('events.event')}</th>
              <th scope="col">{t('events.license')}</th>
              <th scope="col">{t('events.entry')}</th>
            </tr>
          </thead>
          <tbody>
            {v.events.map((e) => (
              <tr key={e.seq}>
                <td className="nowrap">{formatTime(e.ts).replace(' UTC', '')}</td>
                <td>{e.action}</td>
                <td className="mono">{e.licenseId ?? '—'}</td>
                <td>
                  <a href={`#/audit?case=${encodeURIComponent(bundle.caseId)}&bundle=${encodeURIComponent(bundle.bundleId)}&seq=${e.seq}`}>{t('events.seq', { seq: formatCount(e.seq) })}</a>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
