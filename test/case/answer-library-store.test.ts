// Case format 2: the CAIQ answer library and the erasure-report review data
// kept in the case. Answers round-trip, changes keep their history, every
// write has its custody entry, the tables are append-only, a format-1 case is
// brought to format 2 with its custody chain intact.
import Database from 'better-sqlite3';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { CASE_FORMAT_VERSION, MIGRATIONS } from '../../shared/engine/store/migrations/index.js';
import { migrate } from '../../shared/engine/store/migrate.js';
import { CaseFile } from '../../shared/engine/case/case-file.js';
import { appendCustody } from '../../shared/engine/case/custody-log.js';
import { CaseAnswerLibrary, declaredAnswerHash } from '../../shared/engine/case/case-answer-library.js';
import { InMemoryAnswerLibrary, serializeLibrary } from '../../shared/engine/reports/caiq/answer-library.js';
import type { DeclaredAnswer } from '../../shared/engine/reports/caiq/answer-types.js';
import { buildCaiqAnswers } from '../../shared/engine/reports/caiq/build-answers.js';
import { deadlineFacts } from '../../shared/engine/reports/erasure/deadline.js';
import { scratch } from '../crosscheck/pipeline.js';

const hrs: DeclaredAnswer = {
  caiq_version: '4.0.3',
  question_id: 'HRS-11.1',
  answer: 'Yes',
  ownership: 'CSP-owned',
  implementation: 'Every employee follows the security awareness course when hired and each year.',
  author: 'ciso.marie',
  declared_at: '2026-02-01T09:00:00.000Z',
  evidence: [
    { kind: 'document', title: 'Training register 2025', file: 'training-2025.xlsx', sha256: 'b'.repeat(64) },
    { kind: 'check', check: 'audit.chain' },
  ],
};

const outOfScope: DeclaredAnswer = {
  caiq_version: '4.0.3',
  question_id: 'DCS-03.1',
  answer: 'NA',
  implementation: 'The appliance runs on the customer premises; we operate no data centre.',
  author: 'ciso.marie',
  declared_at: '2026-02-01T09:05:00.000Z',
  evidence: [],
};

const tmp = scratch('natalia-answers-');
afterAll(() => tmp.cleanup());
let n = 0;
const newCase = () => CaseFile.open(join(tmp.dir, `case-${++n}.case`), { create: true });

describe('migration 0004-answer-caiq-version', () => {
  it('gives every answer of an older case the release it answered (v4.0.3), and keeps one history per question and release', () => {
    const db = new Database(':memory:');
    migrate(db, MIGRATIONS.slice(0, 2));
    db.prepare(
      `INSERT INTO declared_answers (question_id, version, answer, ownership, implementation, author, declared_at, leans_on, recorded_at, os_user, source)
       VALUES ('HRS-11.1', 1, 'Yes', 'CSP-owned', 'Trained.', 'ciso.marie', '2026-02-01T09:00:00.000Z', '[]', '2026-02-01T09:00:00.000Z', 'marie', '{"kind":"declare"}')`,
    ).run();
    migrate(db, MIGRATIONS);
    expect(db.pragma('user_version', { simple: true })).toBe(CASE_FORMAT_VERSION);
    const lib = new CaseAnswerLibrary(db);
    expect(lib.list().map((a) => [a.caiq_version, a.question_id])).toEqual([['4.0.3', 'HRS-11.1']]);
    lib.declare({ ...hrs, caiq_version: '4.1.0', answer: 'No' });
    expect(lib.get('HRS-11.1', '4.0.3')!.answer).toBe('Yes');
    expect(lib.get('HRS-11.1', '4.1.0')!.answer).toBe('No');
    expect(lib.history().map((v) => [v.answer.caiq_version, v.version, v.superseded])).toEqual([['4.0.3', 1, false], ['4.1.0', 2, false]]);
    expect(() => db.prepare("UPDATE declared_answers SET caiq_version = '4.1.0'").run()).toThrow(/append-only/);
    db.close();
  });
});

