// CAIQ-Lite answers from a case's evidence: the rule that matters most is
// that no evidence-backed Yes survives a failed or missing check.
import { describe, expect, it } from 'vitest';
import { CAIQ_LITE, CAIQ_DOMAINS } from '../../shared/engine/reports/caiq/lite-catalog.js';
import { buildCaiqAnswers, summarizeAnswers } from '../../shared/engine/reports/caiq/build-answers.js';
import { BUNDLE_INTEGRITY_CHECKS, EVIDENCE_RULES } from '../../shared/engine/reports/caiq/evidence-rules.js';
import {
  InMemoryAnswerLibrary,
  parseLibrary,
  serializeLibrary,
  validateDeclaredAnswer,
} from '../../shared/engine/reports/caiq/answer-library.js';
import type { CaiqAnswer, DeclaredAnswer } from '../../shared/engine/reports/caiq/answer-types.js';
import { brokenChainVerification, evidenceOf, sampleManifest, sampleVerification } from './helpers/sample-verification.js';

const byId = (answers: CaiqAnswer[], id: string): CaiqAnswer => answers.find((a) => a.question_id === id)!;

const declaredBcp: DeclaredAnswer = {
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
});

describe('buildCaiqAnswers', () => {
  it('answers Yes from a valid bundle, citing checks, files with their SHA-256 and the seq range', () => {
    const answers = buildCaiqAnswers({ case_id: 'c1', bundles: [evidenceOf(sampleVerification())], declared: [] });
    expect(answers.map((a) => a.question_id)).toEqual(CAIQ_LITE.map((q) => q.id));
    const log = byId(answers, 'LOG-04.1');
    expect(log).toMatchObject({ basis: 'evidence', answer: 'Yes', ownership: 'CSP-owned' });
    expect(log.implementation).toContain('seq 1 to 130 (130 entries)');
    expect(log.implementation).toContain('2 export(s) recorded');
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
    expect(erasure).toMatchObject({ answer: 'Yes', ownership: 'Shared CSP and CSC' });
    expect(erasure.csc_responsibilities).not.toBe('');
    expect(erasure.citations.some((c) => c.file === 'data/erasure/ERC-2026-000017.json' && c.sha256 === sampleManifest()['data/erasure/ERC-2026-000017.json'])).toBe(true);
    expect(byId(answers, 'DSP-17.1').citations.find((c) => c.check === 'reveal.register')?.rows).toBe(13);
  });

  it('leaves a question for the user when its evidence is absent from the bundle (no key rotation, no dump)', () => {
    const v = sampleVerification({ 'dump.parse': 'not_provided', 'dump.retention': 'not_provided', 'dump.erasures': 'not_provided' });
    const answers = buildCaiqAnswers({ case_id: 'c1', bundles: [evidenceOf(v)], declared: [] });
    expect(byId(answers, 'CEK-12.1')).toMatchObject({ basis: 'needs_input', answer: null, ownership: null });
    expect(byId(answers, 'CEK-12.1').reason).toContain('no key rotation');
    expect(byId(answers, 'DSP-16.1')).toMatchObject({ basis: 'needs_input', answer: null });
    expect(byId(answers, 'DSP-16.1').reason).toContain('dump.retention was not provided');
    expect(byId(answers, 'LOG-04.1').answer).toBe('Yes');
  });

  it('answers No, with the located reason, when a check the question needs failed', () => {
    const answers = buildCaiqAnswers({ case_id: 'c1', bundles: [evidenceOf(brokenChainVerification())], declared: [] });
    const log = byId(answers, 'LOG-04.1');
    expect(log).toMatchObject({ basis: 'evidence', answer: 'No', ownership: 'CSP-owned' });
    expect(log.implementation).toContain('check audit.chain failed');
    expect(log.implementation).toContain('Hash chain broken [audit.chain_break]');
    expect(log.implementation).toContain('data/audit/audit-log.csv, line 52, seq 51');
    expect(log.citations).toContainEqual(expect.objectContaining({ finding: 'audit.chain_break', line: 52, seq_first: 51 }));
  });

  it('never gives an evidence-backed Yes when any check of the rule failed or was not provided', () => {
    for (const rule of EVIDENCE_RULES) {
      for (const check of [...BUNDLE_INTEGRITY_CHECKS, ...rule.checks]) {
        const failed = buildCaiqAnswers({ case_id: 'c', bundles: [evidenceOf(sampleVerification({ [check]: 'failed' }))], declared: [] });
        expect(byId(failed, rule.question_id).answer, `${rule.question_id} with ${check} failed`).toBe('No');
        const absent = buildCaiqAnswers({ case_id: 'c', bundles: [evidenceOf(sampleVerification({ [check]: 'not_provided' }))], declared: [] });
        expect(byId(absent, rule.question_id).basis, `${rule.question_id} with ${check} not provided`).toBe('needs_input');
      }
    }
  });

  it('answers No when one bundle of the case failed, even if another passed', () => {
    const answers = buildCaiqAnswers({
      case_id: 'c',
      bundles: [evidenceOf(sampleVerification()), evidenceOf(brokenChainVerification())],
      declared: [],
    });
    expect(byId(answers, 'LOG-04.1').answer).toBe('No');
  });

  it('fails a rule on a listed finding even when the verifier reported its check as passed', () => {
    const v = sampleVerification();
    v.findings.push({ code: 'erasure.late', severity: 'medium', message: 'executed 40 days after receipt', certificate_id: 'ERC-2026-000017', file: 'data/erasure/ERC-2026-000017.json' });
    const answers = buildCaiqAnswers({ case_id: 'c', bundles: [evidenceOf(v)], declared: [] });
    expect(byId(answers, 'DSP-11.1').answer).toBe('No');
    expect(byId(answers, 'DSP-11.1').reason).toContain('Erasure later than one month');
  });

  it('takes declared answers from the library with their author, date and documents', () => {
    const answers = buildCaiqAnswers({ case_id: 'c', bundles: [evidenceOf(sampleVerification())], declared: [declaredBcp] });
    const a = byId(answers, 'BCR-01.1');
    expect(a).toMatchObject({ basis: 'declared', answer: 'Yes', ownership: 'CSP-owned', declared_by: { author: 'ciso.marie', declared_at: '2026-01-15T10:00:00.000Z' } });
    expect(a.citations).toEqual([{ kind: 'document', title: 'Business continuity policy v3', file: 'bcp-v3.pdf', sha256: 'a'.repeat(64) }]);
    expect(byId(answers, 'BCR-01.2')).toMatchObject({ basis: 'needs_input', answer: null });
    const s = summarizeAnswers(answers);
    expect(s.total).toBe(124);
    expect(s.declared).toBe(1);
    expect(s.evidence + s.declared + s.needs_input).toBe(124);
  });

  it('does not repeat a declared statement whose evidence failed in this case', () => {
    const d: DeclaredAnswer = { ...declaredBcp, question_id: 'LOG-05.1', evidence: [{ kind: 'check', check: 'audit.chain' }] };
    const ok = buildCaiqAnswers({ case_id: 'c', bundles: [evidenceOf(sampleVerification())], declared: [d] });
    expect(byId(ok, 'LOG-05.1')).toMatchObject({ basis: 'declared', answer: 'Yes' });
    expect(byId(ok, 'LOG-05.1').citations[0]).toMatchObject({ check: 'audit.chain', status: 'passed', file: 'data/audit/audit-log.csv' });
    const bad = buildCaiqAnswers({ case_id: 'c', bundles: [evidenceOf(brokenChainVerification())], declared: [d] });
    expect(byId(bad, 'LOG-05.1')).toMatchObject({ basis: 'needs_input', answer: null });
    expect(byId(bad, 'LOG-05.1').reason).toContain('audit.chain failed');
  });

  it('ignores a declared answer for a question answered from evidence only', () => {
    const d: DeclaredAnswer = { ...declaredBcp, question_id: 'CEK-12.1' };
    const answers = buildCaiqAnswers({ case_id: 'c', bundles: [evidenceOf(sampleVerification())], declared: [d] });
    expect(byId(answers, 'CEK-12.1').basis).toBe('needs_input');
    expect(byId(answers, 'CEK-12.1').reason).toContain('answered from evidence only');
  });

  it('says so in the reason when evidence answers Yes or No where the library declares otherwise', () => {
    const d: DeclaredAnswer = { ...declaredBcp, question_id: 'LOG-04.1', answer: 'No' };
    const yes = byId(buildCaiqAnswers({ case_id: 'c', bundles: [evidenceOf(sampleVerification())], declared: [d] }), 'LOG-04.1');
    expect(yes).toMatchObject({ basis: 'evidence', answer: 'Yes', declaration_unused: true });
    expect(yes.reason).toBe('The declared answer in the library (No, by ciso.marie) is not used: this question is answered from evidence only.');
    const no = byId(buildCaiqAnswers({ case_id: 'c', bundles: [evidenceOf(brokenChainVerification())], declared: [{ ...d, answer: 'Yes' }] }), 'LOG-04.1');
    expect(no).toMatchObject({ basis: 'evidence', answer: 'No', declaration_unused: true });
    expect(no.reason).toMatch(/^.+\. The declared answer in the library \(Yes, by ciso\.marie\) is not used: this question is answered from evidence only\.$/);
    // Without a declaration, an evidence Yes carries no reason at all.
    const plain = byId(buildCaiqAnswers({ case_id: 'c', bundles: [evidenceOf(sampleVerification())], declared: [] }), 'LOG-04.1');
    expect(plain.reason).toBeUndefined();
    expect(plain.declaration_unused).toBeUndefined();
  });

  it('is deterministic', () => {
    const input = { case_id: 'c', bundles: [evidenceOf(sampleVerification())], declared: [declaredBcp] };
    expect(JSON.stringify(buildCaiqAnswers(input))).toBe(JSON.stringify(buildCaiqAnswers(input)));
  });
});

describe('answer library', () => {
  it('enforces the workbook rules: ownership for Yes/No, none and a reason for NA', () => {
    expect(validateDeclaredAnswer(declaredBcp)).toEqual([]);
    expect(validateDeclaredAnswer({ ...declaredBcp, ownership: undefined }).join()).toContain('ownership must be one of');
    expect(validateDeclaredAnswer({ ...declaredBcp, answer: 'NA' }).join()).toContain('leaves the ownership blank');
    expect(validateDeclaredAnswer({ ...declaredBcp, answer: 'NA', ownership: undefined, implementation: ' ' }).join()).toContain('reason');
    expect(validateDeclaredAnswer({ ...declaredBcp, question_id: 'A&A-01.1' }).join()).toContain('not a CAIQ-Lite question id');
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
    expect(parseLibrary(dup)).toEqual({ ok: false, errors: ['BCR-01.1: declared twice'] });
  });
});
