// Streams the reveal register into reveal_rows. The evidence reader types and
// validates each row (a row it cannot read is a reveal.malformed_row finding
// and is not stored); cells are stored back as their register text so the
// comparison with audit entries is on exactly what the register says.
import type Database from 'better-sqlite3';
import { readRevealLog } from '../evidence/reveal-log.js';
import { BatchInserter } from '../store/batch-inserter.js';
import { deferIndexes } from '../store/deferred-indexes.js';
import { throwIfAborted } from './abort.js';
import { FindingList } from './finding-list.js';

const SQL = `INSERT INTO reveal_rows (bundle_id, file, line, reveal_id, ts, tenant, actor, role, cdr_id, extension_id, field,
  phone_pseudonym, last4, motive, alert_sent_to, audit_seq, audit_hash) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)`;

export async function loadRegister(
  db: Database.Database,
  bundleId: number,
  path: string,
  file: string,
  opts: { signal?: AbortSignal } = {},
): Promise<{ findings: FindingList; rows: number }> {
  const rebuildIndexes = deferIndexes(db, 'reveal_rows');
  const ins = new BatchInserter(db, SQL);
  // Capped as the rows are read: a register of millions of broken rows is never millions of findings in memory.
  const findings = new FindingList();
  let n = 0;
  for await (const item of readRevealLog(path, file, { signal: opts.signal })) {
    if (item.kind === 'error') {
      findings.add(item.finding);
      continue;
    }
    const r = item.row;
    ins.add([
      bundleId, file, item.line, r.reveal_id, r.ts, r.tenant, r.actor, r.role, String(r.cdr_id), String(r.extension_id), r.field,
      r.phone_pseudonym, r.last4, r.motive, r.alert_sent_to.join(';'), String(r.audit_seq), r.audit_hash,
    ]);
    if (++n % 4096 === 0) throwIfAborted(opts.signal);
  }
  ins.flush();
  rebuildIndexes();
  return { findings, rows: n };
}
