// Erasure requests: for each certificate, the path from the request to the
// execution, the certificate's own checks and the database dump check, with
// the one-month deadline (GDPR art. 12(3)). All of it as the engine found it,
// and for each certificate the signed erasure report a DPO files or sends.
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { BundleRef, ErasurePath, ErasureReportRequest, PendingErasureView } from '../../../shared/api/contract.js';
import { useCall } from '../api/use-call.js';
import type { Route } from '../app/route.js';
import { MarkBadge } from '../components/badges.js';
import { FindingItem } from '../components/FindingItem.js';
import { Empty, ErrorState, Loading } from '../components/states.js';
import { daysBetween, formatCount, formatDate, formatTime } from '../lib/format.js';
import { CasePartiesForm } from '../components/erasures/CasePartiesForm.js';
import { SubjectFinder } from '../components/erasures/SubjectFinder.js';
import { ErasureReportRun, subjectName } from '../components/erasures/ErasureReportRun.js';
import { ReviewFilterBar } from '../components/review/ReviewFilterBar.js';
import { ReviewPanel } from '../components/review/ReviewPanel.js';
import { isFilterActive, matchesReview, tagsInUse, type ReviewScreenFilter } from '../components/review/review-filter.js';
import { useCaseReviews, type CaseReviews } from '../components/review/use-reviews.js';

export function ErasuresScreen({ bundle, route }: { bundle: BundleRef; route: Route }) {
  const { t } = useTranslation('erasures');
  const r = useCall('erasures.list', bundle);
  const pending = useCall('erasures.pending', bundle);
  const reviews = useCaseReviews(bundle.caseId, { kinds: ['erasure'] });
  const [reviewFilter, setReviewFilter] = useState<ReviewScreenFilter>({});
  if (r.status === 'loading') return <Loading label={t('loading')} />;
  if (r.status === 'error') return <ErrorState error={r.error} onRetry={r.reload} title={t('loadFailed')} />;
  const open = pending.status === 'ready' ? pending.data : [];
  if (r.data.length === 0 && open.length === 0) {
    return <Empty title={t('none.title')}>{t('none.text')}</Empty>;
  }
  const late = r.data.filter((e) => e.deadline.status === 'late').length;
  const withFindings = r.data.filter((e) => e.findings.length > 0).length;
  const installation = r.data.find((e) => e.installationId)?.installationId ?? open.find((p) => p.installationId)?.installationId;
  return (
    <div className="stack">
      {installation && (
        <p className="muted small" data-testid="erasures-installation">
          {t('installation.before')} <span className="mono">{installation}</span>
          {t('installation.after')}
        </p>
      )}
      {r.data.length > 0 && (
        <p className="lead">
          {t('lead.count', { count: r.data.length })} {late > 0 ? t('lead.late', { count: late }) : t('lead.onTime')}{' '}
          {withFindings > 0 ? t('lead.withFindings', { count: withFindings }) : ''}
        </p>
      )}
      {pending.status === 'error' && <ErrorState error={pending.error} onRetry={pending.reload} title={t('pending.loadFailed')} />}
      {open.length > 0 && <PendingRequests list={open} bundle={bundle} />}
      <CasePartiesForm caseId={bundle.caseId} />
      {r.data.length > 0 && <SubjectFinder erasures={r.data} bundle={bundle} />}
      {r.data.length > 0 && (
        <ReviewFilterBar
          value={reviewFilter}
          onChange={setReviewFilter}
          tags={tagsInUse(reviews.reviews)}
          decidable={false}
          shown={r.data.filter((e) => matchesReview(reviews.reviewOf(e.reviewSubject), false, reviewFilter)).length}
          total={r.data.length}
        />
      )}
      <ul className="plain stack">
        {r.data
          .filter((e) => !isFilterActive(reviewFilter) || matchesReview(reviews.reviewOf(e.reviewSubject), false, reviewFilter))
          .map((e) => (
            <ErasureCard key={e.certificateId} e={e} bundle={bundle} highlighted={route.cert === e.certificateId} reviews={reviews} />
          ))}
      </ul>
    </div>
  );
}

