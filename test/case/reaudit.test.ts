// Re-audits: a later export of an installation the case holds has the
// entries an earlier import verified matched to that verification, and only
// the new ones verified (case/earlier-verification.ts). The exports are made
// from the minimal sample (successive-exports.ts) and imported with the real
// verifier. Signature verifications are counted where libsodium is called
// (sodium-native's crypto_sign_verify_detached, spied on and still called):
// the minimal sample's log is small, so its entries are verified on the main
// thread, where the spy sees every call.
import { createHash, generateKeyPairSync } from 'node:crypto';
import { createRequire } from 'node:module';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { importBundle } from '../../shared/engine/case/import-bundle.js';
import { CaseFile } from '../../shared/engine/case/case-file.js';
import { runImport } from '../../shared/cli/commands/import.js';
import { MINIMAL_TRUST, scratch } from '../crosscheck/pipeline.js';
import { capture } from '../support/capture-out.js';
import { exportOfMinimal } from './successive-exports.js';
import { appendCustody, readCustody, type CustodyAction } from '../../shared/engine/case/custody-log.js';
import { exportPortableCase, receivePortableCase } from '../../shared/engine/portable/portable-case.js';
import { exportWorkstationPublicKey, loadOrCreateWorkstationKey } from '../../shared/engine/reports/signing/workstation-key.js';

const sodium = createRequire(import.meta.url)('sodium-native') as { crypto_sign_verify_detached: (...a: unknown[]) => boolean };

let tmp: { dir: string; cleanup(): void };
let n = 0;
beforeEach(() => {
  tmp = scratch('natalia-reaudit-');
});
afterEach(() => {
  vi.restoreAllMocks();
  tmp.cleanup();
});

const EARLY_AT = '2026-02-26T10:00:00.000Z';
const LATE_AT = '2026-03-02T09:14:07.512Z';
function exportOf(from: number, to: number, exportedAt: string, edit?: (entries: Record<string, any>[]) => void): string {
  return exportOfMinimal(join(tmp.dir, `export-${++n}`), from, to, exportedAt, edit);
}
const caseAt = (name: string) => join(tmp.dir, `${name}.natalia-case`);

/** Imports `bag` into `casePath`, counting the entry signatures libsodium verified meanwhile. */
async function countedImport(casePath: string, bag: string, trustPath = MINIMAL_TRUST) {
  const spy = vi.spyOn(sodium, 'crypto_sign_verify_detached');
  try {
    const r = await importBundle(casePath, bag, { trustPath });
    return { r, verifications: spy.mock.calls.length };
  } finally {
    spy.mockRestore();
  }
}

const problems = (r: Awaited<ReturnType<typeof importBundle>>) =>
  r.result.findings.filter((f) => f.code.startsWith('audit.') || f.code.startsWith('case.')).filter((f) => f.code !== 'audit.tail_mismatch').map((f) => [f.code, f.seq]);

