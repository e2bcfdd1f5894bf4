// The state of the case's installations at a time T, as `natalia-audit replay
// --at T` shows it: which extensions existed, which had been erased, which
// erasure requests were pending (days left, or overdue), who the users were,
// and the reveals so far. The engine replays; this screen only lays it out.
import { useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { ReplayExtension, ReplayState } from '../../../shared/api/contract.js';
import { useCall } from '../api/use-call.js';
import { ErrorState, Loading } from '../components/states.js';
import { formatCount, formatTime, localInputToUtc } from '../lib/format.js';

export function ReplayScreen({ caseId }: { caseId: string }) {
  const { t } = useTranslation('replay');
  const [draft, setDraft] = useState('');
  const [at, setAt] = useState<string | undefined>();
  const r = useCall('replay.state', at ? { caseId, at } : null);
  return (
    <div className="stack">
      <section className="panel" aria-labelledby="replay-pick">
        <h2 id="replay-pick" className="panel-title">
          {t('pick.title')}
        </h2>
        <form
          className="row wrap replay-form"
          onSubmit={(e) => {
            e.preventDefault();
            const iso = localInputToUtc(draft);
            if (iso) setAt(iso);
          }}
        >
          <div className="filter">
            <label htmlFor="replay-at">{t('pick.at')}</label>
            <input id="replay-at" type="datetime-local" step={1} value={draft} onChange={(e) => setDraft(e.target.value)} />
          </div>
          <button type="submit" className="btn btn-primary" disabled={!localInputToUtc(draft)}>
            {t('pick.show')}
          </button>
        </form>
        <p className="muted small">{t('pick.hint')}</p>
      </section>
      {at && r.status === 'loading' && <Loading label={t('loading')} />}
      {r.status === 'error' && <ErrorState error={r.error} onRetry={r.reload} />}
      {r.status === 'ready' && <State s={r.data} />}
    </div>
  );
}

function State({ s }: { s: ReplayState }) {
  const { t } = useTranslation('replay');
  const many = new Set([...s.extensions, ...s.erased].map((x) => x.installationId ?? '')).size > 1;
  const inst = (i: string | undefined) => i ?? t('unknownInstallation');
  return (
    <>
      <section className="panel" aria-labelledby="replay-summary" data-testid="replay-summary">
        <h2 id="replay-summary" className="panel-title">
          {t('summary.title', { at: formatTime(s.at) })}
        </h2>
        <p>
          {t('summary.line', {
            extensions: t('summary.extensions', { count: s.extensions.length }),
            erased: t('summary.erased', { count: s.erased.length }),
            pending: t('summary.pending', { count: s.pendingErasures.length }),
            users: t('summary.users', { count: s.users.length }),
            reveals: t('summary.reveals', { count: s.reveals.count }),
          })}
        </p>
        <p className="muted small">{t('summary.bundles', { count: s.bundleIds.length })}</p>
        {s.notes.length > 0 && (
          <ul className="plain replay-notes" data-testid="replay-notes">
            {s.notes.map((n) => (
              <li key={n} className="callout callout-info">
                {n}
              </li>
            ))}
          </ul>
        )}
      </section>

      <Table id="replay-extensions" title={t('extensions.title', { count: s.extensions.length })} empty={t('extensions.none')} head={[...(many ? [t('col.installation')] : []), t('col.id'), t('col.tenant'), t('col.label'), t('col.last4'), t('col.created'), t('col.pseudonym')]}>
        {s.extensions.map((x) => (
          <tr key={`${x.installationId}-${x.id}-${x.pseudonym}`}>
            {many && <td>{inst(x.installationId)}</td>}
            <td className="num">{x.id ?? '?'}</td>
            <td>{x.tenant ?? ''}</td>
            <td>{x.label ?? ''}</td>
            <td className="mono">{x.last4 ?? ''}</td>
            <td className="nowrap">{created(x, t)}</td>
            <td className="mono" title={x.pseudonym}>
              {x.pseudonym ? `${x.pseudonym.slice(0, 12)}…` : ''}
            </td>
          </tr>
        ))}
      </Table>

      <Table id="replay-erased" title={t('erased.title', { count: s.erased.length })} empty={t('erased.none')} head={[...(many ? [t('col.installation')] : []), t('col.id'), t('col.tenant'), t('col.label'), t('col.erasedAt'), t('col.certificate')]}>
        {s.erased.map((x) => (
          <tr key={`${x.installationId}-${x.id}-${x.certificateId}`}>
            {many && <td>{inst(x.installationId)}</td>}
            <td className="num">{x.id ?? '?'}</td>
            <td>{x.tenant ?? ''}</td>
            <td>{x.label ?? ''}</td>
            <td className="nowrap">{formatTime(x.erasedAt)}</td>
            <td className="mono">{x.certificateId ?? ''}</td>
          </tr>
        ))}
      </Table>

      <Table id="replay-pending" title={t('pending.title', { count: s.pendingErasures.length })} empty={t('pending.none')} head={[t('col.seq'), t('col.reference'), t('col.received'), t('col.due'), t('col.left')]}>
        {s.pendingErasures.map((p) => (
          <tr key={`${p.installationId}-${p.seq}`} className={p.status === 'overdue' ? 'flag-medium' : undefined}>
            <td className="num">{formatCount(p.seq)}</td>
            <td>{p.reference ?? ''}</td>
            <td className="nowrap">{formatTime(p.receivedAt)}</td>
            <td className="nowrap">{formatTime(p.dueAt)}</td>
            <td>
              {p.status === 'overdue'
                ? t('pending.overdue', { count: Math.abs(p.daysLeft ?? 0) })
                : p.status === 'open'
                  ? t('pending.left', { count: p.daysLeft ?? 0 })
                  : t('pending.unknown')}
            </td>
          </tr>
        ))}
      </Table>

      <Table id="replay-users" title={t('users.title', { count: s.users.length })} empty={t('users.none')} head={[...(many ? [t('col.installation')] : []), t('col.tenant'), t('col.username'), t('col.role'), t('col.state'), t('col.knownFrom')]}>
        {s.users.map((u) => (
          <tr key={`${u.installationId}-${u.tenant}-${u.username}`}>
            {many && <td>{inst(u.installationId)}</td>}
            <td>{u.tenant || t('users.installationWide')}</td>
            <td>{u.username}</td>
            <td>{u.role ?? '?'}</td>
            <td>{u.disabled ? t('users.disabled') : t('users.active')}</td>
            <td>{u.source === 'dump' ? t('users.fromDump') : t('users.fromAudit')}</td>
          </tr>
        ))}
      </Table>

      <section className="panel" aria-labelledby="replay-reveals" data-testid="replay-reveals">
        <h2 id="replay-reveals" className="panel-title">
          {t('reveals.title', { count: s.reveals.count })}
        </h2>
        {s.reveals.byActor.length > 0 && <p>{s.reveals.byActor.map((a) => t('reveals.byActor', { actor: a.actor, n: formatCount(a.count) })).join(' · ')}</p>}
        {s.reveals.latest.length > 0 && (
          <div className="table-scroll">
            <table className="table table-compact">
              <caption className="sr-only">{t('reveals.latest', { count: s.reveals.latest.length })}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('col.ts')}</th>
                  <th scope="col">{t('col.seq')}</th>
                  <th scope="col">{t('col.actor')}</th>
                  <th scope="col">{t('col.tenant')}</th>
                  <th scope="col">{t('col.cdr')}</th>
                  <th scope="col">{t('col.ext')}</th>
                  <th scope="col">{t('col.number')}</th>
                </tr>
              </thead>
              <tbody>
                {s.reveals.latest.map((r) => (
                  <tr key={`${r.installationId}-${r.seq}`}>
                    <td className="nowrap">{formatTime(r.ts)}</td>
                    <td className="num">{formatCount(r.seq)}</td>
                    <td>{r.actor}</td>
                    <td>{r.tenant}</td>
                    <td className="mono">{r.cdrId ?? ''}</td>
                    <td className="num">{r.extensionId ?? ''}</td>
                    <td className="mono">{r.field ? `${r.field} ···${r.last4 ?? ''}` : ''}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>
    </>
  );
}

function created(x: ReplayExtension, t: (k: string) => string): string {
  if (x.createdAt) return formatTime(x.createdAt);
  return x.certificateId ? t('extensions.createdErased') : t('extensions.createdUnknown');
}

function Table({ id, title, empty, head, children }: { id: string; title: string; empty: string; head: string[]; children: ReactNode[] }) {
  return (
    <section className="panel" aria-labelledby={id} data-testid={id}>
      <h2 id={id} className="panel-title">
        {title}
      </h2>
      {children.length === 0 ? (
        <p className="muted">{empty}</p>
      ) : (
        <div className="table-scroll">
          <table className="table table-compact">
            <caption className="sr-only">{title}</caption>
            <thead>
              <tr>
                {head.map((h) => (
                  <th key={h} scope="col">
                    {h}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>{children}</tbody>
          </table>
        </div>
      )}
    </section>
  );
}
