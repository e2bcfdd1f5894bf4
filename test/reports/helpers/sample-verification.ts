// A VerificationResult for the minimal sample, built by hand from the
// sample's own files (names, hashes, seq range, counts) as the verifier
// reports it for a valid bundle. Variants flip one check to failed or
// not provided, as a tampered or partial export would.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { finding } from '../../../shared/model/findings.js';
import type { CheckId, CheckResult, CheckStatus, VerificationResult } from '../../../shared/model/verification.js';
import type { CaiqBundleEvidence } from '../../../shared/engine/reports/caiq/answer-types.js';

export const SAMPLE_BAG_NAME = 'natalia-evidence-NAT-EC94-0782-20260302T091407Z';
export const SAMPLE_BAG = join(import.meta.dirname, '../../fixtures/samples/minimal', SAMPLE_BAG_NAME);

export function sampleManifest(): Record<string, string> {
  const out: Record<string, string> = {};
  for (const line of readFileSync(join(SAMPLE_BAG, 'manifest-sha256.txt'), 'utf8').split('\n')) {
    const m = /^([0-9a-f]{64})  (.+)$/.exec(line.trim());
    if (m) out[m[2]!] = m[1]!;
  }
  return out;
}

const FILES: Partial<Record<CheckId, string[]>> = {
  'bundle.manifests': ['manifest-sha256.txt', 'tagmanifest-sha256.txt'],
  'bundle.signature': ['bundle-signature.json'],
  'license.signature': ['data/license/natalia.lic'],
  'license.trust': ['data/license/natalia.lic'],
  'license.installation': ['data/license/natalia.lic'],
  'license.validity': ['data/license/natalia.lic'],
  'audit.chain': ['data/audit/audit-log.csv'],
  'audit.hashes': ['data/audit/audit-log.csv'],
  'audit.signatures': ['data/audit/audit-log.csv'],
  'audit.keys': ['data/audit/audit-log.csv'],
  'audit.head': ['data/audit/audit-log.csv'],
  'audit.seal': ['data/audit/seal.json'],
  'audit.csv_jsonl': ['data/audit/audit-log.csv', 'data/audit/audit-log.jsonl'],
  'audit.policy': ['data/audit/audit-log.csv'],
  'reveal.register': ['data/reveal/reveal-log.csv'],
  'erasure.certificates': ['data/erasure/ERC-2026-000017.json'],
  'erasure.execution': ['data/erasure/ERC-2026-000017.json', 'data/db/natalia.sql'],
  'dump.parse': ['data/db/natalia.sql'],
  'dump.retention': ['data/db/natalia.sql'],
  'dump.erasures': ['data/db/natalia.sql'],
};

const ALL: CheckId[] = [
  'bundle.structure', 'bundle.manifests', 'bundle.signature', 'license.signature', 'license.trust', 'license.installation',
  'license.validity', 'license.clock', 'audit.chain', 'audit.hashes', 'audit.signatures', 'audit.keys', 'audit.head',
  'audit.seal', 'audit.timestamps', 'audit.csv_jsonl', 'audit.policy', 'reveal.register', 'erasure.certificates',
  'erasure.execution', 'dump.parse', 'dump.retention', 'dump.erasures',
];

export function sampleVerification(overrides: Partial<Record<CheckId, CheckStatus>> = {}): VerificationResult {
  const checks: CheckResult[] = ALL.map((id) => {
    const status = overrides[id] ?? 'passed';
    const files = FILES[id];
    return { id, status, summary: `${id} ${status} on the minimal sample`, ...(files && status !== 'not_provided' ? { files } : {}), findings: status === 'failed' ? 1 : 0 };
  });
  return {
    format: 'natalia-audit.verification.v1',
    installation_id: 'NAT-EC94-0782',
    exported_at: '2026-03-02T09:14:07.512Z',
    exported_by: 'auditor.acme',
    appliance_version: '4.12.3',
    contract_mode: 'strict',
    bundle: { path: SAMPLE_BAG, form: 'directory', name: SAMPLE_BAG_NAME },
    trust: { source: 'test', roots: [{ kid: '3de8b7b93e664e21', label: 'test root' }] },
    verdict: Object.values(overrides).includes('failed') ? 'problems' : 'trusted',
    checks,
    findings: [],
    licenses: [
      {
        file: 'data/license/natalia.lic',
        license_id: 'LIC-2026-0001',
        customer: 'Acme Contact SAS',
        installation_id: 'NAT-EC94-0782',
        status_at_export: 'valid',
        trusted: true,
        audit_kids: ['953ec542ed380ab0'],
      },
    ],
    audit_keys: [{ kid: '953ec542ed380ab0', source: 'LIC-2026-0001' }],
    stats: {
      audit_entries: 130,
      first_seq: 1,
      last_seq: 130,
      first_ts: '2026-02-16T08:00:00.000Z',
      last_ts: '2026-03-02T09:14:07.512Z',
      reveal_rows: 13,
      certificates: 1,
      dump_rows: { tenants: 1, users: 6, extensions: 20, cdr: 421, reveals: 13, erasures: 1, license_state: 1 },
      duration_ms: 10,
      mode: 'full',
    },
    workstation_version: '0.1.0',
  };
}

/** A bundle whose audit chain broke at seq 51 (as an edited CSV line would). */
export function brokenChainVerification(): VerificationResult {
  const v = sampleVerification({ 'audit.chain': 'failed' });
  v.findings.push(
    finding({ code: 'audit.chain_break', file: 'data/audit/audit-log.csv', line: 52, seq: 51, message: 'prev_hash of seq 51 is not the hash of seq 50' }),
  );
  return v;
}

export function evidenceOf(v: VerificationResult): CaiqBundleEvidence {
  return { verification: v, file_sha256: sampleManifest(), actions: { 'audit.export': { count: 2, first_seq: 40, last_seq: 128 } } };
}
