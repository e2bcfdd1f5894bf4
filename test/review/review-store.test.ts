// The auditor's review kept in the case: stable subject keys, decisions with
// their reasons and history, tags, stars, comments, filters, saved views; each
// change in the chain of custody, the tables append-only, and the same keys
// after the same evidence is imported into another case.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { appendCustody } from '../../shared/engine/case/custody-log.js';
import { migrate } from '../../shared/engine/store/migrate.js';
import { CASE_FORMAT_VERSION, MIGRATIONS } from '../../shared/engine/store/migrations/index.js';
import { applyTamper, exportBundle } from '../exporter/index.js';
import { importBundle } from '../../shared/engine/case/import-bundle.js';
import { CaseFile } from '../../shared/engine/case/case-file.js';
import { orphanReviews, reviewSubjects } from '../../shared/engine/review/case-subjects.js';
import { annotate, reviewEvents, ReviewInputError, reviewOf } from '../../shared/engine/review/review-log.js';
import { deleteView, savedViews, saveView } from '../../shared/engine/review/saved-views.js';
import { subjectProblem } from '../../shared/model/review-subject.js';

const dir = mkdtempSync(join(tmpdir(), 'natalia-review-'));
let bag = '';
let trust = '';
const casePath = join(dir, 'a.natalia-case');
const otherPath = join(dir, 'b.natalia-case');
/** The project's minimal sample: reveals outside working hours, so review items. */
const samplePath = join(dir, 'sample.natalia-case');
const SAMPLE = join(import.meta.dirname, '../fixtures/samples/minimal/natalia-evidence-NAT-EC94-0782-20260302T091407Z');
const by = (reviewer = 'auditor.claire', at = '2026-03-05T10:00:00.000Z') => ({ reviewer, at });

beforeAll(async () => {
  const r = await exportBundle({ outDir: join(dir, 'bag'), seed: 'review-store', entries: 400, cdrs: 300, reveals: 12, erasures: 1 });
  bag = r.bagDir!;
  trust = r.trustRootsPath;
  await applyTamper(bag, 'audit.hash_mismatch');
  await importBundle(casePath, bag, { trustPath: trust });
  await importBundle(otherPath, bag, { trustPath: trust });
  await importBundle(samplePath, SAMPLE, { trustPath: join(SAMPLE, '../trust-roots.json') });
}, 120_000);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function withCase<T>(p: string, fn: (c: CaseFile) => T): T {
  const c = CaseFile.open(p);
  try {
    return fn(c);
  } finally {
    c.close();
  }
}

describe('what there is to review', () => {
  it('lists findings, review items and erasures under keys made of the evidence, not of case row ids', () => {
    withCase(casePath, (c) => {
      const subjects = reviewSubjects(c.store);
      const finding = subjects.find((s) => s.kind === 'finding' && s.code === 'audit.hash_mismatch')!;
      expect(finding.subject).toMatch(/^finding:[0-9a-f]{64}:audit\.hash_mismatch@data\/audit\/audit-log\.csv:\d+\/seq \d+$/);
      expect(finding.decidable).toBe(true);
      expect(subjects.some((s) => s.kind === 'erasure' && /^erasure:NAT-[A-Z0-9-]+:ERC-/.test(s.subject) && !s.decidable)).toBe(true);
      for (const s of subjects) expect(subjectProblem(s.subject), s.subject).toBeUndefined();
      // Imported again into another case: the very same keys.
      const again = withCase(otherPath, (o) => reviewSubjects(o.store).map((s) => s.subject));
      expect(again).toEqual(subjects.map((s) => s.subject));
    });
  });
});

