// The auditor's review kept in the case (case format 3, review_events): what
// was tagged, starred, commented and decided, by whom and when. Each change
// is one appended event with its custody entry (review.annotate); a subject's
// current state is replayed from its events, so its decisions keep their
// history and nothing is ever rewritten.
import type Database from 'better-sqlite3';
import { appendCustody, osUser } from '../case/custody-log.js';
import { isRfc3339Ms, toMs } from '../time/rfc3339.js';
import { DECIDABLE, DECISIONS, NEEDS_REASON, subjectKind, subjectProblem, type Decision } from '../../model/review-subject.js';

export { DECISIONS, NEEDS_REASON, type Decision } from '../../model/review-subject.js';

export type ReviewChange =
  | { kind: 'tag' | 'untag'; tag: string }
  | { kind: 'star' | 'unstar' }
  | { kind: 'comment'; text: string }
  | { kind: 'decision'; decision: Decision; reason?: string };

export interface ReviewEvent {
  id: number;
  subject: string;
  kind: ReviewChange['kind'];
  value: string | null;
  reason: string | null;
  reviewer: string;
  /** When the reviewer did it. */
  at: string;
  recorded_at: string;
  os_user: string;
}

export interface DecisionRecord {
  decision: Decision;
  reason?: string;
  reviewer: string;
  at: string;
}

/** One subject's review as its events leave it. */
export interface SubjectReview {
  subject: string;
  tags: string[];
  starred: boolean;
  comments: { text: string; reviewer: string; at: string }[];
  /** The decision in force (the latest). */
  decision?: DecisionRecord;
  /** Every decision, oldest first. */
  decisions: DecisionRecord[];
}

const MAX_TEXT = 4000;
const MAX_TAG = 64;
/** How far past this machine's clock a stated time may be (clocks drift). */
const CLOCK_TOLERANCE_MS = 5 * 60_000;

export class ReviewInputError extends Error {
  override name = 'ReviewInputError';
}

/** Why the change cannot be recorded (empty: it can). */
export function reviewChangeProblems(subject: string, change: ReviewChange, who: { reviewer: string; at: string }, now = Date.now()): string[] {
  const out: string[] = [];
  const sp = subjectProblem(subject);
  if (sp) out.push(sp);
  if (who.reviewer.trim() === '') out.push('the reviewer is empty');
  if (who.reviewer.length > 200) out.push('the reviewer has at most 200 characters');
  if (!isRfc3339Ms(who.at)) out.push('the time must be an RFC 3339 UTC time with milliseconds');
  else if (toMs(who.at) > now + CLOCK_TOLERANCE_MS) out.push(`the time ${who.at} is in the future: give when it was done`);
  switch (change.kind) {
    case 'tag':
    case 'untag':
      if (!/^[\p{L}\p{N}][\p{L}\p{N} _.\-/]*$/u.test(change.tag) || change.tag.length > MAX_TAG) {
        out.push(`a tag is up to ${MAX_TAG} letters, digits, spaces or _ . - /, starting with a letter or digit`);
      }
      break;
    case 'comment':
      if (change.text.trim() === '') out.push('the comment is empty');
      if (change.text.length > MAX_TEXT) out.push(`a comment has at most ${MAX_TEXT} characters`);
      break;
    case 'decision': {
      const kind = subjectKind(subject);
      if (kind && !DECIDABLE.includes(kind)) out.push(`only findings and review items take a decision, not ${kind === 'entry' ? 'an audit entry' : 'an erasure'}`);
      if (!(DECISIONS as readonly string[]).includes(change.decision)) out.push(`a decision is one of ${DECISIONS.join(', ')}`);
      const reason = change.reason?.trim() ?? '';
      if (NEEDS_REASON.includes(change.decision) && reason === '') out.push(`"${change.decision.replace(/_/g, ' ')}" needs a reason`);
      if ((change.reason?.length ?? 0) > MAX_TEXT) out.push(`a reason has at most ${MAX_TEXT} characters`);
      break;
    }
  }
  return out;
}

function valueOf(change: ReviewChange): string | null {
  switch (change.kind) {
    case 'tag':
    case 'untag':
      return change.tag;
    case 'comment':
      return change.text;
    case 'decision':
      return change.decision;
    default:
      return null;
  }
}

