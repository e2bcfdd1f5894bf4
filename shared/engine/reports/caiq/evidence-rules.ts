// The CAIQ-Lite questions this workstation can answer from evidence it has
// verified itself. Each rule names the checks that must all pass on one
// bundle (plus the bundle's own integrity checks), the findings that make it
// fail wherever they appear, what else the evidence must hold, and how to say
// in plain words what the evidence shows. Every other question is answered
// from the user's declared statements, or left for the user to complete.
//
// A rule only claims what the checks prove. Where a question asks more than
// the evidence covers, the description says so.
import type { FindingCode } from '../../../model/findings.js';
import type { CheckId } from '../../../model/verification.js';
import type { CaiqBundleEvidence, SsrmOwnership } from './answer-types.js';

export interface EvidenceRule {
  question_id: string;
  checks: CheckId[];
  /** Findings that make the rule fail in the bundle that holds them, whatever their check's status. */
  failOn: FindingCode[];
  /** Evidence the rule needs beyond passed checks; returns why it is missing, or null. */
  requires?: (b: CaiqBundleEvidence) => string | null;
  ownership: SsrmOwnership;
  /** Column E for a Yes, from the most recent bundle where the rule passed. */
  describe: (b: CaiqBundleEvidence) => string;
  /** Column F. */
  csc?: string;
}

/** Checks every rule needs: if the bag or its signature is in doubt, nothing in it can be relied on. */
export const BUNDLE_INTEGRITY_CHECKS: CheckId[] = ['bundle.manifests', 'bundle.signature'];

const n = (v: number | undefined): string => (v === undefined ? '?' : v.toLocaleString('en-US'));

function where(b: CaiqBundleEvidence): string {
  const v = b.verification;
  const at = v.exported_at ? `, exported ${v.exported_at.slice(0, 10)}` : '';
  return `bundle ${v.bundle.name}${at}`;
}

function seqRange(b: CaiqBundleEvidence): string {
  const s = b.verification.stats;
  if (s.first_seq === undefined || s.last_seq === undefined) return `${n(s.audit_entries)} audit entries`;
  return `audit entries seq ${s.first_seq} to ${s.last_seq} (${n(s.audit_entries)} entries)`;
}

function actionCount(b: CaiqBundleEvidence, action: string): number | undefined {
  return b.actions ? (b.actions[action]?.count ?? 0) : undefined;
}

const rotations = (b: CaiqBundleEvidence) => b.verification.audit_keys.filter((k) => k.retired_at_seq !== undefined);

const AUDIT_INTEGRITY: CheckId[] = ['audit.chain', 'audit.hashes', 'audit.signatures', 'audit.keys', 'audit.seal'];

