// The auditor's review of one thing of the case (a finding, a reveal review
// item, an erasure, an audit entry): star, tags, comments and, for findings
// and review items, the decision with its reason, reviewer and time, and the
// history of every change. Each control records one change through
// review.annotate; the engine checks it (a reason where one is needed, tag
// spelling) and keeps it in the case with its custody entry.
import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ReviewChangeRequest, SubjectReviewView } from '../../../../shared/api/contract.js';
import { DECISIONS, NEEDS_REASON, type Decision } from '../../../../shared/api/contract.js';
import { api } from '../../api/client.js';
import { formatTime } from '../../lib/format.js';
import { DecisionHistory } from './DecisionHistory.js';
import { useReviewer } from './reviewer.js';

export interface ReviewControlsProps {
  caseId: string;
  /** The subject key (shared/model/review-subject.ts), as the API gives it. */
  subject: string;
  /** Findings and reveal review items take a decision; entries and erasures do not. */
  decidable: boolean;
  review?: SubjectReviewView;
  /** Reviewer's name until the auditor types one (review.list's defaultReviewer). */
  defaultReviewer: string;
  /** The subject's state after a recorded change. */
  onChange: (review: SubjectReviewView) => void;
}

const EMPTY: SubjectReviewView = { tags: [], starred: false, comments: [], decisions: [] };

export function ReviewControls({ caseId, subject, decidable, review = EMPTY, defaultReviewer, onChange }: ReviewControlsProps) {
  const { t } = useTranslation('review');
  const id = useId();
  const [reviewer, setReviewer] = useReviewer(defaultReviewer);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | undefined>();
  const [note, setNote] = useState<string | undefined>();
  const [tag, setTag] = useState('');
  const [comment, setComment] = useState('');
  const [showHistory, setShowHistory] = useState(false);
  const [historyTick, setHistoryTick] = useState(0);

  async function record(change: ReviewChangeRequest, done?: (recorded: boolean) => void): Promise<void> {
    setBusy(true);
    setError(undefined);
    setNote(undefined);
    const r = await api().call('review.annotate', { caseId, subject, change, reviewer: reviewer.trim() });
    setBusy(false);
    if (!r.ok) {
      setError(t('failed', { message: r.error.message }));
      return;
    }
    onChange(r.value.review);
    setHistoryTick((n) => n + 1);
    done?.(r.value.recorded);
  }

  return (
    <section className="review" aria-label={t('panel')} data-testid="review-controls" data-subject={subject}>
      <div className="review-row">
        <button
          type="button"
          className={`btn btn-small review-star${review.starred ? ' review-star-on' : ''}`}
          aria-pressed={review.starred}
          disabled={busy}
          onClick={() => void record({ kind: review.starred ? 'unstar' : 'star' })}
        >
          <span aria-hidden="true">{review.starred ? '★' : '☆'}</span> {review.starred ? t('starred') : t('star')}
        </button>
        <div className="review-tags" role="group" aria-label={t('tags')}>
          {review.tags.length === 0 && <span className="muted small">{t('noTags')}</span>}
          {review.tags.map((tg) => (
            <span key={tg} className="tag-chip">
              {tg}
              <button type="button" className="tag-remove" aria-label={t('removeTag', { tag: tg })} disabled={busy} onClick={() => void record({ kind: 'untag', tag: tg })}>
                ×
              </button>
            </span>
          ))}
        </div>
        <form
          className="review-inline"
          onSubmit={(e) => {
            e.preventDefault();
            if (tag.trim()) void record({ kind: 'tag', tag: tag.trim() }, () => setTag(''));
          }}
        >
          <label htmlFor={`${id}-tag`} className="sr-only">
            {t('addTag')}
          </label>
          <input id={`${id}-tag`} value={tag} size={12} placeholder={t('addTag')} title={t('tagHint')} onChange={(e) => setTag(e.target.value)} />
          <button type="submit" className="btn btn-small" disabled={busy || tag.trim() === ''}>
            {t('addTagButton')}
          </button>
        </form>
      </div>

      {decidable && <DecisionControl review={review} busy={busy} onRecord={(d, reason) => void record({ kind: 'decision', decision: d, ...(reason ? { reason } : {}) }, (rec) => setNote(rec ? t('decision.recorded') : t('decision.unchanged')))} />}

      <div className="review-comments">
        <h4 className="review-subtitle">{t('comments.title')}</h4>
        {review.comments.length === 0 ? (
          <p className="muted small">{t('comments.none')}</p>
        ) : (
          <ul className="plain review-comment-list">
            {review.comments.map((c, i) => (
              <li key={i}>
                <p className="review-comment-text">{c.text}</p>
                <p className="muted small">{t('comments.by', { reviewer: c.reviewer, time: formatTime(c.at) })}</p>
              </li>
            ))}
          </ul>
        )}
        <form
          className="review-comment-form"
          onSubmit={(e) => {
            e.preventDefault();
            if (comment.trim()) void record({ kind: 'comment', text: comment.trim() }, () => setComment(''));
          }}
        >
          <label htmlFor={`${id}-comment`}>{t('comments.add')}</label>
          <textarea id={`${id}-comment`} rows={2} value={comment} onChange={(e) => setComment(e.target.value)} />
          <button type="submit" className="btn btn-small" disabled={busy || comment.trim() === ''}>
            {t('comments.addButton')}
          </button>
        </form>
      </div>

      <div className="review-row review-foot">
        <label htmlFor={`${id}-reviewer`}>{t('reviewer')}</label>
        <input id={`${id}-reviewer`} value={reviewer} size={18} title={t('reviewerHint')} onChange={(e) => setReviewer(e.target.value)} />
        <button type="button" className="btn btn-small btn-quiet" aria-expanded={showHistory} onClick={() => setShowHistory((s) => !s)}>
          {showHistory ? t('history.hide') : t('history.show')}
        </button>
      </div>
      {error && (
        <p className="field-error" role="alert">
          {error}
        </p>
      )}
      {note && (
        <p className="small" role="status">
          {note}
        </p>
      )}
      {showHistory && <DecisionHistory caseId={caseId} subject={subject} refresh={historyTick} />}
      <p className="muted small">{t('custodyNote')}</p>
    </section>
  );
}