/** The state before `change`, to tell a change that changes nothing (tagging twice, the same decision again). */
function changesNothing(state: SubjectReview | undefined, change: ReviewChange): boolean {
  switch (change.kind) {
    case 'tag':
      return state?.tags.includes(change.tag) ?? false;
    case 'untag':
      return !(state?.tags.includes(change.tag) ?? false);
    case 'star':
      return state?.starred ?? false;
    case 'unstar':
      return !(state?.starred ?? false);
    case 'decision':
      return state?.decision !== undefined && state.decision.decision === change.decision && (state.decision.reason ?? '') === (change.reason?.trim() ?? '');
    default:
      return false;
  }
}

export interface AnnotateResult {
  /** False when the case already said so (nothing written). */
  recorded: boolean;
  state: SubjectReview;
  custodySeq?: number;
}

/**
 * Records one change of a subject's review, in one transaction with its
 * custody entry. Throws ReviewInputError, naming what is wrong, before
 * anything is written.
 */
export function annotate(db: Database.Database, subject: string, change: ReviewChange, who: { reviewer: string; at: string }): AnnotateResult {
  const problems = reviewChangeProblems(subject, change, who);
  if (problems.length > 0) throw new ReviewInputError(problems.join('; '));
  return db.transaction((): AnnotateResult => {
    const before = reviewOf(db, subject);
    if (changesNothing(before, change)) return { recorded: false, state: before ?? emptyReview(subject) };
    const recorded_at = new Date().toISOString();
    const reason = change.kind === 'decision' && change.reason?.trim() ? change.reason.trim() : null;
    const value = valueOf(change);
    const r = db
      .prepare('INSERT INTO review_events (subject, kind, value, reason, reviewer, at, recorded_at, os_user) VALUES (?,?,?,?,?,?,?,?)')
      .run(subject, change.kind, value, reason, who.reviewer.trim(), who.at, recorded_at, osUser());
    const custody = appendCustody(db, 'review.annotate', {
      event_id: Number(r.lastInsertRowid),
      subject,
      kind: change.kind,
      value,
      reason,
      reviewer: who.reviewer.trim(),
      at: who.at,
    });
    return { recorded: true, state: reviewOf(db, subject)!, custodySeq: custody.seq };
  }).immediate();
}

function emptyReview(subject: string): SubjectReview {
  return { subject, tags: [], starred: false, comments: [], decisions: [] };
}

function apply(state: SubjectReview, e: ReviewEvent): void {
  switch (e.kind) {
    case 'tag':
      if (!state.tags.includes(e.value!)) state.tags.push(e.value!);
      break;
    case 'untag':
      state.tags = state.tags.filter((t) => t !== e.value);
      break;
    case 'star':
      state.starred = true;
      break;
    case 'unstar':
      state.starred = false;
      break;
    case 'comment':
      state.comments.push({ text: e.value!, reviewer: e.reviewer, at: e.at });
      break;
    case 'decision': {
      const d: DecisionRecord = { decision: e.value as Decision, reviewer: e.reviewer, at: e.at, ...(e.reason ? { reason: e.reason } : {}) };
      state.decisions.push(d);
      state.decision = d;
      break;
    }
  }
}

export function reviewEvents(db: Database.Database, subject?: string): ReviewEvent[] {
  return db.prepare('SELECT * FROM review_events WHERE (? IS NULL OR subject = ?) ORDER BY id').all(subject ?? null, subject ?? null) as ReviewEvent[];
}

export function reviewOf(db: Database.Database, subject: string): SubjectReview | undefined {
  const events = reviewEvents(db, subject);
  if (events.length === 0) return undefined;
  const state = emptyReview(subject);
  for (const e of events) apply(state, e);
  return state;
}

/** Every reviewed subject's state, by subject key. */
export function allReviews(db: Database.Database): Map<string, SubjectReview> {
  const out = new Map<string, SubjectReview>();
  for (const e of reviewEvents(db)) {
    let s = out.get(e.subject);
    if (!s) out.set(e.subject, (s = emptyReview(e.subject)));
    apply(s, e);
  }
  for (const s of out.values()) s.tags.sort();
  return out;
}
