// CAIQ-Lite answers from a case's evidence: the rule that matters most is
// that no evidence-backed Yes survives a failed or missing check.
import { describe, expect, it } from 'vitest';
import { caiqDomains, liteCatalog, NEW_IN_41_TOPIC } from '../../shared/engine/reports/caiq/lite-catalog.js';
import { counterpart, LITE_IDS_41 } from '../../shared/engine/reports/caiq/caiq-versions.js';
import { buildCaiqAnswers, summarizeAnswers } from '../../shared/engine/reports/caiq/build-answers.js';
import { BUNDLE_INTEGRITY_CHECKS, EVIDENCE_RULES, evidenceQuestionIds, evidenceRule } from '../../shared/engine/reports/caiq/evidence-rules.js';
import {
  InMemoryAnswerLibrary,
  parseLibrary,
  serializeLibrary,
  validateDeclaredAnswer,
} from '../../shared/engine/reports/caiq/answer-library.js';
import type { CaiqAnswer, DeclaredAnswer } from '../../shared/engine/reports/caiq/answer-types.js';
import { brokenChainVerification, evidenceOf, sampleManifest, sampleVerification } from './helpers/sample-verification.js';

const byId = (answers: CaiqAnswer[], id: string): CaiqAnswer => answers.find((a) => a.question_id === id)!;

const CAIQ_LITE = liteCatalog('4.0.3');
const CAIQ_DOMAINS = caiqDomains('4.0.3');

const declaredBcp: DeclaredAnswer = {
  caiq_version: '4.0.3',
  question_id: 'BCR-01.1',
  answer: 'Yes',
  ownership: 'CSP-owned',
  implementation: 'Our continuity policy is approved by the board and reviewed each year.',
  author: 'ciso.marie',
  declared_at: '2026-01-15T10:00:00.000Z',
  evidence: [{ kind: 'document', title: 'Business continuity policy v3', file: 'bcp-v3.pdf', sha256: 'a'.repeat(64) }],
};