describe('decisions', () => {
  it('needs a reason for justified and false positive, and refuses a decision on an erasure or entry', () => {
    withCase(casePath, (c) => {
      const [finding] = reviewSubjects(c.store, { kinds: ['finding'] });
      const erasure = reviewSubjects(c.store, { kinds: ['erasure'] })[0]!;
      expect(() => annotate(c.db, finding!.subject, { kind: 'decision', decision: 'justified' }, by())).toThrow(/"justified" needs a reason/);
      expect(() => annotate(c.db, finding!.subject, { kind: 'decision', decision: 'false_positive', reason: '  ' }, by())).toThrow(ReviewInputError);
      expect(() => annotate(c.db, erasure.subject, { kind: 'decision', decision: 'accepted' }, by())).toThrow(/only findings and review items take a decision/);
      expect(() => annotate(c.db, 'entry:NAT-X:12', { kind: 'decision', decision: 'accepted' }, by())).toThrow(/not an audit entry/);
      expect(() => annotate(c.db, 'seq:12', { kind: 'star' }, by())).toThrow(/not a subject key/);
      expect(() => annotate(c.db, finding!.subject, { kind: 'star' }, by('x', '2999-01-01T00:00:00.000Z'))).toThrow(/in the future/);
      expect(reviewEvents(c.db)).toEqual([]);
    });
  });

  it('records each decision with reviewer and time, in custody; the latest is in force, the others stay as history', () => {
    withCase(casePath, (c) => {
      const [finding] = reviewSubjects(c.store, { kinds: ['finding'] });
      const before = c.custody().length;
      const first = annotate(c.db, finding!.subject, { kind: 'decision', decision: 'needs_follow_up' }, by('auditor.claire', '2026-03-05T10:00:00.000Z'));
      const second = annotate(c.db, finding!.subject, { kind: 'decision', decision: 'justified', reason: 'Row edited by the vendor during the 2026-02 incident (ticket INC-77).' }, by('lead.marc', '2026-03-06T09:00:00.000Z'));
      expect([first.recorded, second.recorded]).toEqual([true, true]);
      // The same decision again records nothing.
      expect(annotate(c.db, finding!.subject, { kind: 'decision', decision: 'justified', reason: 'Row edited by the vendor during the 2026-02 incident (ticket INC-77).' }, by()).recorded).toBe(false);
      const state = reviewOf(c.db, finding!.subject)!;
      expect(state.decision).toEqual({ decision: 'justified', reason: 'Row edited by the vendor during the 2026-02 incident (ticket INC-77).', reviewer: 'lead.marc', at: '2026-03-06T09:00:00.000Z' });
      expect(state.decisions.map((d) => d.decision)).toEqual(['needs_follow_up', 'justified']);
      const custody = c.custody().slice(before);
      expect(custody.map((r) => r.action)).toEqual(['review.annotate', 'review.annotate']);
      expect(custody[1]!.details).toMatchObject({ subject: finding!.subject, kind: 'decision', value: 'justified', reviewer: 'lead.marc', at: '2026-03-06T09:00:00.000Z' });
      expect(second.custodySeq).toBe(custody[1]!.seq);
      expect(c.checkCustody().ok).toBe(true);
    });
  });

  it('filters: undecided, by decision, by tag, starred', () => {
    withCase(casePath, (c) => {
      const all = reviewSubjects(c.store);
      const decided = all.filter((s) => s.review?.decision);
      expect(decided).toHaveLength(1);
      const undecided = reviewSubjects(c.store, { decision: 'undecided' });
      expect(undecided.length).toBe(all.filter((s) => s.decidable).length - 1);
      expect(undecided.every((s) => s.decidable && !s.review?.decision)).toBe(true);
      expect(reviewSubjects(c.store, { decision: 'justified' }).map((s) => s.subject)).toEqual([decided[0]!.subject]);
    });
    withCase(samplePath, (c) => {
      const item = reviewSubjects(c.store, { kinds: ['review'] })[0]!;
      annotate(c.db, item.subject, { kind: 'tag', tag: 'for colleague' }, by());
      annotate(c.db, item.subject, { kind: 'star' }, by());
      annotate(c.db, item.subject, { kind: 'comment', text: 'Night shift? Ask the NOC rota.' }, by());
      expect(reviewSubjects(c.store, { tag: 'for colleague' }).map((s) => s.subject)).toEqual([item.subject]);
      expect(reviewSubjects(c.store, { starred: true }).map((s) => s.subject)).toEqual([item.subject]);
      expect(reviewSubjects(c.store, { tag: 'for colleague' })[0]!.review!.comments).toEqual([{ text: 'Night shift? Ask the NOC rota.', reviewer: 'auditor.claire', at: '2026-03-05T10:00:00.000Z' }]);
      annotate(c.db, item.subject, { kind: 'untag', tag: 'for colleague' }, by());
      annotate(c.db, item.subject, { kind: 'unstar' }, by());
      expect(reviewSubjects(c.store, { tag: 'for colleague' })).toEqual([]);
      expect(reviewSubjects(c.store, { starred: true })).toEqual([]);
      expect(annotate(c.db, item.subject, { kind: 'untag', tag: 'for colleague' }, by()).recorded).toBe(false);
    });
  });

  it('an annotated audit entry is listed with what it records; a key no evidence has is kept as an orphan', () => {
    withCase(casePath, (c) => {
      const installation = reviewSubjects(c.store, { kinds: ['erasure'] })[0]!.installation;
      annotate(c.db, `entry:${installation}:5`, { kind: 'tag', tag: 'annex' }, by());
      annotate(c.db, `entry:${installation}:999999`, { kind: 'comment', text: 'seen in the previous export' }, by());
      const entries = reviewSubjects(c.store, { kinds: ['entry'] });
      expect(entries.find((e) => e.seq === 5)!.title).toMatch(/^Audit entry 5: /);
      expect(entries.find((e) => e.seq === 999999)!.description).toMatch(/No bundle of this case holds this entry/);
      expect(orphanReviews(c.store)).toEqual([]);
      annotate(c.db, 'finding:' + 'f'.repeat(64) + ':audit.seq_gap@seq 3', { kind: 'comment', text: 'from an export not in this case' }, by());
      expect(orphanReviews(c.store).map((r) => r.subject)).toEqual(['finding:' + 'f'.repeat(64) + ':audit.seq_gap@seq 3']);
    });
  });

});