describe('re-audit of a later export', () => {
  it('matches the entries the earlier import verified and verifies only the new ones', async () => {
    const early = exportOf(1, 100, EARLY_AT);
    const late = exportOf(1, 130, LATE_AT);
    const fresh = await countedImport(caseAt('fresh'), late);
    await importBundle(caseAt('quarterly'), early, { trustPath: MINIMAL_TRUST });
    const again = await countedImport(caseAt('quarterly'), late);

    expect(fresh.r.result.reaudit).toBeUndefined();
    expect(fresh.verifications).toBeGreaterThanOrEqual(130);
    // Exactly the 100 matched entries were not verified again; everything else was, as in a fresh import.
    expect(fresh.verifications - again.verifications).toBe(100);
    expect(again.r.result.reaudit).toEqual({
      verified_now: 30,
      matched: [{ bundle_id: 1, verification_id: 1, custody_seq: 2, name: expect.stringMatching(/^natalia-evidence-NAT-EC94-0782/), exported_at: EARLY_AT, entries: 100, seqs: [[1, 100]] }],
      not_used: [],
    });
    expect(again.r.result.stats).toMatchObject({ audit_entries: 130, signatures_verified: 30, signatures_matched: 100 });
    expect(again.r.result.verdict).toBe(fresh.r.result.verdict);
    expect(again.r.result.findings).toEqual(fresh.r.result.findings);
    expect(again.r.historyFindings).toEqual([]);
    const sig = again.r.result.checks.find((c) => c.id === 'audit.signatures')!;
    expect(sig.status).toBe('passed');
    expect(sig.summary).toMatch(/All 30 entry signatures verify .* 100 entries were matched to bundle #1's verification \(natalia-evidence-NAT-EC94-0782-\S+, imported by custody entry 2\) \(the same hash, signature and key\) and not verified again\./);
    // What the case stored, and what custody vouches for, is the result with its re-audit.
    const c = CaseFile.open(caseAt('quarterly'), { readonly: true });
    try {
      expect(c.store.latestVerification(again.r.bundleId)!.result.reaudit?.matched[0]?.entries).toBe(100);
      expect(c.checkCustody({ deep: true }).ok).toBe(true);
    } finally {
      c.close();
    }
  });

  it('a tampered signature in the overlap is not matched: it is verified, found, and history_rewritten there', async () => {
    await importBundle(caseAt('c'), exportOf(1, 100, EARLY_AT), { trustPath: MINIMAL_TRUST });
    const late = exportOf(1, 130, LATE_AT, (es) => {
      const s = es[39]!.sig as string;
      es[39]!.sig = (s[0] === 'A' ? 'B' : 'A') + s.slice(1);
    });
    const { r } = await countedImport(caseAt('c'), late);
    expect(problems(r)).toEqual([
      ['audit.signature_invalid', 40],
      ['case.history_rewritten', 40],
    ]);
    expect(r.result.reaudit!.matched[0]).toMatchObject({ entries: 99, seqs: [[1, 39], [41, 100]] });
    expect(r.result.reaudit!.verified_now).toBe(30);
  });

  it('an earlier import whose signature check failed vouches for nothing: every entry is verified now', async () => {
    const early = exportOf(1, 100, EARLY_AT, (es) => {
      const s = es[39]!.sig as string;
      es[39]!.sig = (s[0] === 'A' ? 'B' : 'A') + s.slice(1);
    });
    const first = await importBundle(caseAt('c'), early, { trustPath: MINIMAL_TRUST });
    expect(problems(first)).toEqual([['audit.signature_invalid', 40]]);
    const { r, verifications } = await countedImport(caseAt('c'), exportOf(1, 130, LATE_AT));
    expect(verifications).toBeGreaterThanOrEqual(130);
    expect(r.result.reaudit).toEqual({
      verified_now: 130,
      matched: [],
      not_used: [{ bundle_id: 1, name: expect.any(String), reason: 'its verification did not find every entry authentic (audit.signatures did not pass)' }],
    });
    // The two exports still differ at seq 40: that is still a rewrite.
    expect(problems(r)).toEqual([['case.history_rewritten', 40]]);
  });

  it('an earlier import verified under other trust roots is not relied on, and says so', async () => {
    await importBundle(caseAt('c'), exportOf(1, 100, EARLY_AT), { trustPath: MINIMAL_TRUST });
    const raw = generateKeyPairSync('ed25519').publicKey.export({ format: 'der', type: 'spki' }).subarray(12);
    const other = {
      kid: createHash('sha256').update(raw).digest('hex').slice(0, 16),
      public_key: Buffer.from(raw).toString('base64'),
      label: 'another vendor root',
    };
    const trust = JSON.parse((await import('node:fs')).readFileSync(MINIMAL_TRUST, 'utf8')) as { roots: unknown[] };
    const wider = join(tmp.dir, 'wider-trust.json');
    writeFileSync(wider, JSON.stringify({ ...trust, roots: [...trust.roots, other] }));
    const { r, verifications } = await countedImport(caseAt('c'), exportOf(1, 130, LATE_AT), wider);
    expect(verifications).toBeGreaterThanOrEqual(130);
    expect(r.result.reaudit!.matched).toEqual([]);
    expect(r.result.reaudit!.not_used[0]!.reason).toBe(`it was verified under other trust roots (3de8b7b93e664e21; now 3de8b7b93e664e21, ${other.kid})`);
  });

  it('an excluded earlier import is not relied on', async () => {
    await importBundle(caseAt('c'), exportOf(1, 100, EARLY_AT), { trustPath: MINIMAL_TRUST });
    const c = CaseFile.open(caseAt('c'));
    c.excludeBundle(1, 'exported from the wrong appliance');
    c.close();
    const { r } = await countedImport(caseAt('c'), exportOf(1, 130, LATE_AT));
    expect(r.result.reaudit!.not_used).toEqual([{ bundle_id: 1, name: expect.any(String), reason: 'it is excluded from the case (exported from the wrong appliance)' }]);
  });

  it('matches resting on stored rows edited since their import are refused, and the case is left as it was', async () => {
    await importBundle(caseAt('c'), exportOf(1, 100, EARLY_AT), { trustPath: MINIMAL_TRUST });
    // A forged signature at seq 40, and the same forgery written into the stored row it would be matched to.
    let forged = '';
    const late = exportOf(1, 130, LATE_AT, (es) => {
      const s = es[39]!.sig as string;
      forged = (s[0] === 'A' ? 'B' : 'A') + s.slice(1);
      es[39]!.sig = forged;
    });
    const db = new Database(caseAt('c'));
    db.exec('DROP TRIGGER IF EXISTS audit_entries_no_update');
    expect(db.prepare('UPDATE audit_entries SET sig = ? WHERE bundle_id = 1 AND seq = 40').run(forged).changes).toBe(1);
    db.close();
    await expect(importBundle(caseAt('c'), late, { trustPath: MINIMAL_TRUST })).rejects.toThrow(
      /the audit entries the case stored for bundle #1 \(.*\) no longer match what its import recorded \(custody entry 2\): the case file was edited/,
    );
    const c = CaseFile.open(caseAt('c'), { readonly: true });
    try {
      expect(c.bundles().map((b) => b.id)).toEqual([1]);
    } finally {
      c.close();
    }
  });

  it('the import command says what was matched to which import, and what was verified now', async () => {
    await importBundle(caseAt('c'), exportOf(1, 100, EARLY_AT), { trustPath: MINIMAL_TRUST });
    const late = exportOf(1, 130, LATE_AT);
    const o = capture();
    await runImport([late, '--case', caseAt('c'), '--trust', MINIMAL_TRUST], o.out);
    expect(o.text()).toMatch(
      /Re-audit {5}100 entries \(seq 1 to 100\) matched to bundle #1 natalia-evidence-NAT-EC94-0782-\S+ \(exported 2026-02-26T10:00:00\.000Z, imported by custody entry 2\): not verified again; 30 verified now/,
    );
    tmp.cleanup();
    tmp = scratch('natalia-reaudit-');
    await importBundle(caseAt('c'), exportOf(1, 100, EARLY_AT), { trustPath: MINIMAL_TRUST });
    const j = capture();
    await runImport([exportOf(1, 130, LATE_AT), '--case', caseAt('c'), '--trust', MINIMAL_TRUST, '--json'], j.out);
    const json = JSON.parse(j.text()) as { result: { reaudit: { verified_now: number; matched: { entries: number }[] } } };
    expect(json.result.reaudit.verified_now).toBe(30);
    expect(json.result.reaudit.matched[0]!.entries).toBe(100);
  });
  it('a case received from a workstation this one does not know vouches for nothing it brought; from a known one it does', async () => {
    await importBundle(caseAt('sent'), exportOf(1, 100, EARLY_AT), { trustPath: MINIMAL_TRUST });
    const sender = join(tmp.dir, 'sender-home');
    const receiver = join(tmp.dir, 'receiver-home');
    const sent = CaseFile.open(caseAt('sent'));
    const file = join(tmp.dir, 'q1.natalia-case');
    await exportPortableCase(sent, file, { keyHome: sender });
    sent.close();
    const late = exportOf(1, 130, LATE_AT);

    await receivePortableCase(file, caseAt('unknown'), { keyHome: receiver });
    const foreign = await countedImport(caseAt('unknown'), late);
    expect(foreign.verifications).toBeGreaterThanOrEqual(130);
    expect(foreign.r.result.reaudit).toMatchObject({ verified_now: 130, matched: [] });
    expect(foreign.r.result.reaudit!.not_used[0]!.reason).toMatch(/^it was imported before the case was received from key \S+, which this workstation does not know/);

    const vouchedKey = exportWorkstationPublicKey(loadOrCreateWorkstationKey(sender)).public_key;
    await receivePortableCase(file, caseAt('known'), { keyHome: receiver, vouchedKey });
    const known = await countedImport(caseAt('known'), late);
    expect(known.r.result.reaudit).toMatchObject({ verified_now: 30, matched: [{ bundle_id: 1, entries: 100 }] });
  });

  it('an earlier verification whose custody entry bound no digest of its result is not relied on', async () => {
    await importBundle(caseAt('c'), exportOf(1, 100, EARLY_AT), { trustPath: MINIMAL_TRUST });
    // The chain as a version that did not record result_sha256 wrote it: same entries, hashes made anew.
    const db = new Database(caseAt('c'));
    db.exec('DROP TRIGGER IF EXISTS custody_log_no_update; DROP TRIGGER IF EXISTS custody_log_no_delete;');
    const records = readCustody(db);
    db.prepare('DELETE FROM custody_log').run();
    for (const r of records) {
      const { result_sha256: _dropped, ...rest } = r.details;
      appendCustody(db, r.action as CustodyAction, r.action === 'bundle.import' ? rest : r.details, new Date(r.ts));
    }
    db.close();
    const { r, verifications } = await countedImport(caseAt('c'), exportOf(1, 130, LATE_AT));
    expect(verifications).toBeGreaterThanOrEqual(130);
    expect(r.result.reaudit!.matched).toEqual([]);
    expect(r.result.reaudit!.not_used[0]!.reason).toMatch(/custody did not record the digest of its verification.s result/);
  });
});