export const EVIDENCE_RULES: readonly EvidenceRule[] = [
  {
    question_id: 'LOG-04.1',
    checks: [...AUDIT_INTEGRITY, 'audit.head'],
    failOn: ['audit.hash_mismatch', 'audit.chain_break', 'audit.seq_gap', 'audit.signature_invalid', 'audit.unknown_key', 'audit.tail_mismatch', 'audit.head_missing'],
    ownership: 'CSP-owned',
    describe: (b) => {
      const exports = actionCount(b, 'audit.export');
      return (
        'Every action on the appliance is written to one audit log that names the account and its role. ' +
        "Each entry is chained to the previous one by its hash and signed with the appliance's audit key, and a signed seal fixes the end of the log, " +
        'so removing, inserting or editing an entry shows. Only Admins and Auditors can export the log, and each export is itself logged' +
        (exports !== undefined ? ` (${n(exports)} export(s) recorded)` : '') +
        `. Verified offline on ${where(b)}: ${seqRange(b)}, chain, hashes, signatures, keys, start and seal intact.`
      );
    },
  },
  {
    question_id: 'DSP-11.1',
    checks: ['erasure.certificates', 'erasure.execution', 'dump.erasures', 'dump.parse', 'audit.chain', 'audit.signatures'],
    failOn: ['erasure.signature_invalid', 'erasure.audit_mismatch', 'erasure.request_missing', 'erasure.incomplete', 'erasure.late', 'dump.erasure_mismatch'],
    requires: (b) => ((b.verification.stats.certificates ?? 0) > 0 ? null : 'the bundle holds no erasure certificate, so no request handling can be shown'),
    ownership: 'Shared CSP and CSC',
    csc: 'Receive the requests data subjects address to you, check their identity, and pass erasure requests on with a reference; answer the data subject.',
    describe: (b) =>
      'Erasure requests are recorded in the signed audit log with their reference, date of receipt and channel. ' +
      "Executing one deletes the subject's extension, its call records and their reveals, and the appliance issues a signed erasure certificate. " +
      `Verified offline on ${where(b)}: ${n(b.verification.stats.certificates)} erasure certificate(s), each signed by the appliance, matching its request and execution entries, ` +
      "executed within one month of receipt, and the subject's data absent from the database dump. " +
      'This evidence covers erasure requests; access and correction requests are not evidenced here.',
  },
  {
    question_id: 'DSP-16.1',
    checks: ['dump.parse', 'dump.retention', 'audit.head', 'audit.chain'],
    failOn: ['dump.retention_exceeded', 'audit.head_missing'],
    ownership: 'Shared CSP and CSC',
    csc: "Set each tenant's retention period to what your purposes require.",
    describe: (b) => {
      const cdr = b.verification.stats.dump_rows?.cdr;
      return (
        "Call records are purged every night once they are older than their tenant's retention period, and audit entries after 13 months by default; " +
        'each audit purge is recorded in the signed log, and erasure requests delete data on demand. ' +
        `Verified offline on ${where(b)}: no call record of the database dump (${n(cdr)} rows) is older than its tenant's retention, ` +
        'and the start of the exported audit log is accounted for.'
      );
    },
  },
  {
    question_id: 'DSP-17.1',
    checks: ['audit.policy', 'reveal.register', 'audit.chain', 'audit.signatures'],
    failOn: ['policy.reveal_by_non_admin', 'policy.missing_motive', 'reveal.orphan_row', 'reveal.missing_row', 'reveal.field_mismatch', 'reveal.after_erasure'],
    ownership: 'CSP-owned',
    describe: (b) =>
      'Phone numbers are stored as pseudonyms with only their last four digits in clear. ' +
      'Revealing a number is reserved to the Admin role, needs a written motive, alerts named users, and is recorded both in the signed audit log and in a reveal register that Auditors read. ' +
      `Verified offline on ${where(b)}: ${n(b.verification.stats.reveal_rows)} reveal(s), all by Admins with a motive, each register row matching its audit entry one to one.`,
  },
  {
    question_id: 'IAM-03.1',
    checks: ['dump.parse', 'audit.chain', 'audit.signatures'],
    failOn: [],
    requires: (b) => ((b.verification.stats.dump_rows?.users ?? 0) > 0 ? null : 'the bundle holds no database dump with a users table'),
    ownership: 'CSP-owned',
    describe: (b) =>
      'The appliance lists every account with its tenant, its role (Viewer, Admin, Auditor or Integrator), when it was created and, if disabled, when; ' +
      'account creation, role changes and disabling are recorded in the signed audit log. ' +
      `Verified offline on ${where(b)}: users table of the database dump (${n(b.verification.stats.dump_rows?.users)} accounts), audit log intact.`,
  },
  {
    question_id: 'IAM-04.1',
    checks: ['audit.policy', 'audit.chain', 'audit.signatures'],
    failOn: ['policy.reveal_by_non_admin'],
    ownership: 'CSP-owned',
    describe: (b) =>
      'Duties are split by role: Admins reveal numbers and execute erasures, Auditors read the audit log and the reveal register, Integrators install licences, ' +
      'and only the appliance holds its audit signing key. ' +
      `Verified offline on ${where(b)}: over ${seqRange(b)}, no number was revealed by a role other than Admin.`,
  },
  {
    question_id: 'IAM-09.1',
    checks: ['audit.policy', 'audit.keys', 'audit.signatures', 'license.signature', 'license.trust'],
    failOn: ['policy.reveal_by_non_admin', 'audit.unknown_key', 'license.untrusted_root'],
    ownership: 'CSP-owned',
    describe: (b) =>
      'Access to data (Admin), licence installation (Integrator), log review (Auditor) and log signing (the appliance key, granted only by a vendor-signed licence) are separate privileges. ' +
      `Verified offline on ${where(b)}: reveals only by Admins, and every audit entry signed by a key that a trusted licence or a signed key rotation allowed at that point.`,
  },
  {
    question_id: 'IAM-14.2',
    checks: ['license.signature', 'license.trust', 'license.installation', 'audit.keys', 'audit.signatures'],
    failOn: ['license.signature_invalid', 'license.untrusted_root', 'license.installation_mismatch', 'audit.unknown_key'],
    ownership: 'Shared CSP and 3rd-party',
    describe: (b) => {
      const lic = b.verification.licenses.find((l) => l.trusted);
      const licence = lic?.license_id ? `licence ${lic.license_id}` : 'the licence';
      return (
        'The appliance proves its identity with an Ed25519 audit key that a vendor-signed licence grants to this installation by name; ' +
        'its audit entries, exports, seals and erasure certificates are signed with that key. ' +
        `Verified offline on ${where(b)}: ${licence} signed by a trusted vendor root and naming installation ${b.verification.installation_id ?? '?'}, bundle signature valid.`
      );
    },
  },
  {
    question_id: 'CEK-12.1',
    checks: ['audit.keys', 'audit.signatures', 'audit.chain'],
    failOn: ['audit.unknown_key'],
    requires: (b) => (rotations(b).length > 0 ? null : 'no key rotation took place in the exported range'),
    ownership: 'CSP-owned',
    describe: (b) => {
      const r = rotations(b);
      return (
        'The appliance rotates its audit signing key: each rotation is announced in the log, signed by the outgoing key, which signs nothing afterwards. ' +
        `Verified offline on ${where(b)}: ${r.length} rotation(s) (at seq ${r.map((k) => k.retired_at_seq).join(', ')}), no entry signed by a retired key.`
      );
    },
  },
  {
    question_id: 'IPY-01.4',
    checks: ['bundle.structure', 'audit.csv_jsonl'],
    failOn: ['audit.csv_jsonl_mismatch', 'bundle.malformed'],
    ownership: 'CSP-owned',
    describe: (b) =>
      'Evidence leaves the appliance in open, documented formats that any tool can read: a BagIt 1.0 bag with SHA-256 manifests, ' +
      'the audit log as RFC 4180 CSV and as JSON lines, the database as a plain pg_dump; the bag is signed, so anyone can check its integrity offline. ' +
      `Verified offline on ${where(b)}: bag structure, manifests and signature valid, CSV and JSON lines copies of the audit log identical.`,
  },
];

const BY_ID = new Map(EVIDENCE_RULES.map((r) => [r.question_id, r]));

export function evidenceRule(questionId: string): EvidenceRule | undefined {
  return BY_ID.get(questionId);
}
