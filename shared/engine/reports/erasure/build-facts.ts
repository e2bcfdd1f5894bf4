// From the evidence of one erasure (or all erasures of one data subject) to
// the facts of its report. Pure: explicit inputs in, the same facts out.
//
// What each check concludes comes from the verifier: its checks' statuses and
// the findings it raised on this certificate. This module gathers them per
// erasure, adds the values a reader needs to see, and never upgrades a
// verdict: a finding on the certificate fails the check it belongs to.
import type { Finding, FindingCode } from '../../../model/findings.js';
import type { CheckId, VerificationResult } from '../../../model/verification.js';
import { deadlineFacts, type DeadlineExtension } from './deadline.js';
import {
  ERASURE_REPORT_FORMAT,
  type ErasureAction,
  type ErasureCheck,
  type ErasureReportFacts,
  type ErasureTrust,
  type EvidenceFile,
  type FactStatus,
  type FindingRef,
  type LimitKey,
  type OneErasure,
} from './facts-types.js';

/** An audit entry as the report needs it (from the case's audit store). */
export interface AuditEntryRef {
  seq: number;
  ts: string;
  actor: string;
  role: string;
  target: string;
  motive: string;
  hash: string;
  details: Record<string, unknown>;
}

export interface ErasureEvidence {
  /** Verification of the bundle the certificate comes from. */
  verification: VerificationResult;
  /** SHA-256 of bag files, from the manifest (bag-relative path -> hex). */
  file_sha256: Record<string, string>;
  certificate: {
    file: string;
    json: Record<string, unknown>;
    /** The verifier's verdict on its signature. */
    signature: 'valid' | 'invalid' | 'unknown_key' | 'malformed';
  };
  request_entry?: AuditEntryRef | null;
  execute_entry?: AuditEntryRef | null;
  /** What the dump still holds of the subject and its `erasures` row; null when the bundle has no dump. */
  dump?: {
    remaining: { extension: number; cdr: number; reveals: number };
    register_row: { line: number; executed_at: string; cdr_deleted: number; audit_seq: number } | null;
  } | null;
}

export interface ErasureReportInput {
  case: { id: string; name?: string };
  /** YYYY-MM-DD: the day the report is made. */
  generated_on?: string;
  /** The case's controller and DPO (undefined: the facts carry no such member, as before they were kept). */
  parties?: { controller?: string; dpo?: { name: string; contact?: string } };
  scope: ErasureReportFacts['scope'];
  erasures: ErasureEvidence[];
  /** Deadline extensions the user declared, by certificate id. */
  extensions?: Record<string, DeadlineExtension>;
  review?: { reviewer: string; reviewed_at: string; note?: string } | null;
  signer?: { kid: string; fingerprint?: string };
  workstation_version?: string;
}

const member = (obj: Record<string, unknown>, path: string): unknown =>
  path.split('.').reduce<unknown>((v, k) => (v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>)[k] : undefined), obj);
const str = (o: Record<string, unknown>, p: string) => (typeof member(o, p) === 'string' ? (member(o, p) as string) : undefined);
const int = (o: Record<string, unknown>, p: string) => {
  const v = member(o, p);
  return typeof v === 'number' && Number.isSafeInteger(v) ? v : undefined;
};
/** Drops undefined members so the JSON twin and equality checks see one shape. */
function clean<T extends object>(o: T): T {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as T;
}

const AUDIT_CHECKS: CheckId[] = ['audit.chain', 'audit.hashes', 'audit.signatures', 'audit.keys', 'audit.seal'];

function statusOf(v: VerificationResult, ids: CheckId[]): FactStatus {
  const st = ids.map((id) => v.checks.find((c) => c.id === id)?.status ?? 'not_provided');
  if (st.includes('failed')) return 'failed';
  return st.every((s) => s === 'passed') ? 'passed' : 'not_provided';
}

function refs(findings: Finding[], codes: FindingCode[]): FindingRef[] {
  return findings
    .filter((f) => codes.includes(f.code))
    .map((f) => clean({ code: f.code, message: f.message, file: f.file, line: f.line, seq: f.seq }));
}