describe('CAIQ-Lite catalog', () => {
  it('holds the 124 CAIQ-Lite ids of CAIQ v4.0.3 with the per-domain counts of the reference', () => {
    expect(CAIQ_LITE).toHaveLength(124);
    expect(new Set(CAIQ_LITE.map((q) => q.id)).size).toBe(124);
    const expected: Record<string, number> = {
      'A&A': 5, AIS: 6, BCR: 9, CCC: 8, CEK: 10, DCS: 4, DSP: 19, GRC: 5, HRS: 6, IAM: 13, IPY: 5, IVS: 9, LOG: 5, SEF: 4, STA: 3, TVM: 6, UEM: 7,
    };
    for (const d of CAIQ_DOMAINS) expect(CAIQ_LITE.filter((q) => q.domain === d.id).length, d.id).toBe(expected[d.id]);
    expect(CAIQ_LITE.find((q) => q.id === 'A&A-06.2')).toMatchObject({ control: 'A&A-06', domain: 'A&A' });
  });

  it('has an evidence rule only for Lite questions, each needing the bundle integrity checks', () => {
    for (const r of EVIDENCE_RULES) expect(CAIQ_LITE.some((q) => q.id === r.question_id), r.question_id).toBe(true);
    expect(BUNDLE_INTEGRITY_CHECKS).toEqual(['bundle.manifests', 'bundle.signature']);
  });

  it('holds the 138 CAIQ-Lite ids of v4.1 with the per-domain counts of the reference, I&S for IVS', () => {
    const lite41 = liteCatalog('4.1.0');
    expect(lite41.map((q) => q.id)).toEqual(LITE_IDS_41);
    expect(new Set(LITE_IDS_41).size).toBe(138);
    const expected: Record<string, number> = {
      'A&A': 5, AIS: 8, BCR: 10, CCC: 9, CEK: 10, DCS: 6, DSP: 20, GRC: 6, HRS: 6, IAM: 13, IPY: 5, 'I&S': 9, LOG: 6, SEF: 6, STA: 5, TVM: 7, UEM: 7,
    };
    for (const d of caiqDomains('4.1.0')) expect(lite41.filter((q) => q.domain === d.id).length, d.id).toBe(expected[d.id]);
    // Same control renumbered: the topic follows it; a control new in v4.1 says so.
    expect(lite41.find((q) => q.id === 'DCS-04.1')!.topic).toBe(CAIQ_LITE.find((q) => q.id === 'DCS-03.1')!.topic);
    expect(lite41.find((q) => q.id === 'I&S-06.1')!.topic).toBe(CAIQ_LITE.find((q) => q.id === 'IVS-06.1')!.topic);
    expect(lite41.find((q) => q.id === 'STA-01.1')!.topic).toBe(NEW_IN_41_TOPIC);
  });

  it('carries a question to the other release only through the renumbering table', () => {
    expect(counterpart('DCS-03.1', '4.0.3', '4.1.0')).toEqual({ id: 'DCS-04.1', renumbered: true });
    expect(counterpart('TVM-07.1', '4.0.3', '4.1.0')).toEqual({ id: 'TVM-03.1', renumbered: true });
    expect(counterpart('IVS-03.2', '4.0.3', '4.1.0')).toEqual({ id: 'I&S-03.2', renumbered: false });
    expect(counterpart('AIS-04.1', '4.0.3', '4.1.0').id).toBeNull();
    expect(counterpart('TVM-03.1', '4.1.0', '4.0.3')).toEqual({ id: 'TVM-07.1', renumbered: true });
    // v4.1's STA-01 came from nowhere in v4.0.3: its id there names another control.
    expect(counterpart('STA-01.1', '4.1.0', '4.0.3').id).toBeNull();
    expect(counterpart('LOG-08.1', '4.1.0', '4.0.3').id).toBeNull();
    // 60 control ids of v4.0.3 that exist in v4.1 name another control there.
    const controls403 = new Set(['A&A', 'AIS', 'BCR', 'CCC', 'CEK', 'DCS', 'DSP', 'GRC', 'HRS', 'IAM', 'IPY', 'IVS', 'LOG', 'SEF', 'STA', 'TVM', 'UEM'].flatMap((d) => Array.from({ length: 23 }, (_, i) => `${d}-${String(i + 1).padStart(2, '0')}.1`)));
    const sameIdOtherControl = [...controls403].filter((id) => {
      const c = counterpart(id, '4.0.3', '4.1.0');
      return c.id === null || c.id !== id.replace(/^IVS/, 'I&S');
    });
    const max: Record<string, number> = { 'A&A': 6, AIS: 7, BCR: 11, CCC: 9, CEK: 21, DCS: 15, DSP: 19, GRC: 8, HRS: 13, IAM: 16, IPY: 4, IVS: 9, LOG: 13, SEF: 8, STA: 14, TVM: 10, UEM: 14 };
    const inBoth = sameIdOtherControl.filter((id) => {
      const [d, n] = [id.slice(0, id.lastIndexOf('-')), Number(id.slice(id.lastIndexOf('-') + 1, id.indexOf('.')))];
      return n <= max[d]! && !(d === 'IAM' && n === 16);
    });
    expect(inBoth).toHaveLength(60);
  });

  it('has its evidence rules in both releases (IAM-14.2 of v4.0.3 is IAM-13.2 of v4.1)', () => {
    expect(evidenceQuestionIds('4.0.3')).toHaveLength(EVIDENCE_RULES.length);
    expect(evidenceQuestionIds('4.1.0')).toHaveLength(EVIDENCE_RULES.length);
    expect(evidenceRule('IAM-13.2', '4.1.0')).toBe(evidenceRule('IAM-14.2', '4.0.3'));
    for (const id of evidenceQuestionIds('4.1.0')) expect(LITE_IDS_41, id).toContain(id);
  });
});

