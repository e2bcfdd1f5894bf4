// Runs the verification stages the cross-checks depend on, the way
// verify-bundle.ts does, on a bag folder: bag check, licenses, audit entries
// into the store (read here from the JSON lines export, in chain order, with
// key.rotate entries applied to the key schedule), then runCrossChecks.
// A harness to unit-test the cross-checks in isolation, NOT a verifier:
// signatures of audit entries are not verified here (the audit verifier's job,
// with its own tests), and entries are located in the JSON lines log where the
// real verifier reads the CSV when both are present. The same tampers go
// through the real verifier (verify-bundle.ts) in real-verifier.test.ts, and
// the exporter's reveal/erasure/dump tampers in exporter-tampers.test.ts.
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import type { AuditEntry } from '../../shared/model/audit-entry.js';
import type { Finding } from '../../shared/model/findings.js';
import { checkBag } from '../../shared/engine/bundle/bagit.js';
import { openBundle } from '../../shared/engine/bundle/open-bundle.js';
import type { BagCheck, BagHandle } from '../../shared/engine/bundle/types.js';
import { KeySchedule } from '../../shared/engine/audit/key-schedule.js';
import { verifyLicenses, CURRENT_LICENSE } from '../../shared/engine/license/verify-licenses.js';
import { loadTrustStore } from '../../shared/engine/license/trust-store.js';
import { EvidenceStore } from '../../shared/engine/store/evidence-store.js';
import { runCrossChecks, type CrossCheckOutput } from '../../shared/engine/crosscheck/run-cross-checks.js';

export const SAMPLES = join(import.meta.dirname, '../fixtures/samples');
export const MINIMAL_NAME = 'natalia-evidence-NAT-EC94-0782-20260302T091407Z';
export const MINIMAL_BAG = join(SAMPLES, 'minimal', MINIMAL_NAME);
export const MINIMAL_TRUST = join(SAMPLES, 'minimal/trust-roots.json');

export function scratch(prefix = 'natalia-cc-'): { dir: string; cleanup(): void } {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

/** A writable copy of the minimal sample (the sample itself is never touched). */
export function copyMinimal(into: string): string {
  const dest = join(into, MINIMAL_NAME);
  cpSync(MINIMAL_BAG, dest, { recursive: true });
  return dest;
}

export function readJsonl(bagRoot: string): { entry: AuditEntry; line: number }[] {
  const text = readFileSync(join(bagRoot, 'data/audit/audit-log.jsonl'), 'utf8');
  return text
    .split('\n')
    .map((l, i) => ({ l, line: i + 1 }))
    .filter((x) => x.l !== '')
    .map((x) => ({ entry: JSON.parse(x.l) as AuditEntry, line: x.line }));
}

export interface PipelineResult {
  store: EvidenceStore;
  bundleId: number;
  bagCheck: BagCheck;
  cc: CrossCheckOutput;
  /** Cross-check findings above info. */
  serious: Finding[];
}

export async function runPipeline(
  bagRoot: string,
  trustPath: string,
  opts: { store?: EvidenceStore; all?: boolean; signal?: AbortSignal; entries?: { entry: AuditEntry; line: number }[] } = {},
): Promise<PipelineResult> {
  const bag: BagHandle = { root: bagRoot, name: basename(bagRoot), form: 'directory', source: bagRoot, close: async () => {} };
  const bagCheck = await checkBag(bag);
  const info = bagCheck.bagInfo;
  const trust = await loadTrustStore(trustPath);
  const licenseFiles = [...bagCheck.presentPayload].filter((p) => p === CURRENT_LICENSE || p.startsWith('data/license/history/'));
  const lic = await verifyLicenses({
    bagRoot,
    files: licenseFiles,
    trust,
    installationId: info['Natalia-Installation-Id'],
    exportedAt: info['Natalia-Exported-At'],
  });
  const schedule = new KeySchedule(lic.grants);
  const store = opts.store ?? EvidenceStore.openInMemory();
  const bundleId = store.beginBundle({
    name: bag.name,
    source_path: bagRoot,
    source_sha256: null,
    form: 'directory',
    installation_id: info['Natalia-Installation-Id'] ?? null,
    exported_at: info['Natalia-Exported-At'] ?? null,
  });
  const sink = store.auditSink(bundleId, { all: opts.all ?? false });
  const entries = opts.entries ?? (bagCheck.presentPayload.has('data/audit/audit-log.jsonl') ? readJsonl(bagRoot) : []);
  for (const { entry, line } of entries) {
    sink.add(entry, { file: 'data/audit/audit-log.jsonl', line });
    if (entry.action === 'key.rotate') schedule.applyRotate(entry, entry.kid);
  }
  sink.flush();
  const cc = await runCrossChecks({
    store,
    bundleId,
    bag,
    bagCheck,
    keySchedule: schedule,
    exportedAt: info['Natalia-Exported-At'],
    installationId: info['Natalia-Installation-Id'],
    signal: opts.signal,
  });
  const serious = cc.findings.filter((f) => f.severity !== 'info');
  return { store, bundleId, bagCheck, cc, serious };
}

/** A sample bundle opened as verify-bundle opens it (archives extracted to a temporary folder). */
export async function openSample(name: 'minimal' | 'full' | 'inserts'): Promise<{ bag: BagHandle; trust: string }> {
  const dir = join(SAMPLES, name);
  const entry = readdirSync(dir).find((n) => n.startsWith('natalia-evidence-'))!;
  const opened = await openBundle(join(dir, entry));
  if (!opened.ok) throw new Error(opened.message);
  return { bag: opened.bag, trust: join(dir, 'trust-roots.json') };
}
