// What deserves a second look in the reveals the filter selects, grouped by
// kind and then by person, with counts; each item takes the auditor's
// decision (review.annotate, recorded in the case with its custody entry),
// and a group says how many of its items are decided.
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { BundleRef, Decision, RevealsRequest, ReviewItem, SubjectReviewView } from '../../../../shared/api/contract.js';
import { DECISIONS, NEEDS_REASON } from '../../../../shared/api/contract.js';
import type { FindingCode } from '../../../../shared/model/findings.js';
import { api } from '../../api/client.js';
import { useCall } from '../../api/use-call.js';
import { navigate } from '../../app/route.js';
import { findingTitle } from '../../i18n/finding-words.js';
import { formatCount, formatTime } from '../../lib/format.js';
import { SeverityBadge } from '../badges.js';
import { FileLines } from '../FileLines.js';
import { ErrorState, Loading } from '../states.js';
import { groupReviewItems } from './review-groups.js';

export function RevealReview({ request, filtered }: { request: RevealsRequest; filtered: boolean }) {
  const { t } = useTranslation('reveals');
  const items = useCall('reveals.review', request);
  const reviews = useCall('review.list', { caseId: request.caseId, filter: { kinds: ['finding', 'review'], bundleId: request.bundleId } });
  const [changed, setChanged] = useState<Map<string, SubjectReviewView>>(new Map());
  const [reviewer, setReviewer] = useState<string | undefined>();
  const reviewOf = (subject: string) => changed.get(subject) ?? reviews.data?.subjects.find((s) => s.subject === subject)?.review;
  const decided = (list: readonly ReviewItem[]) => list.filter((i) => reviewOf(i.reviewSubject)?.decision !== undefined).length;
  const who = reviewer ?? reviews.data?.defaultReviewer ?? '';

  return (
    <section className="panel" aria-labelledby="review-title" data-testid="reveals-review">
      <h2 id="review-title" className="panel-title">
        {t('review.title')}
      </h2>
      {items.status === 'loading' && <Loading label={t('review.loading')} />}
      {items.status === 'error' && <ErrorState error={items.error} onRetry={items.reload} />}
      {reviews.status === 'error' && <ErrorState error={reviews.error} onRetry={reviews.reload} title={t('review.reviewsFailed')} />}
      {items.status === 'ready' && items.data.length === 0 && <p>{filtered ? t('review.noneFiltered') : t('review.none')}</p>}
      {items.status === 'ready' && items.data.length > 0 && (
        <>
          <div className="row wrap review-head">
            <p className="muted" data-testid="review-counts">
              {t('review.counts', { items: t('review.items', { count: items.data.length }), decided: t('review.decided', { count: decided(items.data) }) })}
            </p>
            <div className="filter">
              <label htmlFor="rr-reviewer">{t('review.reviewer')}</label>
              <input id="rr-reviewer" value={who} maxLength={200} onChange={(e) => setReviewer(e.target.value)} />
            </div>
          </div>
          {groupReviewItems(items.data).map((g) => (
            <details key={g.kind} className="review-group" data-kind={g.kind} open={g.count <= 5}>
              <summary>
                <strong>{kindLabel(g.kind, t)}</strong>{' '}
                <span className="muted">{t('review.groupCount', { items: t('review.items', { count: g.count }), decided: t('review.decided', { count: decided(g.actors.flatMap((a) => a.items)) }) })}</span>
              </summary>
              {g.actors.map((a) => (
                <details key={a.actor ?? ''} className="review-actor" data-actor={a.actor ?? ''} open={a.items.length <= 3}>
                  <summary>
                    <strong>{a.actor ?? t('review.noActor')}</strong>{' '}
                    <span className="muted small">{t('review.groupCount', { items: t('review.items', { count: a.items.length }), decided: t('review.decided', { count: decided(a.items) }) })}</span>
                  </summary>
                  <ul className="plain review-items">
                    {a.items.map((it) => (
                      <ReviewItemView
                        key={it.id}
                        bundle={request}
                        item={it}
                        review={reviewOf(it.reviewSubject)}
                        reviewer={who}
                        onChange={(r) => setChanged((m) => new Map(m).set(it.reviewSubject, r))}
                      />
                    ))}
                  </ul>
                </details>
              ))}
            </details>
          ))}
        </>
      )}
    </section>
  );
}

