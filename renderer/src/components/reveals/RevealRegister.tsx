// The reveal register (data/reveal/reveal-log.csv): the appliance's own list
// of reveals, its rows selected by the screen's filter on their own cells,
// each flagged with its worst finding and linked to the audit entry it cites.
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { BundleRef, RevealsRequest } from '../../../../shared/api/contract.js';
import { useCall } from '../../api/use-call.js';
import { SeverityBadge } from '../badges.js';
import { Empty, ErrorState, Loading } from '../states.js';
import { formatCount, formatTime } from '../../lib/format.js';

const REGISTER_PAGE = 50;

export function RevealRegister({ request, onPhone }: { request: RevealsRequest; onPhone: (pseudonym: string) => void }) {
  const bundle: BundleRef = request;
  const { t } = useTranslation('reveals');
  const [offset, setOffset] = useState(0);
  const key = JSON.stringify(request);
  // A new filter starts at the first page.
  useEffect(() => setOffset(0), [key]);
  const r = useCall('reveals.register', { ...request, offset, limit: REGISTER_PAGE });
  return (
    <section className="panel" aria-labelledby="register-title" data-testid="reveals-register">
      <h2 id="register-title" className="panel-title">
        {t('register.title')} <span className="muted small">(data/reveal/reveal-log.csv)</span>
      </h2>
      {r.status === 'loading' && <Loading label={t('register.loading')} />}
      {r.status === 'error' && <ErrorState error={r.error} onRetry={r.reload} />}
      {r.status === 'ready' && r.data.all === 0 && <Empty title={t('register.emptyTitle')}>{t('register.empty')}</Empty>}
      {r.status === 'ready' && r.data.all > 0 && r.data.total === 0 && <p>{t('register.noneFiltered', { all: formatCount(r.data.all) })}</p>}
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
                      <br />
                      <button type="button" className="link-btn mono" title={row.phone_pseudonym} aria-label={t('register.byPhone', { phone: row.phone_pseudonym.slice(0, 12) })} onClick={() => onPhone(row.phone_pseudonym)}>
                        {row.phone_pseudonym.slice(0, 12)}…
                      </button>
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
              {r.data.total === r.data.all
                ? t('register.rows', { from: formatCount(offset + 1), to: formatCount(Math.min(offset + REGISTER_PAGE, r.data.total)), total: formatCount(r.data.total) })
                : t('register.rowsFiltered', { from: formatCount(offset + 1), to: formatCount(Math.min(offset + REGISTER_PAGE, r.data.total)), total: formatCount(r.data.total), all: formatCount(r.data.all) })}
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

