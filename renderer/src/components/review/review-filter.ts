// The review filter a screen offers over its own items (findings, erasures,
// entries, reveal review items): by decision, star and tag. It keeps what the
// engine's review filter (review.list, engine/review/case-subjects.ts) keeps,
// on items the screen already shows.
import type { Decision, SubjectReviewView } from '../../../../shared/api/contract.js';

export interface ReviewScreenFilter {
  /** 'undecided': decidable items without a decision; 'decided': with one. */
  decision?: Decision | 'undecided' | 'decided';
  starred?: boolean;
  tag?: string;
}

export function isFilterActive(f: ReviewScreenFilter): boolean {
  return f.decision !== undefined || f.starred === true || (f.tag !== undefined && f.tag !== '');
}

export function matchesReview(review: SubjectReviewView | undefined, decidable: boolean, f: ReviewScreenFilter): boolean {
  if (f.decision === 'undecided' && (!decidable || review?.decision !== undefined)) return false;
  if (f.decision === 'decided' && review?.decision === undefined) return false;
  if (f.decision !== undefined && f.decision !== 'undecided' && f.decision !== 'decided' && review?.decision?.decision !== f.decision) return false;
  if (f.starred === true && !(review?.starred ?? false)) return false;
  if (f.tag && !(review?.tags.includes(f.tag) ?? false)) return false;
  return true;
}

/** Every tag in use among these reviews, sorted, for the filter's list. */
export function tagsInUse(reviews: Iterable<SubjectReviewView | undefined>): string[] {
  const out = new Set<string>();
  for (const r of reviews) for (const t of r?.tags ?? []) out.add(t);
  return [...out].sort((a, b) => a.localeCompare(b));
}
