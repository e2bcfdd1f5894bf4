// What deserves a second look in the reveals the filter selects, grouped by
// kind and then by person, with counts; each item takes the auditor's review
// (the shared review controls: decision, tags, star, comments, recorded in
// the case with custody entries), a group says how many are decided, and the
// review filter (undecided, a decision, a tag) narrows the list.
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { BundleRef, RevealsRequest, ReviewItem, SubjectReviewView } from '../../../../shared/api/contract.js';
import type { FindingCode } from '../../../../shared/model/findings.js';
import { useCall } from '../../api/use-call.js';
import { navigate } from '../../app/route.js';
import { findingTitle } from '../../i18n/finding-words.js';
import { formatCount } from '../../lib/format.js';
import { ReviewPanel } from '../review/ReviewPanel.js';
import { ReviewFilterBar } from '../review/ReviewFilterBar.js';
import { isFilterActive, matchesReview, tagsInUse, type ReviewScreenFilter } from '../review/review-filter.js';
import { useCaseReviews, type CaseReviews } from '../review/use-reviews.js';
import { SeverityBadge } from '../badges.js';
import { FileLines } from '../FileLines.js';
import { ErrorState, Loading } from '../states.js';
import { groupReviewItems } from './review-groups.js';

export function RevealReview({ request, filtered }: { request: RevealsRequest; filtered: boolean }) {
  const { t } = useTranslation('reveals');
  const items = useCall('reveals.review', request);
  const reviews = useCaseReviews(request.caseId, { kinds: ['finding', 'review'], bundleId: request.bundleId });
  const [reviewFilter, setReviewFilter] = useState<ReviewScreenFilter>({});
  const decided = (list: readonly ReviewItem[]) => list.filter((i) => reviews.reviewOf(i.reviewSubject)?.decision !== undefined).length;
  const all = items.data ?? [];
  const shown = isFilterActive(reviewFilter) ? all.filter((i) => matchesReview(reviews.reviewOf(i.reviewSubject), true, reviewFilter)) : all;

  return (
    <section className="panel" aria-labelledby="review-title" data-testid="reveals-review">
      <h2 id="review-title" className="panel-title">
        {t('review.title')}
      </h2>
      {items.status === 'loading' && <Loading label={t('review.loading')} />}
      {items.status === 'error' && <ErrorState error={items.error} onRetry={items.reload} />}
      {reviews.status === 'error' && <ErrorState error={reviews.error!} onRetry={reviews.reload} title={t('review.reviewsFailed')} />}
      {items.status === 'ready' && items.data.length === 0 && <p>{filtered ? t('review.noneFiltered') : t('review.none')}</p>}
      {items.status === 'ready' && items.data.length > 0 && (
        <>
          <p className="muted" data-testid="review-counts">
            {t('review.counts', { items: t('review.items', { count: all.length }), decided: t('review.decided', { count: decided(all) }) })}
          </p>
          <ReviewFilterBar value={reviewFilter} onChange={setReviewFilter} tags={tagsInUse(reviews.reviews)} decidable shown={shown.length} total={all.length} />
          {groupReviewItems(shown).map((g) => (
            <details key={g.kind} className="review-group" data-kind={g.kind} open={g.count <= 5 || isFilterActive(reviewFilter)}>
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
                      <ReviewItemView key={it.id} bundle={request} item={it} reviews={reviews} />
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

function ReviewItemView({ bundle, item: it, reviews }: { bundle: BundleRef; item: ReviewItem; reviews: CaseReviews }) {
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
      <ReviewPanel
        caseId={bundle.caseId}
        subject={it.reviewSubject}
        decidable
        review={reviews.reviewOf(it.reviewSubject)}
        defaultReviewer={reviews.defaultReviewer}
        onChange={(r: SubjectReviewView) => reviews.update(it.reviewSubject, r)}
      />
    </li>
  );
}

