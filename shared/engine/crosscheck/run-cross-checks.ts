// The cross-checks of one bundle: loads the reveal register, the erasure
// certificates and the database dump into the evidence store (streamed,
// batched, inside the caller's transaction when there is one), then checks
// them against each other and against the audit entries the audit pass
// stored. Run after the audit sink was flushed.
//
// Which files are read: a payload file that the manifest lists and that is
// present is read EVEN IF its hash differs from the manifest. The
// bundle.manifest_mismatch finding already says it cannot be relied on, and
// the cross-check findings then locate what was edited in it. A file the
// manifest does not list is not read (bundle.unlisted_file says the
// workstation ignores it), unless the bag has no usable manifest at all, in
// which case what is present is read so the bundle can still be examined.
//
// Each CheckResult is not_provided when its inputs are absent, failed when it
// raised a finding above info, passed otherwise.
import { FINDING_CATALOG, severityRank, type Finding } from '../../model/findings.js';
import type { CheckId, CheckResult } from '../../model/verification.js';
import type { BagCheck, BagHandle } from '../bundle/types.js';
import type { KeySchedule } from '../audit/key-schedule.js';
import type { EvidenceStore } from '../store/evidence-store.js';
import { isRfc3339Ms, toMs } from '../time/rfc3339.js';
import { join } from 'node:path';
import { throwIfAborted } from './abort.js';
import { CERTIFICATE_RE, DUMP_FILE, hasAudit, REGISTER_FILE, type CheckContext } from './context.js';
import { FindingList } from './finding-list.js';
import { loadRegister } from './load-register.js';
import { loadCertificates } from './load-certificates.js';
import { loadDump, type DumpLoadInProgress } from './load-dump.js';
import { checkRegister } from './register-check.js';
import { checkRevealsAfterErasure } from './after-erasure-check.js';
import { erasureSubjects, loadErasureFacts } from './erasure-facts.js';
import { noticeNote } from '../audit/audit-checks.js';
import { checkCertificatesAgainstAudit, checkMissingCertificates } from './certificate-check.js';
import { checkIncomplete, checkLate, checkOverdue, checkRequests } from './erasure-execution-check.js';
import { checkDumpErasures } from './dump-erasures-check.js';
import { checkRetention } from './retention-check.js';
import { checkHighWater } from './high-water-check.js';

export interface CrossCheckProgress {
  bytesRead?: number;
  bytesTotal?: number;
}

export interface CrossCheckInput {
  store: EvidenceStore;
  bundleId: number;
  bag: BagHandle;
  bagCheck: BagCheck;
  keySchedule: KeySchedule;
  /** Natalia-Exported-At, when well-formed. */
  exportedAt: string | undefined;
  installationId: string | undefined;
  signal?: AbortSignal;
  onProgress?: (p: CrossCheckProgress) => void;
  /**
   * The dump, already being read (startDumpLoad on readableFiles(bagCheck).dump):
   * a verification starts it before the audit log so both run at once.
   * Without it the dump is read here.
   */
  dump?: DumpLoadInProgress;
}

export interface CrossCheckOutput {
  findings: Finding[];
  checks: CheckResult[];
  stats: { reveal_rows?: number; certificates?: number; dump_rows?: Record<string, number> };
  /** SHA-256 of the dump as read (when it was). */
  dumpSha256?: string;
  /** license_state rows whose clock high-water mark was compared with the export (license.clock's dump side). */
  clockRows: number;
}


/** Payload files the cross-checks read (see the header comment). */
export function readableFiles(bagCheck: BagCheck): { register?: string; dump?: string; certificates: string[] } {
  const noManifest = bagCheck.manifest.size === 0;
  const readable = (p: string) => bagCheck.presentPayload.has(p) && (noManifest || bagCheck.manifest.has(p));
  return {
    register: readable(REGISTER_FILE) ? REGISTER_FILE : undefined,
    dump: readable(DUMP_FILE) ? DUMP_FILE : undefined,
    certificates: [...bagCheck.presentPayload].filter((p) => CERTIFICATE_RE.test(p) && readable(p)).sort(),
  };
}

