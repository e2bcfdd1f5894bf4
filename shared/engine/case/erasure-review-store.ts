// What an erasure report needs that the appliance does not record, kept in
// the case (case format 2): deadline extensions notified to the data subject,
// per certificate, and reviews of a report, per report target (a certificate
// id, or ext:PSEUDONYM for every erasure of one data subject). Append-only:
// the latest row speaks, earlier ones stay; each row has its custody entry.
import type Database from 'better-sqlite3';
import { isRfc3339Ms, toMs } from '../time/rfc3339.js';
import type { DeadlineExtension } from '../reports/erasure/deadline.js';
import { appendCustody, osUser } from './custody-log.js';

export interface ErasureReview {
  reviewer: string;
  reviewed_at: string;
  note?: string;
}

interface Recorded {
  id: number;
  recorded_at: string;
  os_user: string;
}

export interface StoredExtension extends DeadlineExtension, Recorded {
  certificate_id: string;
}

export interface StoredReview extends ErasureReview, Recorded {
  target: string;
}

export interface RecordResult<T> {
  /** False when the same facts were already the latest (nothing written). */
  recorded: boolean;
  row: T;
  custodySeq?: number;
}

const MAX_TEXT = 4000;

function text(errors: string[], name: string, v: unknown, optional = false): void {
  if (v === undefined && optional) return;
  if (typeof v !== 'string' || v.trim() === '') errors.push(`${name} is empty`);
  else if (v.length > MAX_TEXT) errors.push(`${name} is longer than ${MAX_TEXT} characters`);
}

function time(errors: string[], name: string, v: unknown): void {
  if (!isRfc3339Ms(v)) errors.push(`${name} must be an RFC 3339 UTC time with milliseconds, e.g. 2026-03-03T10:00:00.000Z`);
}

export function validateExtension(e: DeadlineExtension): string[] {
  const errors: string[] = [];
  time(errors, 'notified_at', e.notified_at);
  text(errors, 'reason', e.reason);
  text(errors, 'decided_by', e.decided_by);
  if (e.extended_to !== undefined) {
    time(errors, 'extended_to', e.extended_to);
    if (errors.length === 0 && toMs(e.extended_to) <= toMs(e.notified_at)) errors.push('extended_to must come after notified_at');
  }
  return errors;
}

export function validateReview(r: ErasureReview): string[] {
  const errors: string[] = [];
  text(errors, 'reviewer', r.reviewer);
  time(errors, 'reviewed_at', r.reviewed_at);
  text(errors, 'note', r.note, true);
  return errors;
}

/** The target string of a report: its certificate id, or ext:PSEUDONYM. */
export function reviewTarget(scope: { certificateId: string } | { pseudonym: string }): string {
  return 'certificateId' in scope ? scope.certificateId : `ext:${scope.pseudonym}`;
}

interface ExtensionRow extends Recorded {
  certificate_id: string;
  extended_to: string | null;
  notified_at: string;
  reason: string;
  decided_by: string;
}

interface ReviewRow extends Recorded {
  target: string;
  reviewer: string;
  reviewed_at: string;
  note: string | null;
}

const extensionOf = (r: ExtensionRow): StoredExtension => ({
  id: r.id,
  certificate_id: r.certificate_id,
  notified_at: r.notified_at,
  reason: r.reason,
  decided_by: r.decided_by,
  ...(r.extended_to !== null ? { extended_to: r.extended_to } : {}),
  recorded_at: r.recorded_at,
  os_user: r.os_user,
});

const reviewOf = (r: ReviewRow): StoredReview => ({
  id: r.id,
  target: r.target,
  reviewer: r.reviewer,
  reviewed_at: r.reviewed_at,
  ...(r.note !== null ? { note: r.note } : {}),
  recorded_at: r.recorded_at,
  os_user: r.os_user,
});

/** Every extension recorded for a certificate, oldest first. */
export function extensionHistory(db: Database.Database, certificateId: string): StoredExtension[] {
  return (db.prepare('SELECT * FROM erasure_extensions WHERE certificate_id = ? ORDER BY id').all(certificateId) as ExtensionRow[]).map(extensionOf);
}

/** The latest extension of each certificate given (of every certificate when none is given). */
export function latestExtensions(db: Database.Database, certificateIds?: string[]): Record<string, StoredExtension> {
  const rows = db
    .prepare('SELECT * FROM erasure_extensions e WHERE id = (SELECT max(id) FROM erasure_extensions x WHERE x.certificate_id = e.certificate_id) ORDER BY certificate_id')
    .all() as ExtensionRow[];
  const wanted = certificateIds ? new Set(certificateIds) : undefined;
  return Object.fromEntries(rows.filter((r) => !wanted || wanted.has(r.certificate_id)).map((r) => [r.certificate_id, extensionOf(r)]));
}