/** Requests the log holds with no execution by the export: how long each had left, or that it was overdue. */
function PendingRequests({ list, bundle }: { list: PendingErasureView[]; bundle: BundleRef }) {
  const { t } = useTranslation('erasures');
  const overdue = list.filter((p) => p.status === 'overdue').length;
  return (
    <section className={`panel pending-erasures${overdue > 0 ? ' pending-overdue' : ''}`} aria-labelledby="pending-title" data-testid="pending-erasures">
      <h2 id="pending-title" className="panel-title">
        {overdue > 0 ? t('pending.titleOverdue', { count: list.length, overdue }) : t('pending.title', { count: list.length })}
      </h2>
      <p className="small muted">{t('pending.hint', { at: formatTime(list[0]!.asOf) })}</p>
      <table className="table">
        <thead>
          <tr>
            <th scope="col">{t('pending.reference')}</th>
            <th scope="col">{t('pending.received')}</th>
            <th scope="col">{t('pending.deadline')}</th>
            <th scope="col">{t('pending.atExport')}</th>
            <th scope="col">{t('pending.entry')}</th>
          </tr>
        </thead>
        <tbody>
          {list.map((p) => (
            <tr key={`${p.installationId ?? ''}-${p.seq}`}>
              <td>{p.reference ?? '—'}</td>
              <td>{p.receivedAt ? formatTime(p.receivedAt) : t('pending.unknown')}</td>
              <td>{p.dueAt ? formatDate(p.dueAt) : t('pending.noReceipt')}</td>
              <td>
                {p.status === 'overdue' ? (
                  <span className="badge deadline-late">{t('pending.overdueBy', { count: -(p.daysLeft ?? 0) })}</span>
                ) : p.status === 'open' ? (
                  <span className="badge deadline-on_time">{t('pending.daysLeft', { count: p.daysLeft ?? 0 })}</span>
                ) : (
                  <span className="badge">{t('pending.unknown')}</span>
                )}
              </td>
              <td>
                <a href={`#/audit?case=${encodeURIComponent(bundle.caseId)}&bundle=${encodeURIComponent(bundle.bundleId)}&seq=${p.seq}`}>{t('card.entry', { seq: formatCount(p.seq) })}</a>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {list.some((p) => p.findings.length > 0) && (
        <ul className="plain stack">
          {list.flatMap((p) => p.findings).map((f, i) => (
            <FindingItem key={i} finding={f} bundle={bundle} />
          ))}
        </ul>
      )}
    </section>
  );
}

function ErasureCard({ e, bundle, highlighted, reviews }: { e: ErasurePath; bundle: BundleRef; highlighted: boolean; reviews: CaseReviews }) {
  const { t } = useTranslation('erasures');
  const ref = useRef<HTMLLIElement>(null);
  useEffect(() => {
    if (highlighted) ref.current?.scrollIntoView({ block: 'start' });
  }, [highlighted]);
  const subject = subjectName(t, e.subject);
  const seqLink = (seq: number | undefined) =>
    seq !== undefined ? (
      <a href={`#/audit?case=${encodeURIComponent(bundle.caseId)}&bundle=${encodeURIComponent(bundle.bundleId)}&seq=${seq}`}>{t('card.entry', { seq: formatCount(seq) })}</a>
    ) : (
      <span className="muted">{t('card.noEntry')}</span>
    );
  return (
    <li ref={ref} className={`panel erasure${highlighted ? ' highlighted' : ''}`} aria-labelledby={`er-${e.certificateId}`} tabIndex={highlighted ? -1 : undefined}>
      <div className="erasure-head">
        <h2 id={`er-${e.certificateId}`} className="panel-title mono">
          {e.certificateId}
        </h2>
        <span className="muted">
          {t('card.subjectTenant', { subject, tenant: e.tenant || '—' })}
        </span>
        <span className={`badge deadline-${e.deadline.status}`}>{t(`card.deadline.${e.deadline.status}`)}</span>
      </div>
      <ol className="path">
        <li className={e.request ? 'path-step' : 'path-step path-missing'}>
          <div className="path-title">{t('card.request')}</div>
          {e.request ? (
            <>
              <div>{formatTime(e.request.receivedAt)}</div>
              <div className="muted small">
                {e.request.reference ?? ''} {e.request.channel ? t('card.channel', { channel: e.request.channel }) : ''} {e.request.requestedBy ? t('card.from', { who: e.request.requestedBy }) : ''}
              </div>
              <div className="small">{seqLink(e.request.seq)}</div>
            </>
          ) : (
            <div className="small">{t('card.noRequest')}</div>
          )}
        </li>
        <li className={e.execution ? 'path-step' : 'path-step path-missing'}>
          <div className="path-title">{t('card.executed')}</div>
          {e.execution ? (
            <>
              <div>{formatTime(e.execution.executedAt)}</div>
              <div className="muted small">
                {t('card.by', { who: e.execution.executedBy ?? '—' })}
                {e.execution.motive ? ` · ${t('card.quoted', { text: e.execution.motive })}` : ''}
              </div>
              <div className="small">{seqLink(e.execution.seq)}</div>
            </>
          ) : (
            <div className="small">{t('card.noExecution')}</div>
          )}
        </li>
        <li className="path-step">
          <div className="path-title">{t('card.certificate')}</div>
          <div>
            {t('card.signature')} <MarkBadge mark={e.certificate.signature} okWord={t('card.valid')} failedWord={t('card.invalid')} />
          </div>
          <div>
            {t('card.matchesAudit')} <MarkBadge mark={e.certificate.matchesAudit} okWord={t('card.yes')} failedWord={t('card.no')} />
          </div>
          {e.certificate.file && <div className="muted small mono">{e.certificate.file}</div>}
        </li>
        <li className="path-step">
          <div className="path-title">{t('card.dump')}</div>
          <div>
            {t('card.dataGone')} <MarkBadge mark={e.dump.status} okWord={t('card.yes')} failedWord={t('card.stillThere')} />
          </div>
          {e.dump.remaining && (e.dump.remaining.extension + e.dump.remaining.cdr + e.dump.remaining.reveals > 0) && (
            <div className="small">
              {t('card.stillInDump', {
                ext: t('card.extRows', { count: e.dump.remaining.extension }),
                cdr: t('card.cdrRows', { count: e.dump.remaining.cdr }),
                reveals: t('card.revealRows', { count: e.dump.remaining.reveals }),
              })}
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
      {e.reviewSubject && (
        <ReviewPanel
          caseId={bundle.caseId}
          subject={e.reviewSubject}
          decidable={false}
          review={reviews.reviewOf(e.reviewSubject)}
          defaultReviewer={reviews.defaultReviewer}
          onChange={(rv) => reviews.update(e.reviewSubject!, rv)}
        />
      )}
      {e.certificate.file && <ReportAction caseId={bundle.caseId} bundleId={bundle.bundleId} certificateId={e.certificateId} />}
    </li>
  );
}

/** The signed erasure report of one certificate (PDF, JSON twin and their signatures), in French or English. */
function ReportAction({ caseId, bundleId, certificateId }: { caseId: string; bundleId: string; certificateId: string }) {
  const { t } = useTranslation('erasures');
  const [given, setGiven] = useState<GivenFacts>(NO_FACTS);
  return (
    <div className="report-action">
      <ErasureReportRun
        id={`report-lang-${certificateId}`}
        request={(lang) => ({ caseId, certificateId, lang, bundleId, ...requestFacts(given) })}
        button={t('report.button')}
        buttonLabel={t('report.buttonFor', { id: certificateId })}
        hint={t('report.hint')}
        filesLabel={t('report.files', { id: certificateId })}
        conclusions
      >
        <ReviewFields certificateId={certificateId} value={given} onChange={setGiven} />
      </ErasureReportRun>
    </div>
  );
}

interface GivenFacts {
  reviewer: string;
  reviewedAt: string;
  note: string;
  notifiedAt: string;
  reason: string;
  decidedBy: string;
  extendedTo: string;
}
const NO_FACTS: GivenFacts = { reviewer: '', reviewedAt: '', note: '', notifiedAt: '', reason: '', decidedBy: '', extendedTo: '' };

/** What the form adds to the report request: a review when a reviewer and a date are given, an extension when its three facts are. */
function requestFacts(g: GivenFacts): Pick<ErasureReportRequest, 'review' | 'extension'> {
  const review = g.reviewer.trim() && g.reviewedAt ? { reviewer: g.reviewer.trim(), reviewedAt: g.reviewedAt, ...(g.note.trim() ? { note: g.note.trim() } : {}) } : undefined;
  const extension =
    g.notifiedAt && g.reason.trim() && g.decidedBy.trim()
      ? { notifiedAt: g.notifiedAt, reason: g.reason.trim(), decidedBy: g.decidedBy.trim(), ...(g.extendedTo ? { extendedTo: g.extendedTo } : {}) }
      : undefined;
  return { ...(review ? { review } : {}), ...(extension ? { extension } : {}) };
}

/** The DPO's review and a deadline extension, recorded in the case with the next report (as erasure-report's flags do). */
function ReviewFields({ certificateId, value: g, onChange }: { certificateId: string; value: GivenFacts; onChange: (g: GivenFacts) => void }) {
  const { t } = useTranslation('erasures');
  const field = (k: keyof GivenFacts, type: 'text' | 'date' = 'text') => (
    <div className="filter">
      <label htmlFor={`${k}-${certificateId}`}>{t(`given.${k}`)}</label>
      <input id={`${k}-${certificateId}`} type={type} value={g[k]} onChange={(e) => onChange({ ...g, [k]: e.target.value })} />
    </div>
  );
  const partialReview = (g.reviewer.trim() !== '') !== (g.reviewedAt !== '');
  const extCount = [g.notifiedAt, g.reason.trim(), g.decidedBy.trim()].filter(Boolean).length;
  return (
    <details className="given-facts">
      <summary className="small">{t('given.summary')}</summary>
      <fieldset>
        <legend className="small">{t('given.review')}</legend>
        <div className="row wrap">
          {field('reviewer')}
          {field('reviewedAt', 'date')}
          {field('note')}
        </div>
      </fieldset>
      <fieldset>
        <legend className="small">{t('given.extension')}</legend>
        <div className="row wrap">
          {field('notifiedAt', 'date')}
          {field('reason')}
          {field('decidedBy')}
          {field('extendedTo', 'date')}
        </div>
      </fieldset>
      <p className="small muted">{t('given.hint')}</p>
      {partialReview && <p className="small field-error">{t('given.reviewIncomplete')}</p>}
      {extCount > 0 && extCount < 3 && <p className="small field-error">{t('given.extensionIncomplete')}</p>}
    </details>
  );
}

function Deadline({ e }: { e: ErasurePath }) {
  const { t } = useTranslation('erasures');
  const { receivedAt, dueAt, executedAt, status } = e.deadline;
  if (!receivedAt || !dueAt) return <p className="small muted">{t('deadline.unknown')}</p>;
  const total = Math.max(daysBetween(receivedAt, dueAt), executedAt ? daysBetween(receivedAt, executedAt) : 0, 1);
  const execPct = executedAt ? Math.min(100, (daysBetween(receivedAt, executedAt) / total) * 100) : undefined;
  const duePct = (daysBetween(receivedAt, dueAt) / total) * 100;
  return (
    <div className="deadline">
      <p className="small">
        {executedAt
          ? t('deadline.executed', { count: daysBetween(receivedAt, executedAt), due: formatDate(dueAt) })
          : t('deadline.notExecuted', { due: formatDate(dueAt) })}
      </p>
      <div className="deadline-bar" aria-hidden="true">
        <div className="deadline-due" style={{ left: `${duePct}%` }} />
        {execPct !== undefined && <div className={`deadline-exec deadline-exec-${status}`} style={{ width: `${execPct}%` }} />}
      </div>
      <div className="deadline-scale small muted" aria-hidden="true">
        <span>{t('deadline.received', { date: formatDate(receivedAt) })}</span>
        <span>{t('deadline.due', { date: formatDate(dueAt) })}</span>
      </div>
    </div>
  );
}
