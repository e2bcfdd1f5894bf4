// Child process of the verification benchmark: verifies one bundle once and
// reports how long the verification took (process start-up and module
// loading excluded) and what it found.
//   node --import tsx test/bench/verify-child.ts <bundle|audit|floor> <full|fast> <bundle path> <trust path>
// `bundle` runs the whole pipeline (verifyBundle: manifests, licenses, audit
// log, cross-checks); `audit` runs only verifyAuditLog on the bag's audit
// log, with the keys its license grants, to show where the time goes.
// `floor` runs only the work that any verifier of the format must do for each
// entry besides its signature, on one thread: read both exports and hash them
// for the manifest, tokenize the CSV, recompute every entry's hash, parse every
// JSON line, compare the two copies. No chain, no signature, no storage: a
// lower bound of the pipeline's CPU per entry apart from libsodium.
import { readFile } from 'node:fs/promises';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { verifyBundle } from '../../shared/engine/verify/verify-bundle.js';
import { verifyAuditLog } from '../../shared/engine/audit/verify-audit-log.js';
import { loadTrustStore } from '../../shared/engine/license/trust-store.js';
import { CURRENT_LICENSE, verifyLicenses } from '../../shared/engine/license/verify-licenses.js';
import { reportToParent } from './child.js';
import { mainThreadCpu } from './thread-cpu.js';
import { readAuditCsvBatches } from '../../shared/engine/audit/csv-reader.js';
import { readAuditJsonlBatches } from '../../shared/engine/audit/jsonl-reader.js';
import { entryHashMatches } from '../../shared/engine/audit/entry-hash.js';
import { differingFields } from '../../shared/engine/audit/export-compare.js';
import type { ReadItem } from '../../shared/engine/audit/read-item.js';
import { parseBagInfo } from '../../shared/engine/bundle/tag-files.js';

export type VerifyChildOp = 'bundle' | 'audit' | 'floor';

export interface VerifyChildResult {
  op: VerifyChildOp;
  mode: 'full' | 'fast';
  ms: number;
  /** CPU time of the whole process (every thread) during the call. */
  cpuMs: number;
  /** CPU time of the main thread alone during the call (the serial part); null where it cannot be read. */
  mainCpuMs: number | null;
  mainCpuSource?: string;
  entries: number;
  signaturesVerified: number;
  /** 'trusted' expected: anything else means the bench measured a failing verification. */
  verdict: string;
  findings: number;
  findingCodes: string[];
  cores: number;
}

const [op, mode, bundlePath, trustPath] = process.argv.slice(2);
if ((op !== 'bundle' && op !== 'audit' && op !== 'floor') || (mode !== 'full' && mode !== 'fast') || !bundlePath || !trustPath) {
  throw new Error('usage: verify-child.ts <bundle|audit|floor> <full|fast> <bundle dir> <trust-roots.json>');
}

function cpuMsSince(start: NodeJS.CpuUsage): number {
  const d = process.cpuUsage(start);
  return (d.user + d.system) / 1000;
}

/** The mandatory per-entry work alone (see the header); `verdict` says whether every hash and copy agreed. */
async function mandatoryWork(): Promise<Omit<VerifyChildResult, 'op' | 'mode' | 'cores' | 'mainCpuMs'>> {
  const csvPath = join(bundlePath!, 'data/audit/audit-log.csv');
  const jsonlPath = join(bundlePath!, 'data/audit/audit-log.jsonl');
  const hashes: string[] = [];
  const onSha256 = (h: string) => void hashes.push(h);
  const t0 = performance.now();
  const cpu0 = process.cpuUsage();
  const jsonl = readAuditJsonlBatches(jsonlPath, 'jsonl', { onSha256 });
  let pending: ReadItem[] = [];
  let pos = 0;
  let entries = 0;
  let problems = 0;
  for await (const batch of readAuditCsvBatches(csvPath, 'csv', { onSha256 })) {
    for (const it of batch) {
      while (pos === pending.length) {
        const next = await jsonl.next();
        if (next.done) break;
        pending = next.value;
        pos = 0;
      }
      const other = pending[pos++];
      if (!('entry' in it) || other === undefined || !('entry' in other)) {
        problems++;
        continue;
      }
      entries++;
      if (!entryHashMatches(it.entry, it.detailsText) || differingFields(it.entry, other.entry).length > 0) problems++;
    }
  }
  problems += pending.length - pos;
  for (let r = await jsonl.next(); !r.done; r = await jsonl.next()) problems += r.value.length;
  const ms = performance.now() - t0;
  const codes = hashes.length === 2 ? [] : ['manifest hashes not computed'];
  return {
    ms,
    cpuMs: cpuMsSince(cpu0),
    entries,
    signaturesVerified: 0,
    verdict: problems === 0 && codes.length === 0 ? 'trusted' : 'problems',
    findings: problems + codes.length,
    findingCodes: codes,
  };
}

let out: Omit<VerifyChildResult, 'op' | 'mode' | 'cores' | 'mainCpuMs'>;
const main0 = mainThreadCpu();
if (op === 'floor') {
  out = await mandatoryWork();
} else if (op === 'bundle') {
  const t0 = performance.now();
  const cpu0 = process.cpuUsage();
  const r = await verifyBundle(bundlePath, { trustPath, mode });
  const ms = performance.now() - t0;
  out = {
    ms,
    cpuMs: cpuMsSince(cpu0),
    entries: r.stats.audit_entries,
    signaturesVerified: r.stats.signatures_verified ?? 0,
    verdict: r.verdict,
    findings: r.findings.length,
    findingCodes: [...new Set(r.findings.map((f) => f.code))],
  };
} else {
  // The directory form only: the bag is the folder itself.
  const trust = await loadTrustStore(trustPath);
  const info = parseBagInfo(await readFile(join(bundlePath, 'bag-info.txt'), 'utf8')).labels;
  const installationId = info['Natalia-Installation-Id'];
  const exportedAt = info['Natalia-Exported-At'];
  const lic = await verifyLicenses({ bagRoot: bundlePath, files: [CURRENT_LICENSE], trust, installationId, exportedAt });
  if (lic.grants.length === 0) throw new Error(`the license of ${bundlePath} grants no trusted audit key`);
  const t0 = performance.now();
  const cpu0 = process.cpuUsage();
  const a = await verifyAuditLog({
    bagRoot: bundlePath,
    csv: 'data/audit/audit-log.csv',
    jsonl: 'data/audit/audit-log.jsonl',
    seal: 'data/audit/seal.json',
    grants: lic.grants,
    installationId,
    exportedAt,
    mode,
  });
  const ms = performance.now() - t0;
  const failed = a.checks.some((c) => c.status === 'failed');
  out = {
    ms,
    cpuMs: cpuMsSince(cpu0),
    entries: a.stats.entries,
    signaturesVerified: a.stats.signatures_verified,
    verdict: failed || a.findings.length ? 'problems' : 'trusted',
    findings: a.findings.length,
    findingCodes: [...new Set(a.findings.map((f) => f.code))],
  };
}
// Around the whole operation: the other ops' set-up before their timer (trust store, licenses) is a few ms.
const main1 = mainThreadCpu();
const mainCpu = main0 && main1 ? { mainCpuMs: main1.ms - main0.ms, mainCpuSource: main1.source } : { mainCpuMs: null };
await reportToParent({ op, mode, cores: availableParallelism(), ...out, ...mainCpu } satisfies VerifyChildResult);