function kindLabel(kind: string, t: (k: string) => string): string {
  return kind.includes('.') ? findingTitle(kind as FindingCode) : t(`kind.${kind}`);
}

function ReviewItemView({
  bundle,
  item: it,
  review,
  reviewer,
  onChange,
}: {
  bundle: BundleRef;
  item: ReviewItem;
  review: SubjectReviewView | undefined;
  reviewer: string;
  onChange: (r: SubjectReviewView) => void;
}) {
  const { t } = useTranslation('reveals');
  const [open, setOpen] = useState(false);
  return (
    <li className={`mini-finding sev-border-${it.severity}`} data-subject={it.reviewSubject}>
      <div>
        <SeverityBadge severity={it.severity} /> <strong>{kindLabel(it.kind, t)}</strong>
      </div>
      <p>{it.description}</p>
      <div className="row wrap">
        {it.seq !== undefined && (
          <button type="button" className="btn btn-small" onClick={() => navigate({ screen: 'audit', ...bundle, seq: it.seq })}>
            {t('openEntry', { seq: formatCount(it.seq) })}
          </button>
        )}
        {it.file && it.line !== undefined && (
          <button type="button" className="btn btn-small" aria-expanded={open} onClick={() => setOpen((o) => !o)}>
            {t(open ? 'review.hideLine' : 'review.showLine', { line: formatCount(it.line) })}
          </button>
        )}
      </div>
      {open && it.file && it.line !== undefined && <FileLines bundle={bundle} file={it.file} line={it.line} />}
      <DecisionControl caseId={bundle.caseId} subject={it.reviewSubject} review={review} reviewer={reviewer} onChange={onChange} />
    </li>
  );
}

/** The item's decision in force, and the form to record one (a reason where the decision needs one). */
function DecisionControl({ caseId, subject, review, reviewer, onChange }: { caseId: string; subject: string; review: SubjectReviewView | undefined; reviewer: string; onChange: (r: SubjectReviewView) => void }) {
  const { t } = useTranslation('reveals');
  const [decision, setDecision] = useState<Decision | ''>('');
  const [reason, setReason] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | undefined>();
  const needsReason = decision !== '' && NEEDS_REASON.includes(decision);
  const current = review?.decision;
  const key = subject.replace(/[^A-Za-z0-9_-]/g, '_');

  async function record() {
    if (decision === '') return;
    setBusy(true);
    setError(undefined);
    const r = await api().call('review.annotate', { caseId, subject, reviewer: reviewer.trim(), change: { kind: 'decision', decision, ...(reason.trim() ? { reason: reason.trim() } : {}) } });
    setBusy(false);
    if (!r.ok) return setError(r.error.message);
    onChange(r.value.review);
    setDecision('');
    setReason('');
  }

  return (
    <div className="decision" data-testid="decision">
      {current ? (
        <p className="small decision-current" data-decision={current.decision}>
          <span className={`badge decision-${current.decision}`}>{t(`decision.${current.decision}`)}</span>{' '}
          {t('decision.by', { reviewer: current.reviewer, at: formatTime(current.at) })}
          {current.reason ? ` — ${current.reason}` : ''}
        </p>
      ) : (
        <p className="small muted">{t('decision.none')}</p>
      )}
      <form
        className="row wrap"
        onSubmit={(e) => {
          e.preventDefault();
          void record();
        }}
      >
        <label className="sr-only" htmlFor={`d-${key}`}>
          {t('decision.label')}
        </label>
        <select id={`d-${key}`} value={decision} onChange={(e) => setDecision(e.target.value as Decision | '')}>
          <option value="">{current ? t('decision.change') : t('decision.choose')}</option>
          {DECISIONS.map((d) => (
            <option key={d} value={d}>
              {t(`decision.${d}`)}
            </option>
          ))}
        </select>
        {needsReason && (
          <>
            <label className="sr-only" htmlFor={`r-${key}`}>
              {t('decision.reason')}
            </label>
            <input id={`r-${key}`} value={reason} placeholder={t('decision.reasonHint')} maxLength={4000} onChange={(e) => setReason(e.target.value)} />
          </>
        )}
        <button type="submit" className="btn btn-small" disabled={busy || decision === '' || (needsReason && !reason.trim()) || !reviewer.trim()}>
          {t('decision.record')}
        </button>
      </form>
      {error && (
        <p className="field-error small" role="alert">
          {error}
        </p>
      )}
    </div>
  );
}
