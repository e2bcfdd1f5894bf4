// The Reveals, Erasures, License and Custody screens' data, read from the
// case: the evidence the import stored and the verdict the engine saved.
// Counting and joining only; every judgement (late, incomplete, mismatch...)
// is a finding the engine raised, looked up here, never re-derived.
import type Database from 'better-sqlite3';
import type { Finding } from '../../model/findings.js';
import type { VerificationResult } from '../../model/verification.js';
import type { CustodyRecord } from '../../engine/case/custody-log.js';
import { gdprDeadlineMs } from '../../engine/crosscheck/calendar.js';
import { erasureSubjects, loadErasureFacts, str, int, type ErasureEntry } from '../../engine/crosscheck/erasure-facts.js';
import type {
  CustodyEntry,
  ErasurePath,
  LicenseEvent,
  LicenseView,
  Mark,
  RevealRegisterPage,
  RevealRow,
  RevealTimeline,
  ReviewItem,
} from '../contract.js';
import { worstSeverity } from './entry-status.js';

export function revealTimeline(db: Database.Database, bundleId: number): RevealTimeline {
  // A reveal is a phone.reveal the appliance carried out; denied attempts are in the explorer.
  const byDay = db
    .prepare(
      `SELECT substr(ts, 1, 10) AS day, count(*) AS count FROM reveal_events
       WHERE bundle_id = ? AND outcome = 'success' GROUP BY day ORDER BY day`,
    )
    .all(bundleId) as { day: string; count: number }[];
  const byActor = db
    .prepare(
      `SELECT actor, count(*) AS count FROM reveal_events
       WHERE bundle_id = ? AND outcome = 'success' GROUP BY actor ORDER BY count DESC, actor`,
    )
    .all(bundleId) as { actor: string; count: number }[];
  return { total: byDay.reduce((n, d) => n + d.count, 0), byDay, byActor };
}

const REGISTER_FILE = 'data/reveal/reveal-log.csv';

export function revealRegister(db: Database.Database, bundleId: number, findings: readonly Finding[], offset: number, limit: number): RevealRegisterPage {
  const total = (db.prepare('SELECT count(*) AS n FROM reveal_rows WHERE bundle_id = ?').get(bundleId) as { n: number }).n;
  const rows = db
    .prepare(
      `SELECT reveal_id, ts, tenant, actor, role, cdr_id, extension_id, field, phone_pseudonym, last4, motive, alert_sent_to, audit_seq, line
       FROM reveal_rows WHERE bundle_id = ? ORDER BY line LIMIT ? OFFSET ?`,
    )
    .all(bundleId, limit, offset) as (Omit<RevealRow, 'audit_seq'> & { audit_seq: string })[];
  return {
    total,
    offset,
    rows: rows.map((r) => {
      const own = findings.filter((f) => (f.file === REGISTER_FILE && f.line === r.line) || (f.reveal_id !== undefined && f.reveal_id === r.reveal_id));
      const seq = /^\d+$/.test(r.audit_seq) ? Number(r.audit_seq) : null;
      return { ...r, audit_seq: seq, worstSeverity: worstSeverity(own) };
    }),
  };
}

/**
 * What deserves a second look in the reveal history: the reveal and policy
 * findings of the verdict, in the words of the catalog. (The replay module
 * adds history-based items when present: see engine.ts.)
 */
export function revealReviewItems(findings: readonly Finding[], titleOf: (f: Finding) => string): ReviewItem[] {
  return findings
    .filter((f) => f.code.startsWith('reveal.') || f.code === 'policy.reveal_by_non_admin' || (f.code === 'policy.missing_motive' && f.details?.action !== 'erasure.execute'))
    .map((f, i) => ({
      id: `${f.code}-${i}`,
      severity: f.severity,
      title: titleOf(f),
      description: f.message,
      seq: f.seq,
      revealId: f.reveal_id,
      file: f.file,
      line: f.line,
    }));
}

