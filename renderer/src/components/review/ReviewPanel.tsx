// A review folded into a list item: one line saying where the review stands
// (star, tags, decision, comments), and a button that opens the controls.
// Lists of findings, erasures and reveal review items use it as is.
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { SubjectReviewView } from '../../../../shared/api/contract.js';
import { formatTime } from '../../lib/format.js';
import { ReviewControls, type ReviewControlsProps } from './ReviewControls.js';

export function ReviewSummary({ review, decidable }: { review?: SubjectReviewView; decidable: boolean }) {
  const { t } = useTranslation('review');
  const parts = [];
  if (review?.starred) parts.push(<span key="star" className="review-star-mark" title={t('starred')}>★ {t('summary.starred')}</span>);
  for (const tg of review?.tags ?? []) parts.push(<span key={`tag-${tg}`} className="tag-chip tag-chip-static">{tg}</span>);
  if (decidable) {
    const d = review?.decision;
    parts.push(
      d ? (
        <span key="decision" className={`badge decision-badge decision-${d.decision}`} title={`${d.reviewer}, ${formatTime(d.at)}${d.reason ? ` · ${d.reason}` : ''}`}>
          {t(`decision.value.${d.decision}`)}
        </span>
      ) : (
        <span key="decision" className="badge decision-badge decision-none">
          {t('summary.undecided')}
        </span>
      ),
    );
  }
  if (review && review.comments.length > 0) parts.push(<span key="comments" className="muted small">{t('summary.comments', { count: review.comments.length })}</span>);
  return (
    <span className="review-summary" data-testid="review-summary">
      {parts}
    </span>
  );
}

/** The summary line with a Review button; the controls open below it. */
export function ReviewPanel(props: ReviewControlsProps & { initiallyOpen?: boolean }) {
  const { t } = useTranslation('review');
  const { initiallyOpen = false, ...controls } = props;
  const [open, setOpen] = useState(initiallyOpen);
  return (
    <div className="review-panel">
      <div className="review-panel-head">
        <ReviewSummary review={controls.review} decidable={controls.decidable} />
        <button type="button" className="btn btn-small" aria-expanded={open} onClick={() => setOpen((o) => !o)}>
          {open ? t('hide') : t('open')}
        </button>
      </div>
      {open && <ReviewControls {...controls} />}
    </div>
  );
}
