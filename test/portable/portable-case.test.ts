// A portable case from one workstation to another: the same verdicts and
// decisions, custody intact and checked on opening, the bundles' bytes with
// it; a changed file, an edited bundle copy or a broken custody refused,
// and nothing left behind.
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importBundle } from '../../shared/engine/case/import-bundle.js';
import { CaseFile } from '../../shared/engine/case/case-file.js';
import { reviewSubjects } from '../../shared/engine/review/case-subjects.js';
import { annotate } from '../../shared/engine/review/review-log.js';
import { exportPortableCase, PortableCaseError, receivePortableCase } from '../../shared/engine/portable/portable-case.js';
import { exportWorkstationPublicKey, loadOrCreateWorkstationKey } from '../../shared/engine/reports/signing/workstation-key.js';

const SAMPLE = join(import.meta.dirname, '../fixtures/samples/minimal/natalia-evidence-NAT-EC94-0782-20260302T091407Z');
const dir = mkdtempSync(join(tmpdir(), 'natalia-portable-'));
const sender = join(dir, 'sender');
const receiver = join(dir, 'receiver');
const casePath = join(dir, 'a.natalia-case');
const portable = join(dir, 'out', 'acme.natalia-case');
let decided = '';

beforeAll(async () => {
  mkdirSync(join(dir, 'out'));
  await importBundle(casePath, SAMPLE, { trustPath: join(SAMPLE, '../trust-roots.json') });
  const c = CaseFile.open(casePath);
  decided = reviewSubjects(c.store, { kinds: ['review'] })[0]!.subject;
  annotate(c.db, decided, { kind: 'decision', decision: 'justified', reason: 'Planned maintenance' }, { reviewer: 'auditor.claire', at: '2026-03-05T10:00:00.000Z' });
  const r = await exportPortableCase(c, portable, { keyHome: sender });
  expect(r.signature.kind).toBe('portable-case');
  expect(c.custody().at(-1)).toMatchObject({ action: 'case.export', details: { sha256: r.sha256 } });
  expect(await exportPortableCase(c, portable, { keyHome: sender }).catch((e: Error) => e)).toBeInstanceOf(PortableCaseError);
  c.close();
}, 60_000);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('portable case', () => {
  it('opens on another workstation with the same verdicts and decisions, custody checked, and records the receipt', async () => {
    const senderKey = exportWorkstationPublicKey(loadOrCreateWorkstationKey(sender)).public_key;
    const dest = join(dir, 'b.natalia-case');
    const r = await receivePortableCase(portable, dest, { keyHome: receiver, vouchedKey: senderKey });
    expect(r.signer.known).toBe(true);
    expect(r.filesChecked).toBeGreaterThan(5);
    const a = CaseFile.open(casePath, { readonly: true });
    const b = CaseFile.open(dest, { readonly: true });
    expect(b.id).toBe(a.id);
    expect(b.bundles().map((x) => x.verdict)).toEqual(a.bundles().map((x) => x.verdict));
    expect(reviewSubjects(b.store).find((s) => s.subject === decided)!.review!.decision).toMatchObject({ decision: 'justified', reviewer: 'auditor.claire' });
    expect(b.checkCustody().ok).toBe(true);
    expect(b.custody().at(-1)).toMatchObject({ action: 'case.receive', details: { signer_known: true, sha256: r.sha256 } });
    a.close();
    b.close();
    // Without the sender's key: opened, but as from a signer nobody vouched for.
    const unknown = await receivePortableCase(portable, join(dir, 'c.natalia-case'), { keyHome: receiver });
    expect(unknown.signer.known).toBe(false);
    // Never over an existing case.
    await expect(receivePortableCase(portable, dest, { keyHome: receiver })).rejects.toThrow(/a file of that name exists/);
  });

  it('refuses a changed file, and a re-signed file whose custody or bundle copy was edited, leaving nothing behind', async () => {
    const changed = join(dir, 'changed.natalia-case');
    copyFileSync(portable, changed);
    copyFileSync(portable + '.sig.json', changed + '.sig.json');
    const db = new Database(changed);
    db.exec('DROP TRIGGER custody_log_no_update');
    db.prepare("UPDATE custody_log SET details = replace(details, 'Planned maintenance', 'Nothing') WHERE action = 'review.annotate'").run();
    db.close();
    const dest = join(dir, 'refused.natalia-case');
    await expect(receivePortableCase(changed, dest, { keyHome: receiver })).rejects.toThrow(/does not match its signature .*: the file was changed/);
    expect(existsSync(dest)).toBe(false);

    // An editor who re-signs with a key of their own: the custody check still catches the edit.
    const mallory = join(dir, 'mallory');
    const c = CaseFile.open(changed);
    const resigned = join(dir, 'out', 'resigned.natalia-case');
    await expect(exportPortableCase(c, resigned, { keyHome: mallory })).rejects.toThrow(/does not hold/);
    c.close();
    const { signReport, serializeSignature } = await import('../../shared/engine/reports/signing/report-signature.js');
    const { sha256Hex } = await import('../../shared/engine/crypto/hash.js');
    const bytes = readFileSync(changed);
    writeFileSync(changed + '.sig.json', serializeSignature(signReport({ sha256: sha256Hex(bytes), bytes: bytes.length }, { file: changed, kind: 'portable-case', signedAt: '2026-03-05T10:00:00.000Z' }, loadOrCreateWorkstationKey(mallory))));
    await expect(receivePortableCase(changed, dest, { keyHome: receiver })).rejects.toThrow(/chain of custody .* does not hold/);
    expect(existsSync(dest)).toBe(false);

    // A bundle file's stored bytes changed (and the verification untouched): caught by its SHA-256.
    const edited = join(dir, 'edited.natalia-case');
    copyFileSync(portable, edited);
    const e = new Database(edited);
    e.exec('DROP TRIGGER IF EXISTS bundle_content_no_update');
    e.prepare("UPDATE bundle_content SET data = CAST('tampered' AS BLOB) WHERE path = 'bag-info.txt'").run();
    e.close();
    const eb = readFileSync(edited);
    writeFileSync(edited + '.sig.json', serializeSignature(signReport({ sha256: sha256Hex(eb), bytes: eb.length }, { file: edited, kind: 'portable-case', signedAt: '2026-03-05T10:00:00.000Z' }, loadOrCreateWorkstationKey(mallory))));
    await expect(receivePortableCase(edited, dest, { keyHome: receiver })).rejects.toThrow(/bag-info\.txt no longer has the SHA-256 recorded at import/);
    expect(existsSync(dest)).toBe(false);
  });
});
