// The finding catalog: every code the workstation can raise, its default
// severity, and what it means in an auditor's words. Spec §7 codes come first;
// codes the spec does not define (it says "more may be added") follow.
//
// Pure data: importable by the engine, the CLI, the renderer and the tests.
// To find where a code is detected, search the repository for its string
// literal; docs/verification.md also names the module for each code.

import type { CheckId } from './verification.js';
import { boundedMessage, echoed } from './echo.js';

export type Severity = 'critical' | 'high' | 'medium' | 'low' | 'info';

export const SEVERITIES: readonly Severity[] = ['critical', 'high', 'medium', 'low', 'info'];

/** Lower rank = more severe. */
export function severityRank(s: Severity): number {
  return SEVERITIES.indexOf(s);
}

/** True for severities that make `verify` exit 1 (medium and above). */
export function isBlocking(s: Severity): boolean {
  return severityRank(s) <= severityRank('medium');
}

export interface FindingDefinition {
  severity: Severity;
  /** The check (shared/model/verification.ts CHECK_IDS) whose failure this finding shows, if any. */
  check: CheckId | null;
  /** Short title for lists. */
  title: string;
  /** What it means for the person reading the evidence, and what to do. */
  meaning: string;
}

export const FINDING_CATALOG = {
  // ── Bundle (spec §1) ──────────────────────────────────────────────────────
  'bundle.manifest_mismatch': {
    severity: 'critical',
    check: 'bundle.manifests',
    title: 'File differs from the bag manifest',
    meaning:
      'A file of the bundle was changed, truncated or removed after the appliance exported it. Its content cannot be relied on; ask the Admin for a fresh export.',
  },
  'bundle.unlisted_file': {
    severity: 'medium',
    check: 'bundle.manifests',
    title: 'File not listed in the manifest',
    meaning:
      'A file was added to the bundle after export. The workstation ignores its content; find out who added it and why.',
  },
  'bundle.signature_invalid': {
    severity: 'critical',
    check: 'bundle.signature',
    title: 'Bundle signature does not verify',
    meaning:
      'Nothing binds these files to the appliance: the signature over the tag manifest is wrong or made with a key the appliance was not allowed to use.',
  },
  'bundle.unsafe_entry': {
    severity: 'critical',
    check: 'bundle.structure',
    title: 'Unsafe archive entry refused',
    meaning:
      'The archive tries to write outside its own folder (absolute path, "..", link) or expands past safe limits. It was not extracted; an appliance never writes such archives.',
  },
  'bundle.malformed': {
    severity: 'high',
    check: 'bundle.structure',
    title: 'Bag structure does not follow the format',
    meaning:
      'A BagIt tag file (bagit.txt, bag-info.txt, a manifest) is missing or malformed, or an archive is not laid out as one bag folder, so the bundle cannot be checked as a whole.',
  },
  // ── Audit log (spec §2) ───────────────────────────────────────────────────
  'audit.hash_mismatch': {
    severity: 'critical',
    check: 'audit.hashes',
    title: 'Audit entry altered',
    meaning: 'The entry content no longer matches its hash: it was edited after the appliance wrote it.',
  },
  'audit.chain_break': {
    severity: 'critical',
    check: 'audit.chain',
    title: 'Hash chain broken',
    meaning: 'This entry does not link to the one before it: entries were removed, inserted or rewritten here.',
  },
  'audit.seq_gap': {
    severity: 'critical',
    check: 'audit.chain',
    title: 'Sequence gap',
    meaning: 'Sequence numbers are not contiguous here: entries are missing, duplicated or reordered.',
  },
  'audit.signature_invalid': {
    severity: 'critical',
    check: 'audit.signatures',
    title: 'Entry signature invalid',
    meaning: 'The appliance signature on this entry does not verify: the entry was forged or altered.',
  },
  'audit.unknown_key': {
    severity: 'critical',
    check: 'audit.keys',
    title: 'Entry signed by a key not allowed',
    meaning:
      'The entry is signed by a key that no trusted license or key rotation allows at this point, or by a key already retired.',
  },
  'audit.head_missing': {
    severity: 'high',
    check: 'audit.head',
    title: 'Start of the log unaccounted for',
    meaning:
      'The log starts after seq 1 and no retention purge entry vouches for the missing start: earlier entries may have been removed.',
  },
  'audit.tail_mismatch': {
    severity: 'critical',
    check: 'audit.seal',
    title: 'End of the log does not match its seal',
    meaning: 'Entries were added or removed at the end of the log after export, or the seal itself is invalid.',
  },
  'audit.clock_rollback': {
    severity: 'high',
    check: 'audit.timestamps',
    title: 'Time went backwards without explanation',
    meaning:
      'An entry is dated before the previous one and the appliance recorded no clock anomaly: the order or the timestamps of entries were changed.',
  },
  'audit.future_timestamp': {
    severity: 'high',
    check: 'audit.timestamps',
    title: 'Entry dated after the export',
    meaning: 'An entry claims a time later than the export itself, which the appliance cannot produce.',
  },
  'audit.csv_jsonl_mismatch': {
    severity: 'high',
    check: 'audit.csv_jsonl',
    title: 'CSV and JSON lines exports disagree',
    meaning: 'The two copies of the audit log differ: one of them was edited. Compare the two at this entry.',
  },
  'audit.malformed_entry': {
    severity: 'high',
    check: 'audit.chain',
    title: 'Audit entry cannot be read',
    meaning: 'A line of the audit log does not follow the format (missing field, wrong type, bad CSV quoting).',
  },
  'audit.unknown_action': {
    severity: 'info',
    check: null,
    title: 'Action not known to this workstation',
    meaning: 'A newer appliance version may write actions this workstation does not know. They are chained and signed like any other.',
  },
  'audit.refused_reveal': {
    severity: 'info',
    check: 'audit.policy',
    title: 'Refused attempt to reveal a phone number',
    meaning:
      'Someone tried to reveal a phone number and the appliance refused (outcome denied or failure): nothing was revealed and no rule was broken. Repeated attempts by one account are listed for review.',
  },
  'audit.not_covered': {
    severity: 'info',
    check: null,
    title: 'Summary of further occurrences',
    meaning: 'Further occurrences of a finding already reported; they follow from the first one.',
  },
  // ── Policy (spec §2.6) ─────────────────────────────────────────────────────
  'policy.reveal_by_non_admin': {
    severity: 'high',
    check: 'audit.policy',
    title: 'Phone number revealed by a non-Admin',
    meaning: 'Only Admins may reveal phone numbers. Find out how this account could do it.',
  },
  'policy.missing_motive': {
    severity: 'medium',
    check: 'audit.policy',
    title: 'Reveal or erasure without a motive',
    meaning: 'Every reveal and erasure must carry the justification typed by the Admin; this one has none.',
  },
  'policy.activity_after_lockout': {
    severity: 'medium',
    check: 'audit.policy',
    title: 'Activity after the license lockout',
    meaning: 'The appliance kept serving users after its license locked it, before a new license was installed.',
  },
  // ── Reveal register (spec §3) ──────────────────────────────────────────────
  'reveal.orphan_row': {
    severity: 'high',
    check: 'reveal.register',
    title: 'Register row with no audit entry',
    meaning: 'The reveal register lists a reveal that the signed audit log does not record.',
  },
  'reveal.missing_row': {
    severity: 'high',
    check: 'reveal.register',
    title: 'Reveal missing from the register',
    meaning: 'The audit log records a reveal that the register does not show to Auditors.',
  },
  'reveal.field_mismatch': {
    severity: 'high',
    check: 'reveal.register',
    title: 'Register row disagrees with its audit entry',
    meaning: 'A reveal register row differs from the signed audit entry it cites.',
  },
  'reveal.after_erasure': {
    severity: 'high',
    check: 'reveal.register',
    title: 'Reveal after erasure',
    meaning: 'A phone number of an extension was revealed after that extension was erased.',
  },
  'reveal.malformed_row': {
    severity: 'high',
    check: 'reveal.register',
    title: 'Reveal register row cannot be read',
    meaning:
      'A row of the reveal register does not follow the format (bad CSV quoting, wrong number of cells, a cell of the wrong type). It cannot be matched to the audit log; look at the line in the file.',
  },
  // ── Erasure certificates (spec §4) ─────────────────────────────────────────
  'erasure.signature_invalid': {
    severity: 'critical',
    check: 'erasure.certificates',
    title: 'Erasure certificate signature invalid',
    meaning: 'The certificate was not issued by the appliance, or was altered after issue.',
  },
  'erasure.audit_mismatch': {
    severity: 'high',
    check: 'erasure.certificates',
    title: 'Certificate disagrees with the audit log',
    meaning: 'The certificate does not match its request or execution audit entry, or one of them is missing.',
  },
  'erasure.request_missing': {
    severity: 'high',
    check: 'erasure.execution',
    title: 'Erasure executed without a recorded request',
    meaning: 'An erasure was executed with no earlier erasure request for the same subject in the audit log.',
  },
  'erasure.incomplete': {
    severity: 'critical',
    check: 'erasure.execution',
    title: 'Erased data still in the database',
    meaning: 'The database dump still holds the extension, its call records or their reveals after the erasure.',
  },
  'erasure.late': {
    severity: 'medium',
    check: 'erasure.execution',
    title: 'Erasure later than one month',
    meaning: 'The erasure was executed more than one month after the request was received (GDPR art. 12(3)).',
  },
  'erasure.overdue': {
    severity: 'medium',
    check: 'erasure.execution',
    title: 'Erasure request overdue at export',
    meaning:
      'An erasure request was still not executed when the bundle was exported, more than one month after it was received (GDPR art. 12(3)). Check whether an extension of the deadline was notified to the data subject, and have it executed.',
  },
  'erasure.malformed_certificate': {
    severity: 'high',
    check: 'erasure.certificates',
    title: 'Erasure certificate cannot be read',
    meaning:
      'The certificate file is not valid JSON or lacks a member the format requires, or a member has the wrong type or form. It cannot be verified; ask the Admin for the original.',
  },
  // ── Database dump (spec §5) ────────────────────────────────────────────────
  'dump.parse_error': {
    severity: 'medium',
    check: 'dump.parse',
    title: 'Database dump line cannot be read',
    meaning: 'A line of the dump does not follow pg_dump output; it was skipped and the rest was read.',
  },
  'dump.retention_exceeded': {
    severity: 'medium',
    check: 'dump.retention',
    title: 'Call records kept past retention',
    meaning: "Call records older than the tenant's retention period are still in the database.",
  },
  'dump.unknown_tenant': {
    severity: 'medium',
    check: 'dump.retention',
    title: 'Call records of a tenant the database does not list',
    meaning:
      'The database holds call records of a tenant missing from its tenants table. No retention period covers them, so they may be kept past any limit; find out whether the tenant was deleted without its data, or the table was edited.',
  },
  'dump.erasure_mismatch': {
    severity: 'high',
    check: 'dump.erasures',
    title: 'Erasures table disagrees with certificates',
    meaning: 'The database records of erasures do not match the signed certificates.',
  },
  'dump.other_schema': {
    severity: 'info',
    check: 'dump.parse',
    title: 'Dump holds tables outside schema public',
    meaning:
      'The appliance database lives in schema public; tables of other schemas were skipped and not checked.',
  },
  // ── License (spec §6) ──────────────────────────────────────────────────────
  'license.signature_invalid': {
    severity: 'critical',
    check: 'license.signature',
    title: 'License signature invalid',
    meaning: 'The license file was altered or forged: its vendor signature does not verify.',
  },
  'license.untrusted_root': {
    severity: 'high',
    check: 'license.trust',
    title: 'License signed by an untrusted key',
    meaning:
      'The license is signed by a key that is not in your trust store, so the audit keys it lists cannot be trusted. Add the vendor root with --trust if you have it from the vendor.',
  },
  'license.installation_mismatch': {
    severity: 'high',
    check: 'license.installation',
    title: 'License for another installation',
    meaning: 'The license names a different installation than the bundle: it does not grant keys to this appliance.',
  },
  'license.expired': {
    severity: 'medium',
    check: 'license.validity',
    title: 'License expired at export time',
    meaning: 'The license was past its grace period when the bundle was exported; the appliance was locked.',
  },
  'license.clock_tampering': {
    severity: 'high',
    check: 'license.clock',
    title: 'Appliance clock was wrong',
    meaning:
      "The appliance's clock was set wrong: a license was installed before it was issued, or the clock's high-water mark is after the export.",
  },
  'license.malformed': {
    severity: 'high',
    check: 'license.signature',
    title: 'License file cannot be read',
    meaning: 'The license file does not follow the format (armour, envelope or payload).',
  },
  'trust.no_trusted_roots': {
    severity: 'high',
    check: 'license.trust',
    title: 'No trusted vendor root',
    meaning:
      'The trust store holds no vendor root key, so no license and therefore no audit signature could be trusted. Load the vendor roots with --trust FILE.',
  },
  // ── Case (successive exports of one installation) ─────────────────────────
  'case.history_rewritten': {
    severity: 'critical',
    check: null,
    title: 'Audit history rewritten between two exports',
    meaning:
      'A later export of the same installation does not extend the earlier one: an entry both exports cover differs, or entries the earlier export sealed are gone. The appliance only appends, so its log was rewritten between the two exports; compare both at this seq.',
  },
} as const satisfies Record<string, FindingDefinition>;