export async function runCrossChecks(input: CrossCheckInput): Promise<CrossCheckOutput> {
  const { store, bundleId, bag, bagCheck, signal } = input;
  const db = store.db;
  const files = readableFiles(bagCheck);
  const exportedMs = isRfc3339Ms(input.exportedAt) ? toMs(input.exportedAt) : null;
  const ctx: CheckContext = {
    db,
    bundleId,
    range: store.auditRange(bundleId),
    exportedMs,
    installationId: input.installationId,
    files,
  };
  const stats: CrossCheckOutput['stats'] = {};
  // One capped list for every finding of the cross-checks, loaders included (finding-list.ts).
  const out = new FindingList();
  let dumpSha256: string | undefined;
  let clockRows = 0;

  // ── Load ───────────────────────────────────────────────────────────────
  if (files.register) {
    const r = await loadRegister(db, bundleId, join(bag.root, files.register), files.register, { signal });
    out.absorb(r.findings);
    stats.reveal_rows = r.rows;
  }
  throwIfAborted(signal);
  if (files.certificates.length) {
    const c = await loadCertificates(db, bundleId, bag.root, files.certificates, (kid, ts) => input.keySchedule.keyAt(kid, ts));
    for (const f of c.findings) out.add(f);
    stats.certificates = c.count;
  }
  throwIfAborted(signal);
  if (files.dump) {
    const keepCdrRows = erasedExtensions(db, bundleId);
    const d = input.dump
      ? await input.dump.finish(keepCdrRows)
      : await loadDump(db, bundleId, join(bag.root, files.dump), files.dump, {
          keepCdrRows,
          signal,
          onProgress: (p) => input.onProgress?.({ bytesRead: p.bytesRead, bytesTotal: p.bytesTotal }),
        });
    out.absorb(d.findings);
    stats.dump_rows = d.rows;
    dumpSha256 = d.sha256;
  }
  throwIfAborted(signal);

  // ── Check ──────────────────────────────────────────────────────────────
  const audit = hasAudit(ctx);
  const facts = loadErasureFacts(db, bundleId);
  const subjects = erasureSubjects(facts);
  const summaries = new Map<CheckId, { provided: boolean; summary: string; files: string[] }>();
  const auditFiles = auditFilesOf(ctx);

  // reveal.register
  if (files.register && audit) {
    const s = checkRegister(ctx, out);
    checkRevealsAfterErasure(ctx, subjects, out);
    summaries.set('reveal.register', {
      // An empty register against a log without a successful reveal compared nothing.
      provided: s.rows + s.reveals > 0,
      summary:
        s.rows + s.reveals > 0
          ? `${s.rows} register row(s) matched against ${s.reveals} successful phone.reveal audit entries (${s.matched} paired), and reveals checked against erasures.`
          : 'The register has no row and the audit log no successful reveal: there was nothing to match.',
      files: [files.register, ...auditFiles],
    });
  } else if (audit) {
    checkRevealsAfterErasure(ctx, subjects, out);
    summaries.set('reveal.register', {
      provided: false,
      summary: 'The bundle has no readable reveal register; only reveals made after an erasure were looked for in the audit log.',
      files: auditFiles,
    });
  } else {
    summaries.set('reveal.register', {
      provided: false,
      summary: files.register
        ? 'The reveal register was read, but without an audit log its rows cannot be matched.'
        : 'Neither a reveal register nor an audit log to match it against.',
      files: files.register ? [files.register] : [],
    });
  }

  // erasure.certificates
  if (files.certificates.length) {
    const s = checkCertificatesAgainstAudit(ctx, facts, out);
    summaries.set('erasure.certificates', {
      provided: true,
      summary: audit
        ? `${files.certificates.length} certificate(s) verified with the audit key in force at issue and compared with their audit entries` +
          (s.purgedEntries ? ` (${s.purgedEntries} entr${s.purgedEntries > 1 ? 'ies' : 'y'} older than the exported log, purged by retention, not compared).` : '.')
        : `${files.certificates.length} certificate(s) verified; no audit log to compare them with.`,
      files: [...files.certificates],
    });
  } else {
    summaries.set('erasure.certificates', { provided: false, summary: 'The bundle holds no erasure certificate.', files: [] });
  }
  if (audit) checkMissingCertificates(facts, out, certificatesExpected(bagCheck));

  // erasure.execution
  if (audit || files.certificates.length) {
    const req = audit ? checkRequests(ctx, facts, out) : { requestsBeforeRange: 0 };
    checkLate(facts, subjects, out);
    const pending = audit ? checkOverdue(ctx, facts, out) : { pending: 0, overdue: 0 };
    const dumpChecked = files.dump ? checkIncomplete(ctx, subjects, out) : 0;
    summaries.set('erasure.execution', {
      // No execution, no certificate and no request: nothing was followed.
      provided: facts.executes.length + subjects.length + pending.pending > 0,
      summary:
        facts.executes.length + subjects.length + pending.pending === 0
          ? 'The audit log records no erasure request or execution, and the bundle holds no certificate: no erasure to follow.'
          : `${facts.executes.length} erasure.execute entr${facts.executes.length === 1 ? 'y' : 'ies'} checked for an earlier request` +
        (req.requestsBeforeRange ? ` (${req.requestsBeforeRange} citing a request purged by audit retention)` : '') +
        `, ${subjects.length} erasure(s) against the one-month deadline` +
        (pending.pending ? `, ${pending.pending} request(s) not executed by the export (${pending.overdue} past the deadline then)` : '') +
        (files.dump ? `, ${dumpChecked} against the database dump.` : '; no database dump to confirm the data is gone.'),
      files: [...auditFiles, ...files.certificates, ...(files.dump ? [files.dump] : [])],
    });
  } else {
    summaries.set('erasure.execution', { provided: false, summary: 'No audit log and no certificate: no erasure to follow.', files: [] });
  }

  // dump.*
  if (files.dump) {
    summaries.set('dump.parse', { provided: true, summary: `The database dump was read (${describeRows(stats.dump_rows)}).`, files: [files.dump] });
    if (exportedMs !== null) {
      const r = checkRetention(ctx, exportedMs, out);
      // Provided only when some tenant's CDRs were compared with a usable retention: unusable retentions
      // alone (0 months, NULL) or CDRs only of unlisted tenants compared nothing, and passing would say they did.
      const why = [
        r.skipped.length ? `tenants without a usable retention: ${r.skipped.join(', ')}` : '',
        r.unknownTenants.length ? `CDRs of tenants missing from the tenants table: ${r.unknownTenants.join(', ')}` : '',
      ].filter(Boolean);
      summaries.set('dump.retention', {
        provided: r.compared > 0,
        summary:
          r.compared > 0
            ? `CDRs of ${r.compared} tenant(s) compared with their retention at export time${why.length ? `; not compared: ${why.join('; ')}` : ''}.`
            : r.tenants > 0
              ? `No tenant has a usable retention, so no CDR could be compared with one (${why.join('; ')}).`
              : `The dump lists no tenant, so retention cannot be checked${why.length ? ` (${why.join('; ')})` : ''}.`,
        files: [files.dump],
      });
      clockRows = checkHighWater(ctx, exportedMs, input.exportedAt!, out);
    } else {
      summaries.set('dump.retention', { provided: false, summary: 'No usable export time in bag-info.txt: retention cannot be checked.', files: [files.dump] });
    }
    if (files.certificates.length) {
      const d = checkDumpErasures(ctx, facts, out);
      summaries.set('dump.erasures', {
        provided: true,
        summary: `${d.rows} erasures row(s) compared with ${files.certificates.length} certificate(s).`,
        files: [files.dump, ...files.certificates],
      });
    } else {
      summaries.set('dump.erasures', { provided: false, summary: 'No certificate to compare the erasures table with.', files: [files.dump] });
    }
  } else {
    for (const id of ['dump.parse', 'dump.retention', 'dump.erasures'] as const) {
      summaries.set(id, { provided: false, summary: 'The bundle holds no readable database dump.', files: [] });
    }
  }

  const findings = out.list();
  const checks: CheckResult[] = [];
  for (const [id, s] of summaries) {
    const mine = findings.filter((f) => FINDING_CATALOG[f.code].check === id); // the catalog is the one map from code to check
    // Low findings are notices (nothing lost): a provided check with only those passed, with notices.
    const failed = mine.some((f) => severityRank(f.severity) < severityRank('low'));
    const notices = !failed && s.provided ? mine.filter((f) => f.severity === 'low').length : 0;
    checks.push({
      id,
      status: failed ? 'failed' : s.provided ? 'passed' : 'not_provided',
      summary: notices ? `${s.summary} ${noticeNote(notices)}` : s.summary,
      files: s.files,
      findings: mine.length,
      ...(notices ? { notices } : {}),
    });
  }
  return { findings, checks, stats, dumpSha256, clockRows };
}

/** Extensions erased by a certificate or an erasure.execute entry (loaded before the dump). */
function erasedExtensions(db: CheckContext['db'], bundleId: number): Set<number> {
  const ids = new Set<number>();
  for (const s of erasureSubjects(loadErasureFacts(db, bundleId))) if (s.extension_id !== undefined) ids.add(s.extension_id);
  return ids;
}

function auditFilesOf(ctx: CheckContext): string[] {
  const rows = ctx.db.prepare('SELECT DISTINCT file FROM audit_entries WHERE bundle_id = ? LIMIT 2').all(ctx.bundleId) as { file: string }[];
  return rows.map((r) => r.file);
}

/** The manifest lists certificate files: the export meant to carry them. */
function certificatesExpected(bagCheck: BagCheck): boolean {
  for (const p of bagCheck.manifest.keys()) if (CERTIFICATE_RE.test(p)) return true;
  for (const p of bagCheck.presentPayload) if (CERTIFICATE_RE.test(p)) return true;
  return false;
}

function describeRows(rows: Record<string, number> | undefined): string {
  if (!rows || Object.keys(rows).length === 0) return 'no table rows';
  return Object.entries(rows)
    .map(([t, n]) => `${n} ${t}`)
    .join(', ');
}

