// The review screens' data and changes (engine/review), in the contract's
// terms: renaming and bundle ids as strings only; what a subject is, what a
// filter keeps and whether a change may be recorded are the engine's.
import type { CaseFile } from '../../engine/case/case-file.js';
import { osUser } from '../../engine/case/custody-log.js';
import { reviewSubjects, type ReviewSubject } from '../../engine/review/case-subjects.js';
import { annotate, reviewEvents, ReviewInputError, type SubjectReview } from '../../engine/review/review-log.js';
import { deleteView, savedViews, saveView } from '../../engine/review/saved-views.js';
import type { ReviewAnnotateRequest, ReviewEventView, ReviewFilter, ReviewSubjectView, SavedViewInfo, SubjectReviewView, ViewScreen } from '../contract.js';
import { ApiFailure } from '../result.js';

function reviewView(r: SubjectReview): SubjectReviewView {
  return { tags: r.tags, starred: r.starred, comments: r.comments, ...(r.decision ? { decision: r.decision } : {}), decisions: r.decisions };
}

function subjectView({ bundleId, review, ...s }: ReviewSubject): ReviewSubjectView {
  return { ...s, bundleId: String(bundleId), ...(review ? { review: reviewView(review) } : {}) };
}

function refused<T>(fn: () => T): T {
  try {
    return fn();
  } catch (e) {
    if (e instanceof ReviewInputError) throw new ApiFailure('invalid_request', e.message.charAt(0).toUpperCase() + e.message.slice(1) + '.');
    throw e;
  }
}

export function reviewList(c: CaseFile, filter: ReviewFilter = {}): { subjects: ReviewSubjectView[]; defaultReviewer: string } {
  const { bundleId, ...rest } = filter;
  const subjects = reviewSubjects(c.store, { ...rest, ...(bundleId !== undefined ? { bundleId: Number(bundleId) } : {}) });
  return { subjects: subjects.map(subjectView), defaultReviewer: osUser() };
}

export function reviewAnnotate(c: CaseFile, r: ReviewAnnotateRequest, now: Date): { recorded: boolean; review: SubjectReviewView } {
  const result = refused(() => annotate(c.db, r.subject, r.change, { reviewer: r.reviewer, at: now.toISOString() }));
  return { recorded: result.recorded, review: reviewView(result.state) };
}

export function reviewHistory(c: CaseFile, subject: string): ReviewEventView[] {
  return reviewEvents(c.db, subject).map((e) => ({ kind: e.kind, value: e.value, reason: e.reason, reviewer: e.reviewer, at: e.at, recordedAt: e.recorded_at, osUser: e.os_user }));
}

export function viewList(c: CaseFile, screen?: ViewScreen): SavedViewInfo[] {
  return savedViews(c.db, screen).map((v) => ({ name: v.name, screen: v.screen, filter: v.filter, savedAt: v.saved_at, savedBy: v.saved_by }));
}

export function viewSave(c: CaseFile, screen: ViewScreen, name: string, filter: Record<string, unknown>): { saved: boolean } {
  return { saved: refused(() => saveView(c.db, screen, name, filter)) };
}

export function viewDelete(c: CaseFile, screen: ViewScreen, name: string): { deleted: boolean } {
  return { deleted: refused(() => deleteView(c.db, screen, name)) };
}