export function recordExtension(db: Database.Database, certificateId: string, e: DeadlineExtension, now = new Date()): RecordResult<StoredExtension> {
  const errors = [...(certificateId.trim() === '' ? ['the certificate id is empty'] : []), ...validateExtension(e)];
  if (errors.length > 0) throw new Error(`invalid deadline extension: ${errors.join('; ')}`);
  return db.transaction((): RecordResult<StoredExtension> => {
    const latest = extensionHistory(db, certificateId).at(-1);
    if (
      latest &&
      latest.notified_at === e.notified_at &&
      latest.reason === e.reason &&
      latest.decided_by === e.decided_by &&
      latest.extended_to === e.extended_to
    ) {
      return { recorded: false, row: latest };
    }
    const recorded_at = now.toISOString();
    const os_user = osUser();
    const r = db
      .prepare('INSERT INTO erasure_extensions (certificate_id, extended_to, notified_at, reason, decided_by, recorded_at, os_user) VALUES (?,?,?,?,?,?,?)')
      .run(certificateId, e.extended_to ?? null, e.notified_at, e.reason, e.decided_by, recorded_at, os_user);
    const row = extensionOf({
      id: Number(r.lastInsertRowid),
      certificate_id: certificateId,
      extended_to: e.extended_to ?? null,
      notified_at: e.notified_at,
      reason: e.reason,
      decided_by: e.decided_by,
      recorded_at,
      os_user,
    });
    const rec = appendCustody(
      db,
      'review.record',
      {
        kind: 'deadline_extension',
        id: row.id,
        certificate_id: certificateId,
        extended_to: e.extended_to ?? null,
        notified_at: e.notified_at,
        reason: e.reason,
        decided_by: e.decided_by,
      },
      now,
    );
    return { recorded: true, row, custodySeq: rec.seq };
  })();
}

/** Every review recorded for a report target, oldest first. */
export function reviewHistory(db: Database.Database, target: string): StoredReview[] {
  return (db.prepare('SELECT * FROM erasure_reviews WHERE target = ? ORDER BY id').all(target) as ReviewRow[]).map(reviewOf);
}

export function latestReview(db: Database.Database, target: string): StoredReview | undefined {
  return reviewHistory(db, target).at(-1);
}

export function recordReview(db: Database.Database, target: string, review: ErasureReview, now = new Date()): RecordResult<StoredReview> {
  const errors = [...(target.trim() === '' ? ['the report target is empty'] : []), ...validateReview(review)];
  if (errors.length > 0) throw new Error(`invalid review: ${errors.join('; ')}`);
  return db.transaction((): RecordResult<StoredReview> => {
    const latest = latestReview(db, target);
    if (latest && latest.reviewer === review.reviewer && latest.reviewed_at === review.reviewed_at && latest.note === review.note) {
      return { recorded: false, row: latest };
    }
    const recorded_at = now.toISOString();
    const os_user = osUser();
    const r = db
      .prepare('INSERT INTO erasure_reviews (target, reviewer, reviewed_at, note, recorded_at, os_user) VALUES (?,?,?,?,?,?)')
      .run(target, review.reviewer, review.reviewed_at, review.note ?? null, recorded_at, os_user);
    const row = reviewOf({ id: Number(r.lastInsertRowid), target, reviewer: review.reviewer, reviewed_at: review.reviewed_at, note: review.note ?? null, recorded_at, os_user });
    const rec = appendCustody(
      db,
      'review.record',
      { kind: 'review', id: row.id, target, reviewer: review.reviewer, reviewed_at: review.reviewed_at, note: review.note ?? null },
      now,
    );
    return { recorded: true, row, custodySeq: rec.seq };
  })();
}

/** The plain facts of a stored extension, as the report takes them. */
export function asDeadlineExtension(e: StoredExtension): DeadlineExtension {
  return { notified_at: e.notified_at, reason: e.reason, decided_by: e.decided_by, ...(e.extended_to !== undefined ? { extended_to: e.extended_to } : {}) };
}

/** The plain facts of a stored review, as the report takes them. */
export function asReview(r: StoredReview): ErasureReview {
  return { reviewer: r.reviewer, reviewed_at: r.reviewed_at, ...(r.note !== undefined ? { note: r.note } : {}) };
}
