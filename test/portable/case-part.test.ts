// The part of a case tagged for a colleague: every bundle with its bytes and
// verdicts, the review of the tagged items alone, the auditor's other work
// left out of the file (not even in its free pages), and a chain of custody
// the receiver still checks, in which nothing more can be withheld later.
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importBundle } from '../../shared/engine/case/import-bundle.js';
import { CaseFile } from '../../shared/engine/case/case-file.js';
import { reviewSubjects } from '../../shared/engine/review/case-subjects.js';
import { annotate } from '../../shared/engine/review/review-log.js';
import { saveView } from '../../shared/engine/review/saved-views.js';
import { exportPortableCase, receivePortableCase } from '../../shared/engine/portable/portable-case.js';
import { exportWorkstationPublicKey, loadOrCreateWorkstationKey } from '../../shared/engine/reports/signing/workstation-key.js';
import { natalia } from '../cli/cli-harness.js';

const SAMPLE = join(import.meta.dirname, '../fixtures/samples/minimal/natalia-evidence-NAT-EC94-0782-20260302T091407Z');
const dir = mkdtempSync(join(tmpdir(), 'natalia-part-'));
const sender = join(dir, 'sender');
const receiver = join(dir, 'receiver');
const casePath = join(dir, 'a.natalia-case');
const whole = join(dir, 'out', 'whole.natalia-case');
const part = join(dir, 'out', 'part.natalia-case');
const who = (at: string) => ({ reviewer: 'auditor.claire', at });
let tagged = '';
let other = '';