describe('saved views', () => {
  it('saves, replaces and deletes named filters per screen, each in custody', () => {
    withCase(casePath, (c) => {
      const before = c.custody().length;
      expect(saveView(c.db, 'audit', 'Reveals by jdupont', { actor: 'admin.jdupont', action: 'phone.reveal' })).toBe(true);
      expect(saveView(c.db, 'audit', 'Reveals by jdupont', { action: 'phone.reveal', actor: 'admin.jdupont' })).toBe(false);
      expect(saveView(c.db, 'audit', 'Reveals by jdupont', { actor: 'admin.jdupont' })).toBe(true);
      expect(saveView(c.db, 'reveals', 'Night', { offHours: true })).toBe(true);
      expect(savedViews(c.db, 'audit')).toMatchObject([{ name: 'Reveals by jdupont', screen: 'audit', filter: { actor: 'admin.jdupont' } }]);
      expect(deleteView(c.db, 'audit', 'Reveals by jdupont')).toBe(true);
      expect(deleteView(c.db, 'audit', 'Reveals by jdupont')).toBe(false);
      expect(savedViews(c.db).map((v) => v.name)).toEqual(['Night']);
      expect(() => saveView(c.db, 'audit', '', {})).toThrow(/view name/);
      expect(() => saveView(c.db, 'timeline' as 'audit', 'x', {})).toThrow(/audit or reveals/);
      expect(c.custody().slice(before).map((r) => r.action)).toEqual(['view.save', 'view.save', 'view.save', 'view.save']);
      expect(c.checkCustody().ok).toBe(true);
    });
  });
});

describe('the review tables', () => {
  it('keeps review events append-only, as the custody log is', () => {
    withCase(casePath, (c) => {
      expect(() => c.db.prepare("UPDATE review_events SET value = 'accepted'").run()).toThrow(/append-only/);
      expect(() => c.db.prepare('DELETE FROM review_events').run()).toThrow(/append-only/);
      expect(() => c.db.prepare('DELETE FROM saved_views').run()).toThrow(/append-only/);
    });
  });
});

describe('migration 0003-review', () => {
  it('brings a format-2 case to the current format (3 and later) when opened for writing, custody chain intact, and the review can be recorded', () => {
    const p = join(dir, 'format-2.case');
    const db = new Database(p);
    migrate(db, MIGRATIONS.slice(0, 2));
    db.prepare("INSERT INTO case_info (key, value) VALUES ('case_id', 'old-case')").run();
    appendCustody(db, 'case.create', { case_id: 'old-case' });
    db.close();
    withCase(p, (c) => {
      expect(c.db.pragma('user_version', { simple: true })).toBe(CASE_FORMAT_VERSION);
      expect(CASE_FORMAT_VERSION).toBeGreaterThanOrEqual(3);
      expect(annotate(c.db, 'entry:NAT-X:1', { kind: 'star' }, by()).recorded).toBe(true);
      expect(c.checkCustody()).toMatchObject({ ok: true, entries: 2 });
    });
  });
});