describe('buildCaiqAnswers', () => {
  it('never answers Yes from evidence alone: a valid bundle is support attached to an open question, citing checks, files with their SHA-256 and the seq range', () => {
    const answers = buildCaiqAnswers({ case_id: 'c1', version: '4.0.3', bundles: [evidenceOf(sampleVerification())], declared: [] });
    expect(answers.map((a) => a.question_id)).toEqual(CAIQ_LITE.map((q) => q.id));
    expect(answers.filter((a) => a.answer === 'Yes')).toEqual([]);
    const log = byId(answers, 'LOG-04.1');
    expect(log).toMatchObject({ basis: 'needs_input', answer: null });
    expect(log.support?.shows).toContain('audit entries seq 1-130 verified intact');
    expect(log.support?.not_shown).toContain('who can read or change the logs');
    expect(log.reason).toContain('does not show who can read or change the logs');
    const chain = log.citations.find((c) => c.check === 'audit.chain')!;
    expect(chain).toMatchObject({
      kind: 'check',
      status: 'passed',
      bundle: 'natalia-evidence-NAT-EC94-0782-20260302T091407Z',
      file: 'data/audit/audit-log.csv',
      sha256: sampleManifest()['data/audit/audit-log.csv'],
      seq_first: 1,
      seq_last: 130,
    });
    const erasure = byId(answers, 'DSP-11.1');
    expect(erasure).toMatchObject({ basis: 'needs_input', answer: null });
    expect(erasure.support?.not_shown).toContain('access, correction');
    expect(erasure.citations.some((c) => c.file === 'data/erasure/ERC-2026-000017.json' && c.sha256 === sampleManifest()['data/erasure/ERC-2026-000017.json'])).toBe(true);
    expect(byId(answers, 'DSP-17.1').citations.find((c) => c.check === 'reveal.register')?.rows).toBe(13);
  });

  it('leaves a question for the user when its evidence is absent from the bundle (no key rotation, no dump)', () => {
    const v = sampleVerification({ 'dump.parse': 'not_provided', 'dump.retention': 'not_provided', 'dump.erasures': 'not_provided' });
    const answers = buildCaiqAnswers({ case_id: 'c1', version: '4.0.3', bundles: [evidenceOf(v)], declared: [] });
    expect(byId(answers, 'CEK-12.1')).toMatchObject({ basis: 'needs_input', answer: null, ownership: null });
    expect(byId(answers, 'CEK-12.1').reason).toContain('no key rotation');
    expect(byId(answers, 'DSP-16.1')).toMatchObject({ basis: 'needs_input', answer: null });
    expect(byId(answers, 'DSP-16.1').reason).toContain('dump.retention was not provided');
    expect(byId(answers, 'LOG-04.1').support).toBeDefined();
    // Support says only what was read: no dump, no word of one.
    expect(byId(answers, 'IPY-01.4').support?.shows).not.toContain('pg_dump');
    const withDump = buildCaiqAnswers({ case_id: 'c1', version: '4.0.3', bundles: [evidenceOf(sampleVerification())], declared: [] });
    expect(byId(withDump, 'IPY-01.4').support?.shows).toContain('pg_dump');
    expect(byId(withDump, 'DSP-17.1').support?.shows).not.toContain('stored as pseudonyms');
  });

  it('answers No, with the located reason, when a check the question needs failed', () => {
    const answers = buildCaiqAnswers({ case_id: 'c1', version: '4.0.3', bundles: [evidenceOf(brokenChainVerification())], declared: [] });
    const log = byId(answers, 'LOG-04.1');
    expect(log).toMatchObject({ basis: 'evidence', answer: 'No', ownership: 'CSP-owned' });
    // Column E: the first reason, short; every reason is in `reason` and the CSV.
    expect(log.implementation).toMatch(/^Not met on the verified evidence: check audit\.chain failed .* \(and 1 more, listed in the CSV\)\.$/);
    expect(log.reason).toContain('Hash chain broken [audit.chain_break]');
    expect(log.reason).toContain('data/audit/audit-log.csv, line 52, seq 51');
    expect(log.citations).toContainEqual(expect.objectContaining({ finding: 'audit.chain_break', line: 52, seq_first: 51 }));
  });

  it('answers No only when a check of the control failed; evidence it relies on that failed leaves it open, never No', () => {
    for (const rule of EVIDENCE_RULES) {
      for (const check of rule.checks) {
        const failed = buildCaiqAnswers({ case_id: 'c', version: '4.0.3', bundles: [evidenceOf(sampleVerification({ [check]: 'failed' }))], declared: [] });
        expect(byId(failed, rule.question_id).answer, `${rule.question_id} with ${check} failed`).toBe('No');
      }
      for (const check of rule.relies) {
        const a = byId(buildCaiqAnswers({ case_id: 'c', version: '4.0.3', bundles: [evidenceOf(sampleVerification({ [check]: 'failed' }))], declared: [] }), rule.question_id);
        expect(a.basis, `${rule.question_id} with ${check} failed`).toBe('needs_input');
        expect(a.reason).toContain(`check ${check} failed, so this evidence cannot be relied on`);
        // A failure of the control's own check seen on that same unreliable evidence proves nothing either.
        for (const own of rule.checks) {
          const both = byId(buildCaiqAnswers({ case_id: 'c', version: '4.0.3', bundles: [evidenceOf(sampleVerification({ [check]: 'failed', [own]: 'failed' }))], declared: [] }), rule.question_id);
          expect(both.answer, `${rule.question_id} with ${check} and ${own} failed`).not.toBe('No');
          expect(both.basis).toBe('needs_input');
        }
      }
      for (const check of [...BUNDLE_INTEGRITY_CHECKS, ...rule.checks, ...rule.relies]) {
        const absent = buildCaiqAnswers({ case_id: 'c', version: '4.0.3', bundles: [evidenceOf(sampleVerification({ [check]: 'not_provided' }))], declared: [] });
        expect(byId(absent, rule.question_id).basis, `${rule.question_id} with ${check} not provided`).toBe('needs_input');
      }
    }
  });

  it('sets an unverified bundle aside with the reason: it turns no answer into No, and the other bundles still count', () => {
    const unsigned = sampleVerification({ 'bundle.signature': 'failed', 'audit.chain': 'failed' });
    unsigned.bundle = { ...unsigned.bundle, name: 'tampered-bundle' };
    const alone = buildCaiqAnswers({ case_id: 'c', version: '4.0.3', bundles: [evidenceOf(unsigned)], declared: [] });
    for (const id of evidenceQuestionIds('4.0.3')) {
      expect(byId(alone, id), id).toMatchObject({ basis: 'needs_input', answer: null });
      expect(byId(alone, id).reason, id).toContain('check bundle.signature failed on bundle tampered-bundle, so its content is unverified');
    }
    const both = buildCaiqAnswers({ case_id: 'c', version: '4.0.3', bundles: [evidenceOf(sampleVerification()), evidenceOf(unsigned)], declared: [] });
    expect(byId(both, 'LOG-04.1').support?.bundle).toBe('natalia-evidence-NAT-EC94-0782-20260302T091407Z');
    expect(both.filter((a) => a.answer === 'No')).toEqual([]);
  });

  it('answers No when one bundle of the case failed, even if another passed', () => {
    const answers = buildCaiqAnswers({
      case_id: 'c',
      version: '4.0.3',
    bundles: [evidenceOf(sampleVerification()), evidenceOf(brokenChainVerification())],
      declared: [],
    });
    expect(byId(answers, 'LOG-04.1').answer).toBe('No');
  });

  it('fails a rule on a listed finding even when the verifier reported its check as passed', () => {
    const v = sampleVerification();
    v.findings.push({ code: 'erasure.late', severity: 'medium', message: 'executed 40 days after receipt', certificate_id: 'ERC-2026-000017', file: 'data/erasure/ERC-2026-000017.json' });
    const answers = buildCaiqAnswers({ case_id: 'c', version: '4.0.3', bundles: [evidenceOf(v)], declared: [] });
    expect(byId(answers, 'DSP-11.1').answer).toBe('No');
    expect(byId(answers, 'DSP-11.1').reason).toContain('Erasure later than one month');
  });

  it('uses a declared answer for a question the evidence supports, with the evidence attached', () => {
    const d: DeclaredAnswer = { ...declaredBcp, question_id: 'CEK-12.1', implementation: 'Keys rotate every 90 days (cryptoperiod set by our key policy).' };
    const v = sampleVerification();
    v.audit_keys = [{ kid: 'aaaa', source: 'LIC-2026-0001', retired_at_seq: 60 }, { kid: 'bbbb', source: 'seq 60' }];
    const a = byId(buildCaiqAnswers({ case_id: 'c', version: '4.0.3', bundles: [evidenceOf(v)], declared: [d] }), 'CEK-12.1');
    expect(a).toMatchObject({ basis: 'declared', answer: 'Yes', implementation: d.implementation });
    expect(a.support?.shows).toContain('1 signed rotation(s) of the audit key (at seq 60)');
    expect(a.support?.not_shown).toContain('cryptoperiod');
    expect(a.citations.some((c) => c.kind === 'document')).toBe(true);
    expect(a.citations.some((c) => c.check === 'audit.keys' && c.status === 'passed')).toBe(true);
  });

  it('takes declared answers from the library with their author, date and documents', () => {
    const answers = buildCaiqAnswers({ case_id: 'c', version: '4.0.3', bundles: [evidenceOf(sampleVerification())], declared: [declaredBcp] });
    const a = byId(answers, 'BCR-01.1');
    expect(a).toMatchObject({ basis: 'declared', answer: 'Yes', ownership: 'CSP-owned', declared_by: { author: 'ciso.marie', declared_at: '2026-01-15T10:00:00.000Z' } });
    expect(a.citations).toEqual([{ kind: 'document', title: 'Business continuity policy v3', file: 'bcp-v3.pdf', sha256: 'a'.repeat(64) }]);
    expect(byId(answers, 'BCR-01.2')).toMatchObject({ basis: 'needs_input', answer: null });
    const s = summarizeAnswers(answers);
    expect(s.total).toBe(124);
    expect(s.declared).toBe(1);
    expect(s.evidence + s.declared + s.needs_input).toBe(124);
    expect(s.supported).toBe(EVIDENCE_RULES.length - 2);
  });

  it('does not repeat a declared statement whose evidence failed in this case', () => {
    const d: DeclaredAnswer = { ...declaredBcp, question_id: 'LOG-05.1', evidence: [{ kind: 'check', check: 'audit.chain' }] };
    const ok = buildCaiqAnswers({ case_id: 'c', version: '4.0.3', bundles: [evidenceOf(sampleVerification())], declared: [d] });
    expect(byId(ok, 'LOG-05.1')).toMatchObject({ basis: 'declared', answer: 'Yes' });
    expect(byId(ok, 'LOG-05.1').citations[0]).toMatchObject({ check: 'audit.chain', status: 'passed', file: 'data/audit/audit-log.csv' });
    const bad = buildCaiqAnswers({ case_id: 'c', version: '4.0.3', bundles: [evidenceOf(brokenChainVerification())], declared: [d] });
    expect(byId(bad, 'LOG-05.1')).toMatchObject({ basis: 'needs_input', answer: null });
    expect(byId(bad, 'LOG-05.1').reason).toContain('audit.chain failed');
  });

  it('says so in the reason when the evidence answers No where the library declares an answer', () => {
    const d: DeclaredAnswer = { ...declaredBcp, question_id: 'LOG-04.1', answer: 'Yes' };
    const no = byId(buildCaiqAnswers({ case_id: 'c', version: '4.0.3', bundles: [evidenceOf(brokenChainVerification())], declared: [d] }), 'LOG-04.1');
    expect(no).toMatchObject({ basis: 'evidence', answer: 'No', declaration_unused: true });
    expect(no.reason).toMatch(/^.+\. The declared answer in the library \(Yes, by ciso\.marie\) is not used: a check found the control absent\.$/);
    const plain = byId(buildCaiqAnswers({ case_id: 'c', version: '4.0.3', bundles: [evidenceOf(brokenChainVerification())], declared: [] }), 'LOG-04.1');
    expect(plain.declaration_unused).toBeUndefined();
  });

  it('is deterministic', () => {
    const input = { case_id: 'c', version: '4.0.3' as const, bundles: [evidenceOf(sampleVerification())], declared: [declaredBcp] };
    expect(JSON.stringify(buildCaiqAnswers(input))).toBe(JSON.stringify(buildCaiqAnswers(input)));
  });
});