beforeAll(async () => {
  mkdirSync(join(dir, 'out'));
  await importBundle(casePath, SAMPLE, { trustPath: join(SAMPLE, '../trust-roots.json') });
  const c = CaseFile.open(casePath);
  const items = reviewSubjects(c.store, { kinds: ['review'] });
  tagged = items[0]!.subject;
  other = items[1]!.subject;
  annotate(c.db, tagged, { kind: 'tag', tag: 'for-marc' }, who('2026-03-05T10:00:00.000Z'));
  annotate(c.db, tagged, { kind: 'decision', decision: 'justified', reason: 'On-call rota' }, who('2026-03-05T10:01:00.000Z'));
  annotate(c.db, other, { kind: 'comment', text: 'SECRET-OTHER-COMMENT' }, who('2026-03-05T10:02:00.000Z'));
  annotate(c.db, other, { kind: 'decision', decision: 'false_positive', reason: 'SECRET-OTHER-REASON' }, who('2026-03-05T10:03:00.000Z'));
  saveView(c.db, 'reveals', 'SECRET-VIEW', { actor: 'admin.ines' });
  c.setParties({ controller: 'SECRET-CONTROLLER' });
  await exportPortableCase(c, whole, { keyHome: sender });
  c.close();
}, 60_000);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('the part of a case tagged for a colleague', () => {
  it('holds every bundle and verdict, the review of the tagged items only, and opens with custody checked', async () => {
    const c = CaseFile.open(casePath);
    const r = await exportPortableCase(c, part, { keyHome: sender, tag: 'for-marc' });
    expect(c.custody().at(-1)).toMatchObject({ action: 'case.export', details: { tag: 'for-marc', subjects: 1, sha256: r.sha256 } });
    c.close();
    expect(r.part).toMatchObject({ tag: 'for-marc', subjects: [tagged], reviewEvents: 2 });
    // The other subject's two events, the view and the parties: their custody entries keep only their hash.
    expect(r.part!.withheld).toHaveLength(4);

    // Nothing of the other work is left in the file, not even in its free pages; the whole export has it.
    const bytes = readFileSync(part).toString('latin1');
    expect(readFileSync(whole).toString('latin1')).toContain('SECRET-OTHER-COMMENT');
    for (const secret of ['SECRET-OTHER-COMMENT', 'SECRET-OTHER-REASON', 'SECRET-VIEW', 'SECRET-CONTROLLER']) expect(bytes).not.toContain(secret);

    const key = exportWorkstationPublicKey(loadOrCreateWorkstationKey(sender)).public_key;
    const dest = join(dir, 'marc.natalia-case');
    const got = await receivePortableCase(part, dest, { keyHome: receiver, vouchedKey: key });
    expect(got.part).toMatchObject({ tag: 'for-marc', subjects: [tagged] });
    expect(got.reviewEvents).toBe(2);
    const whole1 = await receivePortableCase(whole, join(dir, 'whole-in.natalia-case'), { keyHome: receiver, vouchedKey: key });
    // The bundles' bytes travel whole: the colleague can verify again from them.
    expect(got.filesChecked).toBe(whole1.filesChecked);
    expect(got.verifications).toBe(whole1.verifications);

    const a = CaseFile.open(casePath, { readonly: true });
    const b = CaseFile.open(dest, { readonly: true });
    expect(b.bundles().map((x) => x.verdict)).toEqual(a.bundles().map((x) => x.verdict));
    const subjects = reviewSubjects(b.store);
    expect(subjects.find((s) => s.subject === tagged)!.review).toMatchObject({ tags: ['for-marc'], decision: { decision: 'justified', reason: 'On-call rota' } });
    expect(subjects.find((s) => s.subject === other)!.review).toBeUndefined();
    expect(b.parties()).toEqual({});
    const check = b.checkCustody();
    expect(check.ok).toBe(true);
    // The chain is the sender's, entry for entry (withheld ones by their hash), then case.part and case.receive.
    const mine = b.custody();
    expect(mine.slice(-2).map((x) => x.action)).toEqual(['case.part', 'case.receive']);
    const before = mine.slice(0, -2);
    expect(before.map((x) => x.hash)).toEqual(a.custody().slice(0, before.length).map((x) => x.hash));
    expect(before.filter((x) => x.action === 'withheld').map((x) => x.seq)).toEqual(r.part!.withheld);
    a.close();
    b.close();

    // Nothing more can be withheld later: hiding the tagged decision (and its row) breaks custody.
    const db = new Database(dest);
    db.exec('DROP TRIGGER custody_log_no_update; DROP TRIGGER review_events_no_delete');
    const seq = (db.prepare("SELECT seq FROM custody_log WHERE action = 'review.annotate' AND details LIKE '%decision%'").get() as { seq: number }).seq;
    db.prepare("UPDATE custody_log SET action = 'withheld', details = '{}', os_user = '', host = '', workstation_version = '' WHERE seq = ?").run(seq);
    db.prepare("DELETE FROM review_events WHERE kind = 'decision'").run();
    db.close();
    const edited = CaseFile.open(dest, { readonly: true });
    expect(edited.checkCustody().problems.map((p) => p.message)).toContain(`custody entry ${seq}'s content was removed, and no part export lists it as withheld`);
    edited.close();
  });

  it('from the command line: case-export --tag, refused when nothing is so tagged', () => {
    const env = { NATALIA_AUDIT_HOME: sender };
    const out = join(dir, 'out', 'cli-part.natalia-case');
    const ok = natalia(['case-export', casePath, '--out', out, '--tag', 'for-marc'], env);
    expect(ok.stderr).toBe('');
    expect(ok.code).toBe(0);
    expect(ok.stdout).toMatch(/The part tagged "for-marc": every bundle with its bytes and verdicts, the review of the 1 item\(s\) so tagged/);
    const none = natalia(['case-export', casePath, '--out', join(dir, 'out', 'none.natalia-case'), '--tag', 'nobody'], env);
    expect(none.code).toBe(2);
    expect(none.stderr).toMatch(/no item of the case is tagged "nobody"/);
    const got = natalia(['case-receive', out, '--case', join(dir, 'cli-in.natalia-case')], { NATALIA_AUDIT_HOME: sender });
    expect(got.code).toBe(0);
    expect(got.stdout).toMatch(/It is the part of a case tagged "for-marc": the review of 1 item\(s\); 4 custody entries of the sender's other work withheld/);
    // The received chain, in words: withheld entries say so, and it holds.
    const chain = natalia(['custody', join(dir, 'cli-in.natalia-case')], { NATALIA_AUDIT_HOME: sender });
    expect(chain.code).toBe(0);
    expect(chain.stdout).toContain('chain intact');
    expect(chain.stdout.match(/withheld: left out of the part handed on/g)).toHaveLength(4);
    expect(chain.stdout).toMatch(/case\.part +the part tagged "for-marc": the review of 1 item\(s\); entries [\d, ]+ withheld/);
  }, 120_000);
});
