// dump.erasure_mismatch: the dump's `erasures` table against the signed
// certificates (spec §4, §5). Every certificate has exactly one row, every row
// a certificate, and each column equals the certificate's value (times
// compared as instants: the dump writes them in local time with an offset).
import type { CheckContext } from './context.js';
import type { FindingList } from './finding-list.js';
import { int, str, type ErasureFacts } from './erasure-facts.js';
import { dumpMs } from './load-dump.js';
import type { ErasureRow } from '../dump/schema.js';

/** A stored `erasures` row (dump/schema.ts) with the dump line it came from. */
type ErasureRowRec = ErasureRow & { line: number };

export function checkDumpErasures(ctx: CheckContext, facts: ErasureFacts, out: FindingList): { rows: number } {
  const rows = ctx.db
    .prepare('SELECT line, certificate_id, tenant_id, extension_id, ext_pseudonym, requested_at, executed_at, cdr_deleted, audit_seq FROM dump_erasures WHERE bundle_id = ? ORDER BY line')
    .all(ctx.bundleId) as ErasureRowRec[];
  const file = ctx.files.dump;
  const certById = new Map(facts.certificates.filter((c) => c.certificate_id !== null).map((c) => [c.certificate_id!, c]));
  const seen = new Set<string>();
  for (const r of rows) {
    const c = certById.get(r.certificate_id);
    if (c?.signature === 'malformed') {
      seen.add(r.certificate_id); // the certificate cannot be read (already a finding): nothing to compare with
      continue;
    }
    if (!c || seen.has(r.certificate_id)) {
      out.add({
        code: 'dump.erasure_mismatch',
        file,
        line: r.line,
        certificate_id: r.certificate_id,
        message: seen.has(r.certificate_id)
          ? `The erasures table lists certificate ${r.certificate_id} a second time.`
          : `The erasures table lists certificate ${r.certificate_id} (extension ${r.extension_id}), but the bundle holds no such certificate.`,
      });
      seen.add(r.certificate_id);
      continue;
    }
    seen.add(r.certificate_id);
    const diffs: { column: string; dump: unknown; certificate: unknown }[] = [];
    const cmp = (column: string, dump: unknown, cert: unknown) => {
      if (dump !== cert) diffs.push({ column, dump, certificate: cert ?? null });
    };
    const cmpTime = (column: string, dump: string, cert: string | undefined) => {
      if (cert === undefined || dumpMs(dump) !== dumpMs(cert)) diffs.push({ column, dump, certificate: cert ?? null });
    };
    cmp('tenant_id', r.tenant_id, str(c.json, 'tenant'));
    cmp('extension_id', r.extension_id, int(c.json, 'subject.extension_id'));
    cmp('ext_pseudonym', r.ext_pseudonym, str(c.json, 'subject.ext_pseudonym'));
    cmpTime('requested_at', r.requested_at, str(c.json, 'request.received_at'));
    cmpTime('executed_at', r.executed_at, str(c.json, 'execution.executed_at'));
    cmp('cdr_deleted', r.cdr_deleted, int(c.json, 'execution.deleted.cdr'));
    cmp('audit_seq', r.audit_seq, int(c.json, 'execution.audit_seq'));
    if (diffs.length === 0) continue;
    out.add({
      code: 'dump.erasure_mismatch',
      file,
      line: r.line,
      certificate_id: r.certificate_id,
      message: `The erasures row of certificate ${r.certificate_id} disagrees with the certificate on ${diffs
        .map((d) => `${d.column} (dump ${JSON.stringify(d.dump)}, certificate ${JSON.stringify(d.certificate)})`)
        .join('; ')}.`,
      details: { differences: diffs, certificate_file: c.file },
    });
  }
  for (const c of facts.certificates) {
    if (c.certificate_id === null || seen.has(c.certificate_id) || c.signature === 'malformed') continue;
    out.add({
      code: 'dump.erasure_mismatch',
      file,
      certificate_id: c.certificate_id,
      message: `Certificate ${c.certificate_id} (${c.file}) has no row in the dump's erasures table.`,
      details: { certificate_file: c.file },
    });
  }
  return { rows: rows.length };
}