function buildChecks(e: ErasureEvidence, id: string, deadline: OneErasure['deadline']): ErasureCheck[] {
  const v = e.verification;
  const mine = v.findings.filter((f) => f.certificate_id === id);
  const c = e.certificate.json;
  const checks: ErasureCheck[] = [];

  const bundle = statusOf(v, ['bundle.manifests', 'bundle.signature']);
  checks.push({ id: 'bundle_integrity', status: bundle, values: { bundle: v.bundle.name }, findings: [] });

  const sigFindings = refs(mine, ['erasure.signature_invalid']);
  checks.push({
    id: 'certificate_signature',
    status: e.certificate.signature === 'valid' && sigFindings.length === 0 ? 'passed' : 'failed',
    values: { verdict: e.certificate.signature, kid: str(c, 'kid') ?? null, issued_at: str(c, 'issued_at') ?? null },
    findings: sigFindings,
  });

  const log = statusOf(v, AUDIT_CHECKS);
  checks.push({
    id: 'audit_log_integrity',
    status: log,
    values: { first_seq: v.stats.first_seq ?? null, last_seq: v.stats.last_seq ?? null, entries: v.stats.audit_entries },
    findings: [],
  });

  const entryFindings = refs(mine, ['erasure.audit_mismatch', 'erasure.request_missing']);
  const reqSeq = int(c, 'request.audit_seq');
  const requestPurged = reqSeq !== undefined && v.stats.first_seq !== undefined && reqSeq < v.stats.first_seq;
  const hashMatches = e.execute_entry ? e.execute_entry.hash === str(c, 'execution.audit_hash') : false;
  let entries: FactStatus;
  if (statusOf(v, ['audit.chain']) === 'not_provided') entries = 'not_provided';
  else if (entryFindings.length > 0 || !e.execute_entry || !hashMatches || (!e.request_entry && !requestPurged)) entries = 'failed';
  else entries = e.request_entry ? 'passed' : 'not_provided';
  checks.push({
    id: 'audit_entries',
    status: entries,
    values: {
      request_seq: e.request_entry?.seq ?? reqSeq ?? null,
      request_found: Boolean(e.request_entry),
      request_purged: requestPurged,
      execute_seq: e.execute_entry?.seq ?? int(c, 'execution.audit_seq') ?? null,
      execute_found: Boolean(e.execute_entry),
      execute_hash_matches: hashMatches,
    },
    findings: entryFindings,
  });

  const incomplete = refs(mine, ['erasure.incomplete']);
  const rem = e.dump?.remaining;
  checks.push({
    id: 'dump_absence',
    status: !e.dump ? 'not_provided' : incomplete.length > 0 || rem!.extension + rem!.cdr + rem!.reveals > 0 ? 'failed' : 'passed',
    values: { extension_rows: rem?.extension ?? null, cdr_rows: rem?.cdr ?? null, reveal_rows: rem?.reveals ?? null },
    findings: incomplete,
  });

  const regFindings = refs(mine, ['dump.erasure_mismatch']);
  const row = e.dump?.register_row ?? null;
  checks.push({
    id: 'dump_register',
    status: !e.dump ? 'not_provided' : regFindings.length > 0 || !row ? 'failed' : 'passed',
    values: { line: row?.line ?? null, cdr_deleted: row?.cdr_deleted ?? null, audit_seq: row?.audit_seq ?? null },
    findings: regFindings,
  });

  const late = refs(mine, ['erasure.late']);
  const dl: FactStatus =
    deadline.status === 'unknown' ? 'not_provided' : deadline.status === 'late' ? 'failed' : late.length > 0 && deadline.status === 'on_time' ? 'failed' : 'passed';
  checks.push({
    id: 'deadline',
    status: dl,
    values: { status: deadline.status, days_taken: deadline.days_taken ?? null, verifier_flagged_late: late.length > 0 },
    findings: late,
  });
  return checks;
}

/** The bundle's trust source and the roots that vouched for its licenses, as the verification recorded them. */
function trustFacts(v: VerificationResult): ErasureTrust {
  const vouching = new Set(v.licenses.filter((l) => l.trusted && l.signed_by_kid !== undefined).map((l) => l.signed_by_kid));
  return {
    source: v.trust.kind ?? 'not_recorded',
    location: v.trust.source,
    anchors: v.trust.roots.filter((r) => vouching.has(r.kid)).map((r) => clean({ kid: r.kid, label: r.label, fingerprint: r.fingerprint })),
  };
}

