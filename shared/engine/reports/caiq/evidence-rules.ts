// The CAIQ-Lite questions the evidence this workstation verified speaks to.
// Each rule names the checks whose failure shows the control absent (`checks`,
// and the findings `failOn` wherever they appear), the checks the evidence
// itself must pass to be relied on (`relies`: their failure leaves the
// evidence unverified, never a No), what else the evidence must hold, what it
// shows in one short sentence, and what the question asks that it does not
// show.
//
// No rule covers a whole question: each CAIQ question asks for a policy, a
// review, a cryptoperiod or requests the appliance does not record. So the
// evidence never answers Yes by itself: it gives No when a check found the
// control absent, and otherwise is attached as support to the answer the user
// declares (docs/reports.md keeps the table). Rule ids are v4.0.3's; v4.1's
// follow the renumbering table (caiq-versions.ts counterpart).
import type { FindingCode } from '../../../model/findings.js';
import type { CheckId } from '../../../model/verification.js';
import type { CaiqBundleEvidence, SsrmOwnership } from './answer-types.js';
import { CAIQ_VERSIONS, counterpart, type CaiqVersion } from './caiq-versions.js';

export interface EvidenceRule {
  /** The question's id in v4.0.3 (see evidenceRule for the other release). */
  question_id: string;
  /** Checks that test the control itself: failed on a verified bundle, the answer is No. */
  checks: CheckId[];
  /** Checks the evidence must pass to be relied on: failed, the evidence is unverified and the question needs input. */
  relies: CheckId[];
  /** Findings that make the rule fail in the bundle that holds them, whatever their check's status. */
  failOn: FindingCode[];
  /** Evidence the rule needs beyond passed checks; returns why it is missing, or null. */
  requires?: (b: CaiqBundleEvidence) => string | null;
  /** The ownership an evidence-backed No states (the appliance's part). */
  ownership: SsrmOwnership;
  /** What the verified evidence shows, one short sentence for column E. */
  shows: (b: CaiqBundleEvidence) => string;
  /** What the question asks that the evidence does not show: why the user declares the answer. */
  notShown: string;
  /** Column F, offered with the support. */
  csc?: string;
}

/** Checks every rule needs: if the bag or its signature is in doubt, nothing in it can be relied on. */
export const BUNDLE_INTEGRITY_CHECKS: CheckId[] = ['bundle.manifests', 'bundle.signature'];

const n = (v: number | undefined): string => (v === undefined ? '?' : v.toLocaleString('en-US'));

function seqRange(b: CaiqBundleEvidence): string {
  const s = b.verification.stats;
  if (s.first_seq === undefined || s.last_seq === undefined) return `${n(s.audit_entries)} audit entries`;
  return `audit entries seq ${s.first_seq}-${s.last_seq}`;
}

const rotations = (b: CaiqBundleEvidence) => b.verification.audit_keys.filter((k) => k.retired_at_seq !== undefined);
const needsRotation = (b: CaiqBundleEvidence) => (rotations(b).length > 0 ? null : 'no key rotation took place in the exported range');

const AUDIT_INTEGRITY: CheckId[] = ['audit.chain', 'audit.hashes', 'audit.signatures', 'audit.keys', 'audit.seal'];
const LOG_RELIED_ON: CheckId[] = ['audit.chain', 'audit.signatures'];