export function erasurePaths(db: Database.Database, bundleId: number, result: VerificationResult): ErasurePath[] {
  const facts = loadErasureFacts(db, bundleId);
  const dumpCheck = result.checks.find((c) => c.id === 'erasure.execution');
  const dumpProvided = result.checks.some((c) => c.id === 'dump.parse' && c.status !== 'not_provided');
  return erasureSubjects(facts).map((s) => {
    const cert = s.certificate;
    const certId = s.certificate_id ?? cert?.file ?? `seq ${s.execute?.seq ?? '?'}`;
    const requestSeq = (cert && int(cert.json, 'request.audit_seq')) ?? numberOf(s.execute?.details.request_seq);
    const request: ErasureEntry | undefined = requestSeq !== undefined ? facts.entryAt(requestSeq) : undefined;
    const execute = s.execute;
    const mine = result.findings.filter(
      (f) =>
        (s.certificate_id !== undefined && f.certificate_id === s.certificate_id) ||
        (cert !== undefined && f.file === cert.file) ||
        (f.seq !== undefined && (f.seq === execute?.seq || (request && f.seq === request.seq))),
    );
    const has = (code: string) => mine.some((f) => f.code === code);
    const receivedAt = (cert && str(cert.json, 'request.received_at')) ?? stringOf(request?.details.received_at);
    const receivedMs = receivedAt !== undefined ? Date.parse(receivedAt) : NaN;
    const executedAt = (cert && str(cert.json, 'execution.executed_at')) ?? execute?.ts;
    const dueAt = Number.isFinite(receivedMs) ? new Date(gdprDeadlineMs(receivedMs) - 1).toISOString() : undefined;
    const certificateMark: Mark = !cert ? 'not_checked' : cert.signature === 'valid' ? 'ok' : 'failed';
    const dumpMark: Mark = !dumpProvided ? 'not_checked' : has('erasure.incomplete') ? 'failed' : dumpCheck ? 'ok' : 'not_checked';
    const incomplete = mine.find((f) => f.code === 'erasure.incomplete')?.details;
    return {
      certificateId: certId,
      tenant: s.tenant ?? '',
      subject: {
        extensionId: s.extension_id,
        label: cert ? str(cert.json, 'subject.label') : undefined,
        pseudonym: s.ext_pseudonym,
      },
      request: request
        ? {
            seq: request.seq,
            reference: stringOf(request.details.request_ref) ?? (cert && str(cert.json, 'request.reference')),
            receivedAt,
            requestedBy: stringOf(request.details.requested_by) ?? (cert && str(cert.json, 'request.requested_by')),
            channel: stringOf(request.details.channel) ?? (cert && str(cert.json, 'request.channel')),
          }
        : cert
          ? {
              reference: str(cert.json, 'request.reference'),
              receivedAt,
              requestedBy: str(cert.json, 'request.requested_by'),
              channel: str(cert.json, 'request.channel'),
            }
          : undefined,
      execution: execute
        ? { seq: execute.seq, executedAt, executedBy: execute.actor, motive: execute.motive }
        : cert
          ? { executedAt, executedBy: str(cert.json, 'execution.executed_by'), motive: str(cert.json, 'execution.motive') }
          : undefined,
      certificate: { file: cert?.file, signature: certificateMark, matchesAudit: !cert ? 'not_checked' : has('erasure.audit_mismatch') ? 'failed' : 'ok' },
      dump: {
        status: dumpMark,
        remaining:
          incomplete && typeof incomplete === 'object'
            ? { extension: numberOf(incomplete.extension_rows) ?? 0, cdr: numberOf(incomplete.cdr_rows) ?? 0, reveals: numberOf(incomplete.reveal_rows) ?? 0 }
            : undefined,
      },
      deadline: {
        receivedAt,
        dueAt,
        executedAt,
        status: has('erasure.late') ? 'late' : receivedAt && executedAt ? 'on_time' : 'unknown',
      },
      findings: mine,
    };
  });
}

export function licenseView(db: Database.Database, bundleId: number, result: VerificationResult): LicenseView {
  const rows = db
    .prepare(
      `SELECT seq, ts, action, target, details FROM audit_entries
       WHERE bundle_id = ? AND action LIKE 'license.%' ORDER BY ord LIMIT 1000`,
    )
    .all(bundleId) as { seq: number; ts: string; action: string; target: string; details: string }[];
  const events: LicenseEvent[] = rows.map((r) => {
    let id: string | undefined = r.target.startsWith('license:') ? r.target.slice(8) : undefined;
    try {
      const d = JSON.parse(r.details) as { license_id?: unknown };
      if (typeof d.license_id === 'string') id = d.license_id;
    } catch {
      /* the target says enough */
    }
    return { seq: r.seq, ts: r.ts, action: r.action, licenseId: id };
  });
  return { exportedAt: result.exported_at, licenses: result.licenses, events };
}

const CUSTODY_WORDS: Record<string, (d: Record<string, unknown>) => string> = {
  'case.create': () => 'Case created',
  'bundle.import': (d) => `Bundle imported: ${String(d.name ?? '')}${d.verdict ? ` (verdict: ${String(d.verdict)})` : ''}`,
  'bundle.verify': (d) => `Bundle verified again${d.verdict ? ` (verdict: ${String(d.verdict)})` : ''}`,
  'report.create': (d) => `Report written: ${String(d.kind ?? '')} ${String(d.file ?? '')}`.trim(),
  'note.add': () => 'Note added',
  'tag.add': (d) => `Tag added: ${String(d.tag ?? '')}`,
  'tag.remove': (d) => `Tag removed: ${String(d.tag ?? '')}`,
};

export function custodyEntries(records: CustodyRecord[]): CustodyEntry[] {
  return records.map((r) => ({
    ts: r.ts,
    actor: `${r.os_user} on ${r.host} (workstation ${r.workstation_version})`,
    action: r.action,
    summary: (CUSTODY_WORDS[r.action] ?? (() => r.action))(r.details),
    details: r.details,
    hash: r.hash,
  }));
}

function numberOf(v: unknown): number | undefined {
  return typeof v === 'number' && Number.isSafeInteger(v) ? v : undefined;
}

function stringOf(v: unknown): string | undefined {
  return typeof v === 'string' ? v : undefined;
}