/** The decision in force (who, when, why), and a form to record a new one. */
function DecisionControl({ review, busy, onRecord }: { review: SubjectReviewView; busy: boolean; onRecord: (d: Decision, reason: string) => void }) {
  const { t } = useTranslation('review');
  const id = useId();
  const [choice, setChoice] = useState<Decision | ''>(review.decision?.decision ?? '');
  const [reason, setReason] = useState('');
  const [missing, setMissing] = useState(false);
  const d = review.decision;
  const needsReason = choice !== '' && NEEDS_REASON.includes(choice);
  return (
    <div className="review-decision">
      <h4 className="review-subtitle">{t('decision.title')}</h4>
      {d ? (
        <p className="review-current" data-testid="decision-current">
          <span className={`badge decision-badge decision-${d.decision}`}>{t(`decision.value.${d.decision}`)}</span>{' '}
          {t('decision.by', { reviewer: d.reviewer, time: formatTime(d.at) })}
          {d.reason && <span className="review-reason"> · {d.reason}</span>}
        </p>
      ) : (
        <p className="muted small" data-testid="decision-current">
          {t('decision.none')}
        </p>
      )}
      <form
        className="review-decision-form"
        onSubmit={(e) => {
          e.preventDefault();
          if (choice === '') return;
          if (needsReason && reason.trim() === '') {
            setMissing(true);
            return;
          }
          setMissing(false);
          onRecord(choice, reason.trim());
          setReason('');
        }}
      >
        <fieldset className="review-choices">
          <legend className="sr-only">{t('decision.choose')}</legend>
          {DECISIONS.map((v) => (
            <label key={v} className="review-choice" title={t(`decision.means.${v}`)}>
              <input type="radio" name={`${id}-decision`} value={v} checked={choice === v} onChange={() => setChoice(v)} /> {t(`decision.value.${v}`)}
            </label>
          ))}
        </fieldset>
        {choice !== '' && <p className="muted small">{t(`decision.means.${choice}`)}</p>}
        <label htmlFor={`${id}-reason`}>{needsReason ? t('decision.reasonRequired') : t('decision.reason')}</label>
        <input id={`${id}-reason`} value={reason} aria-invalid={missing} onChange={(e) => setReason(e.target.value)} />
        {missing && choice !== '' && (
          <p className="field-error" role="alert">
            {t('decision.reasonNeeded', { decision: t(`decision.value.${choice}`) })}
          </p>
        )}
        <button type="submit" className="btn btn-small btn-primary" disabled={busy || choice === ''}>
          {t('decision.record')}
        </button>
      </form>
    </div>
  );
}