function buildActions(e: ErasureEvidence, ext: DeadlineExtension | undefined, review: ErasureReportInput['review']): ErasureAction[] {
  const c = e.certificate.json;
  const v = e.verification;
  const out: ErasureAction[] = [];
  const receivedAt = str(c, 'request.received_at');
  if (receivedAt) {
    out.push(clean({ at: receivedAt, kind: 'request_received' as const, actor: str(c, 'request.requested_by'), detail: str(c, 'request.channel') }));
  }
  if (e.request_entry) {
    const r = e.request_entry;
    out.push(clean({ at: r.ts, kind: 'request_recorded' as const, actor: r.actor, role: r.role, audit_seq: r.seq, audit_hash: r.hash, detail: str(c, 'request.reference') }));
  }
  if (ext) out.push({ at: ext.notified_at, kind: 'extension_notified', actor: ext.decided_by, detail: ext.reason });
  const x = e.execute_entry;
  out.push(
    clean({
      at: x?.ts ?? str(c, 'execution.executed_at') ?? '',
      kind: 'erasure_executed' as const,
      actor: x?.actor ?? str(c, 'execution.executed_by'),
      role: x?.role,
      audit_seq: x?.seq ?? int(c, 'execution.audit_seq'),
      audit_hash: x?.hash ?? str(c, 'execution.audit_hash'),
      detail: x?.motive ?? str(c, 'execution.motive'),
    }),
  );
  const issued = str(c, 'issued_at');
  if (issued) out.push(clean({ at: issued, kind: 'certificate_issued' as const, actor: 'system', detail: str(c, 'kid') }));
  if (v.exported_at) out.push(clean({ at: v.exported_at, kind: 'evidence_exported' as const, actor: v.exported_by, detail: v.bundle.name }));
  if (review) out.push({ at: review.reviewed_at, kind: 'report_reviewed', actor: review.reviewer });
  // Stable order: by time, then by the order above (sort is stable).
  return out.filter((a) => a.at !== '').sort((a, b) => a.at.localeCompare(b.at));
}