describe('migration 0002-answer-library', () => {
  it('adds the declared answers and erasure review tables on an in-memory format-1 database', () => {
    const db = new Database(':memory:');
    migrate(db, MIGRATIONS.slice(0, 1));
    migrate(db, MIGRATIONS.slice(0, 2));
    expect(db.pragma('user_version', { simple: true })).toBe(2);
    const cols = (t: string) => (db.prepare(`PRAGMA table_info(${t})`).all() as { name: string }[]).map((c) => c.name);
    expect(cols('declared_answers')).toEqual([
      'id', 'question_id', 'version', 'answer', 'ownership', 'implementation', 'csc_responsibilities', 'author', 'declared_at', 'leans_on', 'recorded_at', 'os_user', 'source',
    ]);
    expect(cols('erasure_extensions')).toEqual(['id', 'certificate_id', 'extended_to', 'notified_at', 'reason', 'decided_by', 'recorded_at', 'os_user']);
    expect(cols('erasure_reviews')).toEqual(['id', 'target', 'reviewer', 'reviewed_at', 'note', 'recorded_at', 'os_user']);
    db.close();
  });

  it('keeps the tables append-only and one row per question version, with a known answer', () => {
    const db = new Database(':memory:');
    migrate(db);
    const ins = db.prepare(
      "INSERT INTO declared_answers (question_id, version, answer, ownership, implementation, author, declared_at, leans_on, recorded_at, os_user, source) VALUES (?, ?, ?, 'CSP-owned', 'x', 'a', 't', '[]', 't', 'u', '{}')",
    );
    ins.run('HRS-11.1', 1, 'Yes');
    expect(() => ins.run('HRS-11.1', 1, 'No')).toThrow(/UNIQUE/);
    expect(() => ins.run('HRS-11.1', 2, 'Maybe')).toThrow(/CHECK/);
    expect(() => db.prepare("UPDATE declared_answers SET answer = 'No'").run()).toThrow(/append-only/);
    expect(() => db.prepare('DELETE FROM declared_answers').run()).toThrow(/append-only/);
    db.prepare("INSERT INTO erasure_reviews (target, reviewer, reviewed_at, recorded_at, os_user) VALUES ('ERC-1', 'dpo', 't', 't', 'u')").run();
    db.prepare("INSERT INTO erasure_extensions (certificate_id, notified_at, reason, decided_by, recorded_at, os_user) VALUES ('ERC-1', 't', 'r', 'd', 't', 'u')").run();
    for (const t of ['erasure_reviews', 'erasure_extensions']) {
      expect(() => db.prepare(`DELETE FROM ${t}`).run(), t).toThrow(/append-only/);
      expect(() => db.prepare(`UPDATE ${t} SET os_user = 'x'`).run(), t).toThrow(/append-only/);
    }
    db.close();
  });

  it('brings a format-1 case file to the current format when opened for writing, custody chain intact', () => {
    const p = join(tmp.dir, 'format-1.case');
    const db = new Database(p);
    migrate(db, MIGRATIONS.slice(0, 1));
    db.prepare("INSERT INTO case_info (key, value) VALUES ('case_id', 'old-case')").run();
    appendCustody(db, 'case.create', { case_id: 'old-case' });
    db.close();
    expect(() => CaseFile.open(p, { readonly: true })).toThrow(/open it once for writing/);
    const c = CaseFile.open(p);
    try {
      // Format 2 and every later step.
      expect(c.db.pragma('user_version', { simple: true })).toBe(CASE_FORMAT_VERSION);
      expect(c.id).toBe('old-case');
      expect(c.answers().list()).toEqual([]);
      expect(c.declareAnswer(hrs)).toMatchObject({ recorded: true, version: 1, custodySeq: 2 });
      expect(c.checkCustody()).toMatchObject({ ok: true, entries: 2 });
    } finally {
      c.close();
    }
  });
});

