// The facts of an erasure report, from the minimal sample's erasure: what
// passes on valid evidence, and what each kind of bad evidence turns into.
import { describe, expect, it } from 'vitest';
import { erasureFacts, serializeFacts, type ErasureEvidence } from '../../shared/engine/reports/erasure/build-facts.js';
import { deadlineAfterMonths, deadlineFacts } from '../../shared/engine/reports/erasure/deadline.js';
import { gdprDeadlineMs } from '../../shared/engine/crosscheck/calendar.js';
import type { ErasureCheckId, ErasureReportFacts } from '../../shared/engine/reports/erasure/facts-types.js';
import { sampleErasureEvidence, CERT_FILE } from './helpers/sample-erasure.js';
import { sampleManifest, sampleVerification } from './helpers/sample-verification.js';

const scope = { kind: 'certificate' as const, certificate_id: 'ERC-2026-000017' };
const build = (e: ErasureEvidence, extra: Partial<Parameters<typeof erasureFacts>[0]> = {}): ErasureReportFacts =>
  erasureFacts({ case: { id: 'case-7' }, scope, erasures: [e], ...extra });
const status = (f: ErasureReportFacts, id: ErasureCheckId) => f.erasures[0]!.checks.find((c) => c.id === id)!.status;

describe('deadline', () => {
  it('agrees with the cross-checks on the one-month deadline, in Paris time, and handles month ends', () => {
    for (const t of ['2026-02-16T03:00:00.000Z', '2026-01-31T10:00:00.000Z', '2026-03-29T00:30:00.000Z', '2025-12-31T23:30:00.000Z']) {
      expect(deadlineAfterMonths(Date.parse(t), 1), t).toBe(gdprDeadlineMs(Date.parse(t)));
    }
    // Received 31 January (Paris): one month ends with 28 February, three months with 30 April.
    expect(new Date(deadlineAfterMonths(Date.parse('2026-01-31T10:00:00.000Z'), 1) - 1).toISOString()).toBe('2026-02-28T22:59:59.999Z');
    expect(new Date(deadlineAfterMonths(Date.parse('2026-01-31T10:00:00.000Z'), 3) - 1).toISOString()).toBe('2026-04-30T21:59:59.999Z');
  });

  it('accepts a late execution only under an extension the data subject was told of within the first month', () => {
    const received = '2026-01-10T09:00:00.000Z';
    const executed = '2026-03-20T09:00:00.000Z';
    expect(deadlineFacts(received, executed)).toMatchObject({ status: 'late', days_taken: 69, due_at: '2026-02-10T22:59:59.999Z' });
    const inTime = deadlineFacts(received, executed, { notified_at: '2026-02-01T09:00:00.000Z', reason: 'complex request', decided_by: 'dpo.claire' });
    expect(inTime).toMatchObject({ status: 'on_time_extended', extended_due_at: '2026-04-10T21:59:59.999Z', extension: { notified_in_time: true } });
    const tooLate = deadlineFacts(received, executed, { notified_at: '2026-02-15T09:00:00.000Z', reason: 'complex request', decided_by: 'dpo.claire' });
    expect(tooLate).toMatchObject({ status: 'late', extension: { notified_in_time: false } });
    expect(deadlineFacts(undefined, executed).status).toBe('unknown');
  });
});

