// The review the case holds for a screen's items, read once with review.list
// (the engine's filter: kinds, bundle), kept up to date as the controls
// record changes (each answer of review.annotate is the subject's new state).
import { useCallback, useMemo, useState } from 'react';
import type { ApiError } from '../../../../shared/api/contract.js';
import type { ReviewFilter, ReviewSubjectView, SubjectReviewView } from '../../../../shared/api/contract.js';
import { useCall } from '../../api/use-call.js';

export interface CaseReviews {
  status: 'loading' | 'error' | 'ready';
  error?: ApiError;
  /** The subjects review.list gave (annotated entries only, for audit entries). */
  subjects: ReviewSubjectView[];
  reviewOf(subject: string | undefined): SubjectReviewView | undefined;
  /** Every review known to this page (after the changes made here). */
  reviews: SubjectReviewView[];
  /** The system user, the reviewer's name until the auditor types one. */
  defaultReviewer: string;
  /** Takes the state review.annotate answered for a subject. */
  update(subject: string, review: SubjectReviewView): void;
  reload(): void;
}

export function useCaseReviews(caseId: string, filter: ReviewFilter): CaseReviews {
  const r = useCall('review.list', { caseId, filter });
  const [changed, setChanged] = useState<Map<string, SubjectReviewView>>(new Map());
  const listed = useMemo(() => {
    const m = new Map<string, SubjectReviewView>();
    for (const s of r.data?.subjects ?? []) if (s.review) m.set(s.subject, s.review);
    return m;
  }, [r.data]);
  const reviewOf = useCallback((subject: string | undefined) => (subject === undefined ? undefined : (changed.get(subject) ?? listed.get(subject))), [changed, listed]);
  const update = useCallback((subject: string, review: SubjectReviewView) => setChanged((m) => new Map(m).set(subject, review)), []);
  const reviews = useMemo(() => [...new Map([...listed, ...changed]).values()], [listed, changed]);
  const { reload } = r;
  return {
    status: r.status,
    ...(r.status === 'error' ? { error: r.error } : {}),
    subjects: r.data?.subjects ?? [],
    reviewOf,
    reviews,
    defaultReviewer: r.data?.defaultReviewer ?? '',
    update,
    reload: useCallback(() => {
      setChanged(new Map());
      reload();
    }, [reload]),
  };
}
