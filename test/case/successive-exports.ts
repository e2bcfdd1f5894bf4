// Successive exports of one installation, derived from the minimal sample:
// an "earlier" one keeps the first entries of the audit log and an earlier
// export time. Their manifests are recomputed, so the bag itself is
// consistent; the seal and the bundle signature cannot be redone without the
// appliance's keys, and the verifier reports that, which does not concern
// the history check or a re-audit.
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { AuditEntry } from '../../shared/model/audit-entry.js';
import { copyMinimal } from '../crosscheck/pipeline.js';
import { auditCsvRow } from '../exporter/audit-writer.js';

export const AUDIT = 'data/audit/audit-log.jsonl';
export const AUDIT_CSV = 'data/audit/audit-log.csv';
const CSV_HEADER = 'seq,ts,tenant,actor,role,action,target,outcome,motive,source_ip,user_agent,request_id,details,prev_hash,hash,kid,sig\r\n';

/**
 * A copy of the minimal sample (in `into`) keeping audit entries [from, to], exported at
 * `exportedAt`, optionally edited. By default the export holds the JSON lines
 * log only (spec §1: every payload file is optional), so the verifier reads
 * entries from it and places are `audit-log.jsonl` lines; `withCsv` keeps the
 * CSV too, written from the same entries, and the CSV is then the log read.
 */
export function exportOfMinimal(
  into: string,
  from: number,
  to: number,
  exportedAt: string,
  edit?: (entries: Record<string, any>[]) => void,
  withCsv = false,
): string {
  const bag = copyMinimal(into);
  const p = join(bag, AUDIT);
  const entries = readFileSync(p, 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l))
    .filter((e) => e.seq >= from && e.seq <= to);
  edit?.(entries);
  // Keep each entry on the line numbered by its position in the new file.
  writeFileSync(p, entries.map((e) => JSON.stringify(e)).join('\n') + '\n');
  if (withCsv) writeFileSync(join(bag, AUDIT_CSV), CSV_HEADER + entries.map((e) => auditCsvRow(e as AuditEntry)).join(''));
  else rmSync(join(bag, AUDIT_CSV));
  const info = join(bag, 'bag-info.txt');
  writeFileSync(info, readFileSync(info, 'utf8').replace('Natalia-Exported-At: 2026-03-02T09:14:07.512Z', `Natalia-Exported-At: ${exportedAt}`));
  remanifest(bag);
  return bag;
}

const sha = (p: string) => createHash('sha256').update(readFileSync(p)).digest('hex');

/** Manifests, tag manifest and Payload-Oxum recomputed for the files the bag now holds. */
function remanifest(bag: string) {
  const rehash = (manifest: string) => {
    const p = join(bag, manifest);
    const paths = readFileSync(p, 'utf8')
      .split('\n')
      .filter(Boolean)
      .map((l) => l.slice(66))
      .filter((f) => existsSync(join(bag, f)));
    writeFileSync(p, paths.map((f) => `${sha(join(bag, f))}  ${f}\n`).join(''));
    return paths;
  };
  const payload = rehash('manifest-sha256.txt');
  const bytes = payload.reduce((sum, f) => sum + statSync(join(bag, f)).size, 0);
  const info = join(bag, 'bag-info.txt');
  writeFileSync(info, readFileSync(info, 'utf8').replace(/^Payload-Oxum: .*$/m, `Payload-Oxum: ${bytes}.${payload.length}`));
  rehash('tagmanifest-sha256.txt');
}