function oneErasure(e: ErasureEvidence, input: ErasureReportInput): OneErasure {
  const c = e.certificate.json;
  const v = e.verification;
  const id = str(c, 'certificate_id') ?? e.certificate.file.replace(/^.*\//, '').replace(/\.json$/, '');
  const ext = input.extensions?.[id];
  const receivedAt = (typeof e.request_entry?.details.received_at === 'string' ? e.request_entry.details.received_at : undefined) ?? str(c, 'request.received_at');
  const executedAt = e.execute_entry?.ts ?? str(c, 'execution.executed_at');
  const deadline = deadlineFacts(receivedAt, executedAt, ext);
  const checks = buildChecks(e, id, deadline);
  const conclusion = checks.some((k) => k.status === 'failed') ? 'failed' : checks.every((k) => k.status === 'passed') ? 'passed' : 'incomplete';
  return clean({
    certificate_id: id,
    certificate_file: e.certificate.file,
    tenant: str(c, 'tenant'),
    installation_id: str(c, 'installation_id') ?? v.installation_id,
    subject: clean({
      extension_id: int(c, 'subject.extension_id'),
      ext_pseudonym: str(c, 'subject.ext_pseudonym'),
      label: str(c, 'subject.label'),
      last4: str(c, 'subject.last4'),
    }),
    request: clean({
      reference: str(c, 'request.reference'),
      received_at: str(c, 'request.received_at'),
      requested_by: str(c, 'request.requested_by'),
      channel: str(c, 'request.channel'),
      audit_seq: int(c, 'request.audit_seq'),
    }),
    execution: clean({
      executed_at: str(c, 'execution.executed_at'),
      executed_by: str(c, 'execution.executed_by'),
      motive: str(c, 'execution.motive'),
      audit_seq: int(c, 'execution.audit_seq'),
      audit_hash: str(c, 'execution.audit_hash'),
    }),
    deleted: clean({ cdr: int(c, 'execution.deleted.cdr'), reveals: int(c, 'execution.deleted.reveals'), extension: int(c, 'execution.deleted.extension') }),
    method: str(c, 'method'),
    issued_at: str(c, 'issued_at'),
    signed_by_kid: str(c, 'kid'),
    bundle: clean({ name: v.bundle.name, sha256: v.bundle.sha256, exported_at: v.exported_at, exported_by: v.exported_by }),
    trust: trustFacts(v),
    actions: buildActions(e, ext, input.review),
    checks,
    deadline,
    conclusion,
  });
}

const EVIDENCE_FILES: [EvidenceFile['role'], string][] = [
  ['audit_log', 'data/audit/audit-log.csv'],
  ['audit_log_jsonl', 'data/audit/audit-log.jsonl'],
  ['audit_seal', 'data/audit/seal.json'],
  ['dump', 'data/db/natalia.sql'],
  ['license', 'data/license/natalia.lic'],
];

function evidenceFiles(erasures: ErasureEvidence[]): EvidenceFile[] {
  const out: EvidenceFile[] = [];
  const seen = new Set<string>();
  const add = (f: EvidenceFile) => {
    const key = `${f.bundle}\u0000${f.file}`;
    if (!seen.has(key)) {
      seen.add(key);
      out.push(clean(f));
    }
  };
  for (const e of erasures) {
    const b = e.verification.bundle;
    add({ role: 'bundle', bundle: b.name, file: b.name, sha256: b.sha256 });
    add({ role: 'certificate', bundle: b.name, file: e.certificate.file, sha256: e.file_sha256[e.certificate.file] });
    // A file is cited when the bundle holds it: its hash is known (directory bag) or a check read it (archive).
    const read = new Set(e.verification.checks.filter((k) => k.status !== 'not_provided').flatMap((k) => k.files ?? []));
    for (const [role, file] of EVIDENCE_FILES) {
      if (e.file_sha256[file] || read.has(file)) add({ role, bundle: b.name, file, sha256: e.file_sha256[file] });
    }
  }
  return out;
}

function limits(erasures: OneErasure[]): LimitKey[] {
  const out: LimitKey[] = ['backups', 'copies_outside', 'dump_moment', 'appliance_records', 'kept_by_design', 'identity_check'];
  if (erasures.some((e) => e.checks.some((c) => c.id === 'audit_entries' && c.values.request_purged === true))) out.push('request_purged');
  return out;
}

function latest(times: (string | undefined)[]): string {
  return times.filter((t): t is string => typeof t === 'string' && t !== '').sort().at(-1) ?? '1970-01-01T00:00:00.000Z';
}

export function erasureFacts(input: ErasureReportInput): ErasureReportFacts {
  if (input.erasures.length === 0) throw new Error('an erasure report needs at least one erasure');
  const erasures = input.erasures
    .map((e) => oneErasure(e, input))
    .sort((a, b) => (a.execution.executed_at ?? '').localeCompare(b.execution.executed_at ?? '') || a.certificate_id.localeCompare(b.certificate_id));
  const asOf = latest([
    ...erasures.flatMap((e) => e.actions.map((a) => a.at)),
    input.review?.reviewed_at,
  ]);
  const reportId =
    input.scope.kind === 'certificate' ? `ER-${input.scope.certificate_id}` : `ER-SUBJECT-${input.scope.ext_pseudonym.slice(0, 12)}`;
  return clean({
    format: ERASURE_REPORT_FORMAT,
    report_id: reportId,
    scope: input.scope,
    case: clean({ id: input.case.id, name: input.case.name }),
    generated_on: input.generated_on,
    ...(input.parties ? { controller: input.parties.controller ?? null, dpo: input.parties.dpo ?? null } : {}),
    as_of: asOf,
    erasures,
    evidence: evidenceFiles(input.erasures),
    review: input.review ? clean({ reviewer: input.review.reviewer, reviewed_at: input.review.reviewed_at, note: input.review.note }) : null,
    limits: limits(erasures),
    signer: input.signer,
    workstation_version: input.workstation_version,
  });
}

/** The JSON twin: the same facts, stable member order, trailing newline. */
export function serializeFacts(facts: ErasureReportFacts): string {
  return JSON.stringify(facts, null, 2) + '\n';
}