export type FindingCode = keyof typeof FINDING_CATALOG;

export function isFindingCode(code: string): code is FindingCode {
  return Object.prototype.hasOwnProperty.call(FINDING_CATALOG, code);
}

/** One thing wrong (or worth knowing), located as precisely as the evidence allows. */
export interface Finding {
  code: FindingCode;
  severity: Severity;
  message: string;
  /** Path inside the bag, e.g. `data/audit/audit-log.csv`. */
  file?: string;
  /** 1-based physical line in `file`. */
  line?: number;
  /** Audit sequence number concerned. */
  seq?: number;
  certificate_id?: string;
  reveal_id?: string;
  /** How many occurrences this finding stands for (summaries). */
  count?: number;
  /** Machine-readable extra facts (expected/actual values...). */
  details?: Record<string, unknown>;
}

export type FindingInput = Omit<Finding, 'severity'> & { severity?: Severity };

/** Builds a finding with the catalog's severity unless one is given. */
export function finding(input: FindingInput): Finding {
  const def = FINDING_CATALOG[input.code];
  // Messages and file names echo evidence: bounded here, whatever built them (model/echo.ts).
  const out: Finding = { ...input, message: boundedMessage(input.message), severity: input.severity ?? def.severity };
  if (input.file !== undefined) out.file = echoed(input.file, 1024);
  return out;
}

/** Most severe first, then by file, line and seq so output is stable. */
export function compareFindings(a: Finding, b: Finding): number {
  return (
    severityRank(a.severity) - severityRank(b.severity) ||
    (a.file ?? '').localeCompare(b.file ?? '') ||
    (a.line ?? 0) - (b.line ?? 0) ||
    (a.seq ?? 0) - (b.seq ?? 0) ||
    a.code.localeCompare(b.code)
  );
}