export const EVIDENCE_RULES: readonly EvidenceRule[] = [
  {
    question_id: 'LOG-04.1',
    checks: [...AUDIT_INTEGRITY, 'audit.head'],
    relies: [],
    failOn: ['audit.hash_mismatch', 'audit.chain_break', 'audit.seq_gap', 'audit.signature_invalid', 'audit.unknown_key', 'audit.tail_mismatch', 'audit.head_missing'],
    ownership: 'CSP-owned',
    shows: (b) =>
      `Every action is in one hash-chained, signed audit log naming the account and its role, and each export is logged; ${seqRange(b)} verified intact.`,
    notShown: 'who can read or change the logs where the appliance stores them (access restriction is not evidenced by an export)',
  },
  {
    question_id: 'DSP-11.1',
    checks: ['erasure.certificates', 'erasure.execution', 'dump.erasures'],
    relies: ['dump.parse', ...LOG_RELIED_ON],
    failOn: ['erasure.signature_invalid', 'erasure.audit_mismatch', 'erasure.request_missing', 'erasure.incomplete', 'erasure.late', 'dump.erasure_mismatch'],
    requires: (b) => ((b.verification.stats.certificates ?? 0) > 0 ? null : 'the bundle holds no erasure certificate, so no request handling can be shown'),
    ownership: 'Shared CSP and CSC',
    csc: 'Receive the requests data subjects address to you, check their identity, pass erasure requests on with a reference, and answer the data subject.',
    shows: (b) =>
      `${n(b.verification.stats.certificates)} erasure request(s) executed within one month, each with a signed certificate matching the audit log and the data absent from the dump.`,
    notShown: 'access, correction, portability and objection requests (only erasure is evidenced)',
  },
  {
    question_id: 'DSP-16.1',
    checks: ['dump.retention'],
    relies: ['dump.parse', 'audit.head', 'audit.chain'],
    failOn: ['dump.retention_exceeded'],
    ownership: 'Shared CSP and CSC',
    csc: "Set each tenant's retention period to what your purposes and the law require.",
    shows: (b) => `No call record of the dump (${n(b.verification.stats.dump_rows?.cdr)} rows) is older than its tenant's retention; the start of the audit log is accounted for.`,
    notShown: 'that the retention periods follow business, legal and regulatory requirements, and the retention of data outside the appliance',
  },
  {
    question_id: 'DSP-17.1',
    checks: ['audit.policy', 'reveal.register'],
    relies: LOG_RELIED_ON,
    failOn: ['policy.reveal_by_non_admin', 'policy.missing_motive', 'reveal.orphan_row', 'reveal.missing_row', 'reveal.field_mismatch', 'reveal.after_erasure'],
    ownership: 'CSP-owned',
    shows: (b) =>
      `${n(b.verification.stats.reveal_rows)} reveal(s), all by Admins with a motive, each matching its register row.`,
    notShown: 'how phone numbers are stored (the evidence checks reveals, not storage), the protection of sensitive data other than phone numbers, and the documented procedures for its whole lifecycle',
  },
  {
    question_id: 'IAM-03.1',
    checks: [],
    relies: ['dump.parse', ...LOG_RELIED_ON],
    failOn: [],
    requires: (b) => ((b.verification.stats.dump_rows?.users ?? 0) > 0 ? null : 'the bundle holds no database dump with a users table'),
    ownership: 'CSP-owned',
    shows: (b) => `The dump lists ${n(b.verification.stats.dump_rows?.users)} account(s) with tenant, role and dates; account changes are in the signed audit log.`,
    notShown: 'that identities and access levels are reviewed (no review is evidenced)',
  },
  {
    question_id: 'IAM-04.1',
    checks: ['audit.policy'],
    relies: LOG_RELIED_ON,
    failOn: ['policy.reveal_by_non_admin'],
    ownership: 'CSP-owned',
    shows: (b) => `Over ${seqRange(b)}, no number was revealed by a role other than Admin.`,
    notShown: 'separation of duties beyond the reveal rule (other duties and the systems around the appliance)',
  },
  {
    question_id: 'IAM-09.1',
    checks: ['audit.policy', 'audit.keys', 'license.signature', 'license.trust'],
    relies: ['audit.signatures'],
    failOn: ['policy.reveal_by_non_admin', 'audit.unknown_key', 'license.untrusted_root'],
    ownership: 'CSP-owned',
    shows: () => 'Reveals only by Admins, and every audit entry signed by a key that a trusted licence or a signed rotation allowed.',
    notShown: 'that administrative, key management and logging roles are held by different people, and how that is evaluated',
  },
  {
    question_id: 'IAM-14.2',
    checks: ['license.signature', 'license.trust', 'license.installation', 'audit.keys'],
    relies: ['audit.signatures'],
    failOn: ['license.signature_invalid', 'license.untrusted_root', 'license.installation_mismatch', 'audit.unknown_key'],
    ownership: 'Shared CSP and 3rd-party',
    shows: (b) => {
      const lic = b.verification.licenses.find((l) => l.trusted);
      return `The appliance signs with an Ed25519 key that ${lic?.license_id ? `licence ${lic.license_id}` : 'a licence'}, signed by a trusted vendor root, grants to installation ${b.verification.installation_id ?? '?'}.`;
    },
    notShown: 'the identities of systems other than this appliance',
  },
  {
    question_id: 'CEK-12.1',
    checks: ['audit.keys'],
    relies: LOG_RELIED_ON,
    failOn: ['audit.unknown_key'],
    requires: needsRotation,
    ownership: 'CSP-owned',
    shows: (b) => {
      const r = rotations(b);
      return `${r.length} signed rotation(s) of the audit key (at seq ${r.map((k) => k.retired_at_seq).join(', ')}), no entry signed by a retired key.`;
    },
    notShown: 'a cryptoperiod calculated from disclosure risk and legal requirements, and the rotation of keys other than the audit key',
  },
  {
    question_id: 'CEK-13.1',
    checks: ['audit.keys'],
    relies: LOG_RELIED_ON,
    failOn: ['audit.unknown_key'],
    requires: needsRotation,
    ownership: 'CSP-owned',
    shows: (b) => `${rotations(b).length} retired audit key(s), none signing after its retirement.`,
    notShown: 'how compromised keys are revoked, and keys other than the audit key',
  },
  {
    question_id: 'IPY-01.4',
    checks: ['bundle.structure', 'audit.csv_jsonl'],
    relies: [],
    failOn: ['audit.csv_jsonl_mismatch', 'bundle.malformed'],
    ownership: 'CSP-owned',
    shows: (b) =>
      `Evidence leaves the appliance as a signed BagIt bag with SHA-256 manifests, the log as CSV and JSON lines (identical)${b.verification.checks.some((c) => c.id === 'dump.parse' && c.status === 'passed') ? ', the database as a plain pg_dump' : ''}.`,
    notShown: 'approved, communicated and maintained policies and procedures for data exchange and portability',
  },
];

/** Rules by question id, in each release (v4.1 ids through the renumbering table). */
const BY_VERSION: Readonly<Record<CaiqVersion, Map<string, EvidenceRule>>> = Object.fromEntries(
  CAIQ_VERSIONS.map((v) => [
    v,
    new Map(
      EVIDENCE_RULES.flatMap((r) => {
        const c = counterpart(r.question_id, '4.0.3', v);
        return c.id !== null ? [[c.id, r] as const] : [];
      }),
    ),
  ]),
) as never;

export function evidenceRule(questionId: string, version: CaiqVersion): EvidenceRule | undefined {
  return BY_VERSION[version].get(questionId);
}

/** The question ids of one release that evidence speaks to. */
export function evidenceQuestionIds(version: CaiqVersion): string[] {
  return [...BY_VERSION[version].keys()];
}
