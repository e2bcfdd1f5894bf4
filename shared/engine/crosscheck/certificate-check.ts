// Erasure certificates (spec §4) must agree with their erasure.request and
// erasure.execute audit entries. (Their signatures are verified when they are
// loaded: load-certificates.ts.)
//
// One erasure.audit_mismatch per certificate lists every disagreement, at the
// certificate file. An entry older than the exported range was purged by
// audit retention (spec §2.4): it cannot be compared and is not a finding.
import type { CheckContext } from './context.js';
import type { FindingList } from './finding-list.js';
import { int, str, type ErasureEntry, type ErasureFacts, type StoredCertificate } from './erasure-facts.js';

export interface Disagreement {
  field: string;
  certificate: unknown;
  audit: unknown;
}

export interface CertificateAuditStats {
  /** Certificates compared with at least one audit entry. */
  compared: number;
  /** Entries not comparable because audit retention purged them. */
  purgedEntries: number;
}

export function checkCertificatesAgainstAudit(ctx: CheckContext, facts: ErasureFacts, out: FindingList): CertificateAuditStats {
  const first = ctx.range?.first_seq ?? null;
  const last = ctx.range?.last_seq ?? null;
  const stats: CertificateAuditStats = { compared: 0, purgedEntries: 0 };
  if (first === null || last === null) return stats;

  for (const c of facts.certificates) {
    if (c.signature === 'malformed') continue; // the reader already said why it cannot be read
    const diffs: Disagreement[] = [];
    const notes: string[] = [];
    const cmp = (field: string, cert: unknown, audit: unknown) => {
      if (cert !== audit) diffs.push({ field, certificate: cert ?? null, audit: audit ?? null });
    };
    const pseudonym = str(c.json, 'subject.ext_pseudonym');
    const installation = str(c.json, 'installation_id');
    if (ctx.installationId !== undefined && installation !== ctx.installationId) {
      diffs.push({ field: 'installation_id', certificate: installation ?? null, audit: ctx.installationId });
    }

    let compared = false;
    const reqSeq = int(c.json, 'request.audit_seq');
    if (reqSeq !== undefined && reqSeq < first) {
      stats.purgedEntries++;
    } else {
      const r = reqSeq !== undefined && reqSeq <= last ? facts.entryAt(reqSeq) : undefined;
      if (!r || r.action !== 'erasure.request') {
        notes.push(missingEntry('request', reqSeq, r, facts.requests, 'request_ref', str(c.json, 'request.reference')));
      } else {
        compared = true;
        cmp('tenant (request entry)', str(c.json, 'tenant'), r.tenant);
        cmp('subject.ext_pseudonym (request target)', pseudonym === undefined ? undefined : `ext:${pseudonym}`, r.target);
        cmp('request.reference', str(c.json, 'request.reference'), r.details.request_ref);
        cmp('request.received_at', str(c.json, 'request.received_at'), r.details.received_at);
        cmp('request.requested_by', str(c.json, 'request.requested_by'), r.details.requested_by);
        cmp('request.channel', str(c.json, 'request.channel'), r.details.channel);
      }
    }

    const exSeq = int(c.json, 'execution.audit_seq');
    if (exSeq !== undefined && exSeq < first) {
      stats.purgedEntries++;
    } else {
      const x = exSeq !== undefined && exSeq <= last ? facts.entryAt(exSeq) : undefined;
      if (!x || x.action !== 'erasure.execute') {
        notes.push(missingEntry('execution', exSeq, x, facts.executes, 'certificate_id', c.certificate_id ?? undefined));
      } else {
        compared = true;
        cmp('execution.audit_hash', str(c.json, 'execution.audit_hash'), x.hash);
        cmp('execution.executed_at', str(c.json, 'execution.executed_at'), x.ts);
        cmp('execution.executed_by', str(c.json, 'execution.executed_by'), x.actor);
        cmp('execution.motive', str(c.json, 'execution.motive'), x.motive);
        cmp('tenant (execution entry)', str(c.json, 'tenant'), x.tenant);
        cmp('subject.ext_pseudonym (execution target)', pseudonym === undefined ? undefined : `ext:${pseudonym}`, x.target);
        cmp('certificate_id', c.certificate_id ?? undefined, x.details.certificate_id);
        cmp('subject.extension_id', int(c.json, 'subject.extension_id'), x.details.extension_id);
        cmp('execution.deleted.cdr', int(c.json, 'execution.deleted.cdr'), x.details.cdr_deleted);
        cmp('execution.deleted.reveals', int(c.json, 'execution.deleted.reveals'), x.details.reveals_deleted);
        cmp('request.audit_seq (execution request_seq)', reqSeq, x.details.request_seq);
      }
    }
    if (compared) stats.compared++;
    if (diffs.length === 0 && notes.length === 0) continue;
    const what = [
      ...notes,
      ...diffs.map((d) => `${d.field}: certificate ${JSON.stringify(d.certificate)}, audit ${JSON.stringify(d.audit)}`),
    ].join('; ');
    out.add({
      code: 'erasure.audit_mismatch',
      file: c.file,
      seq: exSeq ?? reqSeq,
      certificate_id: c.certificate_id ?? undefined,
      message: `Certificate ${c.certificate_id ?? c.file} disagrees with the audit log: ${what}.`,
      details: { differences: diffs, missing: notes },
    });
  }
  return stats;
}

function missingEntry(
  which: 'request' | 'execution',
  seq: number | undefined,
  found: ErasureEntry | undefined,
  candidates: ErasureEntry[],
  key: string,
  value: string | undefined,
): string {
  const action = which === 'request' ? 'erasure.request' : 'erasure.execute';
  const where =
    seq === undefined
      ? `its ${which}.audit_seq is not a sequence number`
      : found
        ? `the entry at seq ${seq} is a ${found.action}, not an ${action}`
        : `no ${action} entry is at seq ${seq} in the exported log`;
  const elsewhere = value !== undefined ? candidates.find((e) => e.details[key] === value) : undefined;
  return `${which} entry missing: ${where}${elsewhere ? ` (an ${action} with ${key} ${value} is at seq ${elsewhere.seq})` : ''}`;
}

/**
 * Successful erasure.execute entries whose certificate is not in the bundle,
 * reported when the bundle carries certificates at all (they are optional
 * payload: an export without any is "not provided", not a finding).
 */
export function checkMissingCertificates(facts: ErasureFacts, out: FindingList, certificatesExpected: boolean): void {
  if (!certificatesExpected) return;
  const ids = new Set(facts.certificates.map((c) => c.certificate_id).filter((x): x is string => x !== null));
  for (const x of facts.executes) {
    if (x.outcome !== 'success') continue;
    const id = x.details.certificate_id;
    if (typeof id === 'string' && ids.has(id)) continue;
    out.add({
      code: 'erasure.audit_mismatch',
      file: x.file,
      line: x.line,
      seq: x.seq,
      certificate_id: typeof id === 'string' ? id : undefined,
      message: `The erasure.execute at seq ${x.seq} names certificate ${typeof id === 'string' ? id : '(none)'}, but the bundle holds no such certificate (data/erasure/${typeof id === 'string' ? id : '…'}.json).`,
    });
  }
}

export type { StoredCertificate };