describe('the case answer library', () => {
  it('round-trips declared answers through the case file, in the in-memory library order', () => {
    const path = join(tmp.dir, 'round-trip.case');
    const c = CaseFile.open(path, { create: true });
    c.declareAnswer(hrs);
    c.answers().put(outOfScope);
    c.close();
    const again = CaseFile.open(path, { readonly: true });
    try {
      const lib = again.answers();
      expect(lib.get('HRS-11.1', '4.0.3')).toEqual(hrs);
      expect(lib.get('DCS-03.1', '4.0.3')).toEqual(outOfScope);
      expect(lib.get('BCR-01.1', '4.0.3')).toBeUndefined();
      expect(lib.list()).toEqual(new InMemoryAnswerLibrary([hrs, outOfScope]).list());
      expect(serializeLibrary(lib)).toBe(serializeLibrary(new InMemoryAnswerLibrary([outOfScope, hrs])));
    } finally {
      again.close();
    }
  });

  it('keeps the previous version when an answer changes, and records nothing for the same answer again', () => {
    const c = newCase();
    try {
      expect(c.declareAnswer(hrs)).toMatchObject({ recorded: true, version: 1 });
      expect(c.declareAnswer({ ...hrs, evidence: [...hrs.evidence] })).toEqual({ recorded: false, version: 1 });
      const changed: DeclaredAnswer = { ...hrs, answer: 'No', implementation: 'The course was suspended in 2026.', declared_at: '2026-03-01T08:00:00.000Z' };
      expect(c.declareAnswer(changed)).toMatchObject({ recorded: true, version: 2 });
      expect(c.answers().get('HRS-11.1', '4.0.3')).toEqual(changed);
      expect(c.answers().list()).toEqual([changed]);
      const history = c.answers().history({ id: 'HRS-11.1', version: '4.0.3' });
      expect(history.map((v) => [v.version, v.answer.answer, v.superseded])).toEqual([
        [1, 'Yes', true],
        [2, 'No', false],
      ]);
      expect(history[0]!.answer).toEqual(hrs);
      expect(history[0]!.source).toEqual({ kind: 'declare' });
      expect(history[1]!.recorded_at).toMatch(/^\d{4}-\d\d-\d\dT/);
    } finally {
      c.close();
    }
  });

  it('writes one custody entry per recorded version, with the hash of the entry, in an intact chain', () => {
    const c = newCase();
    try {
      c.declareAnswer(hrs);
      c.declareAnswer(hrs); // unchanged: no entry
      c.declareAnswer(outOfScope);
      const entries = c.custody().filter((e) => e.action === 'answer.declare');
      expect(entries.map((e) => [e.details.question_id, e.details.version])).toEqual([
        ['HRS-11.1', 1],
        ['DCS-03.1', 1],
      ]);
      expect(entries[0]!.details).toMatchObject({
        answer: 'Yes',
        ownership: 'CSP-owned',
        author: 'ciso.marie',
        declared_at: '2026-02-01T09:00:00.000Z',
        leans_on: hrs.evidence,
        sha256: declaredAnswerHash(hrs),
        source: { kind: 'declare' },
      });
      expect(entries[1]!.details.ownership).toBeNull();
      expect(c.checkCustody().ok).toBe(true);
    } finally {
      c.close();
    }
  });

  it('refuses an invalid answer and leaves the case unchanged', () => {
    const c = newCase();
    try {
      const before = c.custody().length;
      expect(() => c.declareAnswer({ ...hrs, ownership: undefined })).toThrow(/ownership must be one of/);
      expect(() => c.declareAnswer({ ...outOfScope, question_id: 'A&A-01.1' })).toThrow(/not a CAIQ-Lite question id/);
      expect(c.answers().history()).toEqual([]);
      expect(c.custody()).toHaveLength(before);
    } finally {
      c.close();
    }
  });

  it('imports a portable library in one transaction: all entries or none', () => {
    const c = newCase();
    try {
      const from = { file: 'library.json', sha256: 'c'.repeat(64) };
      const bad = { ...outOfScope, ownership: 'CSP-owned' as const };
      expect(() => c.answers().importAll([hrs, bad], from)).toThrow(/NA answer leaves the ownership blank/);
      expect(c.answers().list()).toEqual([]);
      expect(c.custody().filter((e) => e.action === 'answer.declare')).toEqual([]);

      expect(c.answers().importAll([hrs, outOfScope], from)).toMatchObject({ recorded: [{ version: 1 }, { version: 1 }], unchanged: 0 });
      expect(c.answers().importAll([hrs, outOfScope], from)).toMatchObject({ recorded: [], unchanged: 2 });
      expect(c.answers().history({ id: 'HRS-11.1', version: '4.0.3' })[0]!.source).toEqual({ kind: 'import', ...from });
    } finally {
      c.close();
    }
  });

  it('with a confirming author, records the importer as author and keeps the file author in the source', () => {
    const c = newCase();
    try {
      const now = new Date('2026-04-01T10:00:00.000Z');
      c.answers().importAll([hrs], { file: 'library.json', sha256: 'c'.repeat(64) }, { confirmedBy: 'ciso.paul', now });
      expect(c.answers().get('HRS-11.1', '4.0.3')).toEqual({ ...hrs, author: 'ciso.paul', declared_at: '2026-04-01T10:00:00.000Z' });
      expect(c.answers().history({ id: 'HRS-11.1', version: '4.0.3' })[0]!.source).toEqual({
        kind: 'import',
        file: 'library.json',
        sha256: 'c'.repeat(64),
        author: 'ciso.marie',
        declared_at: '2026-02-01T09:00:00.000Z',
      });
    } finally {
      c.close();
    }
  });

  it('a row edited outside the workstation reads back as it is, and the CAIQ builder does not use it', () => {
    const db = new Database(':memory:');
    migrate(db);
    db.prepare(
      "INSERT INTO declared_answers (question_id, version, answer, ownership, implementation, author, declared_at, leans_on, recorded_at, os_user, source) VALUES ('HRS-11.1', 1, 'Yes', 'Someone', 'x', 'a', '2026-02-01T09:00:00.000Z', 'not json', 't', 'u', '{}')",
    ).run();
    const lib = new CaseAnswerLibrary(db);
    const read = lib.get('HRS-11.1', '4.0.3')!;
    const a = buildCaiqAnswers({ version: '4.0.3', case_id: 'c', bundles: [], declared: [read] }).find((x) => x.question_id === 'HRS-11.1')!;
    expect(a.basis).toBe('needs_input');
    expect(a.reason).toMatch(/cannot be used: .*ownership must be one of.*evidence must be a list/);
    // Declaring a valid answer over it makes a new version; the edited row is kept.
    expect(lib.declare(hrs, { kind: 'declare' })).toMatchObject({ recorded: true, version: 2 });
    db.close();
  });
});