describe('erasureFacts', () => {
  it('gathers request, actions, deletions, checks and evidence hashes from valid evidence', () => {
    const f = build(sampleErasureEvidence(), { review: { reviewer: 'dpo.claire', reviewed_at: '2026-03-03T10:00:00.000Z' }, signer: { kid: 'abcdefabcdefabcd' } });
    const e = f.erasures[0]!;
    expect(f).toMatchObject({ format: 'natalia-audit.erasure-report.v1', report_id: 'ER-ERC-2026-000017', as_of: '2026-03-03T10:00:00.000Z', signer: { kid: 'abcdefabcdefabcd' } });
    expect(e.request).toEqual({ reference: 'DSAR-2026-239', received_at: '2026-02-16T03:00:00.000Z', requested_by: 'Employee Ext. 4007 (via HR)', channel: 'letter', audit_seq: 62 });
    expect(e.deleted).toEqual({ cdr: 40, reveals: 0, extension: 1 });
    expect(e.actions.map((a) => [a.kind, a.at, a.audit_seq])).toEqual([
      ['request_received', '2026-02-16T03:00:00.000Z', undefined],
      ['request_recorded', '2026-02-21T10:00:00.000Z', 62],
      ['erasure_executed', '2026-02-28T14:00:00.000Z', 129],
      ['certificate_issued', '2026-02-28T14:00:01.000Z', undefined],
      ['evidence_exported', '2026-03-02T09:14:07.512Z', undefined],
      ['report_reviewed', '2026-03-03T10:00:00.000Z', undefined],
    ]);
    expect(e.actions[2]!.audit_hash).toBe('a43f678662ed49117f97d2ec2e682d96cb810f319660eb160b8fcd3f47800215');
    expect(e.checks.map((c) => [c.id, c.status])).toEqual([
      ['bundle_integrity', 'passed'],
      ['certificate_signature', 'passed'],
      ['audit_log_integrity', 'passed'],
      ['audit_entries', 'passed'],
      ['dump_absence', 'passed'],
      ['dump_register', 'passed'],
      ['deadline', 'passed'],
    ]);
    expect(e.deadline).toMatchObject({ status: 'on_time', days_taken: 12, due_at: '2026-03-16T22:59:59.999Z' });
    expect(e.conclusion).toBe('passed');
    expect(f.evidence.find((x) => x.role === 'certificate')).toEqual({ role: 'certificate', bundle: 'natalia-evidence-NAT-EC94-0782-20260302T091407Z', file: CERT_FILE, sha256: sampleManifest()[CERT_FILE] });
    expect(f.evidence.map((x) => x.role)).toEqual(['bundle', 'certificate', 'audit_log', 'audit_log_jsonl', 'audit_seal', 'dump', 'license']);
    expect(f.limits).toEqual(['backups', 'copies_outside', 'dump_moment', 'appliance_records', 'kept_by_design', 'identity_check']);
    expect(serializeFacts(f)).toBe(serializeFacts(build(sampleErasureEvidence(), { review: { reviewer: 'dpo.claire', reviewed_at: '2026-03-03T10:00:00.000Z' }, signer: { kid: 'abcdefabcdefabcd' } })));
  });

  it('fails the signature check on an invalid certificate or its finding', () => {
    const e = sampleErasureEvidence();
    e.certificate.signature = 'invalid';
    expect(status(build(e), 'certificate_signature')).toBe('failed');
    const v = sampleVerification({ 'erasure.certificates': 'failed' });
    v.findings.push({ code: 'erasure.signature_invalid', severity: 'critical', message: 'sig does not verify', certificate_id: 'ERC-2026-000017', file: CERT_FILE });
    const f = build(sampleErasureEvidence(v));
    expect(status(f, 'certificate_signature')).toBe('failed');
    expect(f.erasures[0]!.checks[1]!.findings).toEqual([{ code: 'erasure.signature_invalid', message: 'sig does not verify', file: CERT_FILE }]);
    expect(f.erasures[0]!.conclusion).toBe('failed');
  });

  it('fails the audit entries check when the execution entry is missing or its hash differs', () => {
    const missing = sampleErasureEvidence();
    missing.execute_entry = null;
    expect(status(build(missing), 'audit_entries')).toBe('failed');
    const other = sampleErasureEvidence();
    other.execute_entry = { ...other.execute_entry!, hash: 'f'.repeat(64) };
    expect(status(build(other), 'audit_entries')).toBe('failed');
    expect(build(other).erasures[0]!.checks.find((c) => c.id === 'audit_entries')!.values.execute_hash_matches).toBe(false);
  });

  it('fails the absence check when the dump still holds the subject, and reports no dump as not provided', () => {
    const left = sampleErasureEvidence();
    left.dump = { remaining: { extension: 0, cdr: 3, reveals: 0 }, register_row: left.dump!.register_row };
    const f = build(left);
    expect(status(f, 'dump_absence')).toBe('failed');
    expect(f.erasures[0]!.checks.find((c) => c.id === 'dump_absence')!.values).toEqual({ extension_rows: 0, cdr_rows: 3, reveal_rows: 0 });
    const none = sampleErasureEvidence(sampleVerification({ 'dump.parse': 'not_provided', 'dump.erasures': 'not_provided', 'dump.retention': 'not_provided' }));
    none.dump = null;
    const g = build(none);
    expect([status(g, 'dump_absence'), status(g, 'dump_register')]).toEqual(['not_provided', 'not_provided']);
    expect(g.erasures[0]!.conclusion).toBe('incomplete');
  });

  it("fails the deadline on the verifier's erasure.late finding unless a valid extension covers it", () => {
    const e = sampleErasureEvidence();
    const json = e.certificate.json as { request: { received_at: string } };
    json.request.received_at = '2026-01-10T09:00:00.000Z';
    e.request_entry = { ...e.request_entry!, details: { ...e.request_entry!.details, received_at: '2026-01-10T09:00:00.000Z' } };
    e.verification.findings.push({ code: 'erasure.late', severity: 'medium', message: 'executed 49 days after receipt', certificate_id: 'ERC-2026-000017', seq: 129 });
    const late = build(e);
    expect(status(late, 'deadline')).toBe('failed');
    expect(late.erasures[0]!.deadline.status).toBe('late');
    const extended = build(e, { extensions: { 'ERC-2026-000017': { notified_at: '2026-02-05T09:00:00.000Z', reason: 'many records to trace', decided_by: 'dpo.claire' } } });
    expect(status(extended, 'deadline')).toBe('passed');
    expect(extended.erasures[0]!.deadline.status).toBe('on_time_extended');
    expect(extended.erasures[0]!.actions.map((a) => a.kind)).toContain('extension_notified');
  });

  it('cites the files of an archive bundle by name when the case keeps only the archive hash', () => {
    const e = sampleErasureEvidence();
    e.file_sha256 = {};
    e.verification.bundle = { ...e.verification.bundle, form: 'zip', sha256: 'c'.repeat(64) };
    const f = build(e);
    expect(f.evidence[0]).toEqual({ role: 'bundle', bundle: e.verification.bundle.name, file: e.verification.bundle.name, sha256: 'c'.repeat(64) });
    expect(f.evidence.slice(1).map((x) => [x.file, x.sha256])).toEqual([
      [CERT_FILE, undefined],
      ['data/audit/audit-log.csv', undefined],
      ['data/audit/audit-log.jsonl', undefined],
      ['data/audit/seal.json', undefined],
      ['data/db/natalia.sql', undefined],
      ['data/license/natalia.lic', undefined],
    ]);
  });

  it('reports one data subject across several erasures, oldest first', () => {
    const a = sampleErasureEvidence();
    const b = sampleErasureEvidence();
    const jb = b.certificate.json as { certificate_id: string; execution: { executed_at: string } };
    jb.certificate_id = 'ERC-2026-000099';
    jb.execution.executed_at = '2026-01-05T10:00:00.000Z';
    const f = erasureFacts({ case: { id: 'c' }, scope: { kind: 'subject', ext_pseudonym: '4e119e8c5a475effe9f16f34ea4908ec93dec1a0eb4c3249cfe4f80e7ca87d62' }, erasures: [a, b] });
    expect(f.report_id).toBe('ER-SUBJECT-4e119e8c5a47');
    expect(f.erasures.map((e) => e.certificate_id)).toEqual(['ERC-2026-000099', 'ERC-2026-000017']);
    expect(f.evidence.filter((x) => x.role === 'certificate')).toHaveLength(1);
  });
});