describe('answer library', () => {
  it('enforces the workbook rules: ownership for Yes/No, none and a reason for NA', () => {
    expect(validateDeclaredAnswer(declaredBcp)).toEqual([]);
    expect(validateDeclaredAnswer({ ...declaredBcp, ownership: undefined }).join()).toContain('ownership must be one of');
    expect(validateDeclaredAnswer({ ...declaredBcp, answer: 'NA' }).join()).toContain('leaves the ownership blank');
    expect(validateDeclaredAnswer({ ...declaredBcp, answer: 'NA', ownership: undefined, implementation: ' ' }).join()).toContain('reason');
    expect(validateDeclaredAnswer({ ...declaredBcp, question_id: 'A&A-01.1' }).join()).toContain('not a CAIQ-Lite question id of CAIQ v4.0.3');
    expect(validateDeclaredAnswer({ ...declaredBcp, question_id: 'STA-01.1' }).join()).toContain('not a CAIQ-Lite question id of CAIQ v4.0.3');
    expect(validateDeclaredAnswer({ ...declaredBcp, caiq_version: '4.1.0', question_id: 'STA-01.1' })).toEqual([]);
    // Not Determined is an ownership of v4.1 only.
    expect(validateDeclaredAnswer({ ...declaredBcp, ownership: 'Not Determined' }).join()).toContain('ownership must be one of');
    expect(validateDeclaredAnswer({ ...declaredBcp, caiq_version: '4.1.0', ownership: 'Not Determined' })).toEqual([]);
    expect(validateDeclaredAnswer({ ...declaredBcp, caiq_version: '4.2' }).join()).toContain('caiq_version must be one of');
    expect(validateDeclaredAnswer({ ...declaredBcp, declared_at: '2026-01-15' }).join()).toContain('declared_at');
    expect(validateDeclaredAnswer({ ...declaredBcp, evidence: [{ kind: 'check', check: 'nope' }] }).join()).toContain('unknown check id');
  });

  it('round-trips through its portable JSON form and refuses invalid entries', () => {
    const lib = new InMemoryAnswerLibrary([declaredBcp]);
    expect(() => lib.put({ ...declaredBcp, author: '' })).toThrow(/author/);
    const text = serializeLibrary(lib);
    const back = parseLibrary(text);
    expect(back).toEqual({ ok: true, answers: [declaredBcp] });
    expect(parseLibrary('{"format":"other"}').ok).toBe(false);
    const dup = JSON.stringify({ format: 'natalia-audit.caiq-answers.v1', answers: [declaredBcp, declaredBcp] });
    expect(parseLibrary(dup)).toEqual({ ok: false, errors: ['BCR-01.1 (v4.0.3): declared twice'] });
    // A file from before answers carried their release answered v4.0.3.
    const { caiq_version: _v, ...old } = declaredBcp;
    void _v;
    expect(parseLibrary(JSON.stringify({ format: 'natalia-audit.caiq-answers.v1', answers: [old] }))).toEqual({ ok: true, answers: [declaredBcp] });
  });
});