describe('erasure-report review data in the case', () => {
  const ext = { notified_at: '2026-02-20T09:00:00.000Z', reason: 'Backups to check first', decided_by: 'dpo.claire' };

  it('records extensions per certificate and reviews per report target, latest first, history kept, custody written', () => {
    const c = newCase();
    try {
      const r1 = c.recordExtension('ERC-2026-000017', ext);
      expect(r1).toMatchObject({ recorded: true, row: { certificate_id: 'ERC-2026-000017', ...ext } });
      expect(c.recordExtension('ERC-2026-000017', { ...ext })).toMatchObject({ recorded: false, row: { id: r1.row.id } });
      const r2 = c.recordExtension('ERC-2026-000017', { ...ext, extended_to: '2026-04-30T21:59:59.999Z' });
      expect(r2.recorded).toBe(true);
      c.recordExtension('ERC-2026-000099', { ...ext, reason: 'Other' });
      expect(c.extensionHistory('ERC-2026-000017').map((e) => e.extended_to)).toEqual([undefined, '2026-04-30T21:59:59.999Z']);
      expect(Object.keys(c.extensions())).toEqual(['ERC-2026-000017', 'ERC-2026-000099']);
      expect(c.extensions(['ERC-2026-000017'])).toEqual({ 'ERC-2026-000017': r2.row });

      const review = { reviewer: 'dpo.claire', reviewed_at: '2026-03-03T10:00:00.000Z', note: 'Checked against the ticket.' };
      expect(c.recordReview('ERC-2026-000017', review)).toMatchObject({ recorded: true, row: { target: 'ERC-2026-000017', ...review } });
      expect(c.recordReview('ERC-2026-000017', { ...review })).toMatchObject({ recorded: false });
      c.recordReview('ERC-2026-000017', { reviewer: 'dpo.claire', reviewed_at: '2026-03-04T10:00:00.000Z' });
      expect(c.review('ERC-2026-000017')).toMatchObject({ reviewed_at: '2026-03-04T10:00:00.000Z' });
      expect(c.review('ERC-2026-000017')!.note).toBeUndefined();
      expect(c.reviewHistory('ERC-2026-000017')).toHaveLength(2);
      expect(c.review('ext:' + 'a'.repeat(64))).toBeUndefined();

      const custody = c.custody().filter((e) => e.action === 'review.record');
      expect(custody.map((e) => e.details.kind)).toEqual(['deadline_extension', 'deadline_extension', 'deadline_extension', 'review', 'review']);
      expect(custody[1]!.details).toMatchObject({ certificate_id: 'ERC-2026-000017', extended_to: '2026-04-30T21:59:59.999Z', decided_by: 'dpo.claire' });
      expect(custody[3]!.details).toMatchObject({ target: 'ERC-2026-000017', reviewer: 'dpo.claire', note: 'Checked against the ticket.' });
      expect(c.checkCustody().ok).toBe(true);
    } finally {
      c.close();
    }
  });

  it('refuses bad times and empty texts, writing nothing', () => {
    const c = newCase();
    try {
      const before = c.custody().length;
      expect(() => c.recordExtension('ERC-1', { ...ext, notified_at: '2026-02-20' })).toThrow(/notified_at must be an RFC 3339/);
      expect(() => c.recordExtension('ERC-1', { ...ext, reason: ' ' })).toThrow(/reason is empty/);
      expect(() => c.recordExtension('ERC-1', { ...ext, extended_to: '2026-02-01T00:00:00.000Z' })).toThrow(/after notified_at/);
      expect(() => c.recordExtension('', ext)).toThrow(/certificate id is empty/);
      expect(() => c.recordReview('ERC-1', { reviewer: '', reviewed_at: '2026-03-03T10:00:00.000Z' })).toThrow(/reviewer is empty/);
      expect(() => c.recordReview('ERC-1', { reviewer: 'dpo', reviewed_at: 'yesterday' })).toThrow(/reviewed_at/);
      expect(c.custody()).toHaveLength(before);
      expect(c.extensions()).toEqual({});
    } finally {
      c.close();
    }
  });

  it('an announced extended date shortens the extended deadline, never lengthens it past three months', () => {
    const received = '2026-01-10T09:00:00.000Z';
    const executed = '2026-03-20T09:00:00.000Z';
    const notified = '2026-01-20T09:00:00.000Z';
    const base = { notified_at: notified, reason: 'r', decided_by: 'dpo' };
    expect(deadlineFacts(received, executed, base)).toMatchObject({ status: 'on_time_extended', extended_due_at: '2026-04-10T21:59:59.999Z' });
    const announcedEarlier = deadlineFacts(received, executed, { ...base, extended_to: '2026-03-10T22:59:59.999Z' });
    expect(announcedEarlier).toMatchObject({ status: 'late', extended_due_at: '2026-03-10T22:59:59.999Z', extension: { extended_to: '2026-03-10T22:59:59.999Z' } });
    const announcedLater = deadlineFacts(received, executed, { ...base, extended_to: '2026-06-30T21:59:59.999Z' });
    expect(announcedLater.extended_due_at).toBe('2026-04-10T21:59:59.999Z');
  });
});
