// The three reference samples are valid (their README says so): a correct
// verifier reports nothing above info on them, in full and in fast mode, with
// threads and without.
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { verifyAuditLog, type AuditInput } from '../../shared/engine/audit/verify-audit-log.js';
import { severityRank } from '../../shared/model/findings.js';
import { importPublicKey } from '../../shared/engine/crypto/ed25519.js';
import { cleanup, CSV, EXPORTED_AT, extractSample, grantsFromBag, JSONL, MINIMAL_BAG, SAMPLES, SEAL } from './helpers.js';

const extracted: string[] = [];
afterAll(() => extracted.forEach(cleanup));

function bagOf(name: 'minimal' | 'full' | 'inserts'): string {
  if (name === 'minimal') return MINIMAL_BAG;
  const { bag, dir } = extractSample(name);
  extracted.push(dir);
  return bag;
}

const INSTALLATIONS = { minimal: 'NAT-EC94-0782', full: 'NAT-CE90-8A2C', inserts: 'NAT-0DF2-67CD' } as const;
const EXPECTED = {
  minimal: { entries: 130, first: 1, last: 130 },
  full: { entries: 8333, first: 594, last: 8926 },
  inserts: { entries: 128, first: 1, last: 128 },
} as const;

describe.each(['minimal', 'full', 'inserts'] as const)('sample %s', (name) => {
  const bag = bagOf(name);
  const grants = grantsFromBag(bag, join(SAMPLES, name, 'trust-roots.json'));
  const input = (over: Partial<AuditInput> = {}): AuditInput => ({
    bagRoot: bag,
    csv: CSV,
    jsonl: JSONL,
    seal: SEAL,
    grants,
    installationId: INSTALLATIONS[name],
    exportedAt: EXPORTED_AT,
    mode: 'full',
    ...over,
  });

  it('verifies in full mode with no finding above info, every check passed', async () => {
    const seen: number[] = [];
    const out = await verifyAuditLog(input({ signatureThreads: name === 'full' ? 2 : 0, onEntry: (e) => seen.push(e.seq) }));
    expect(out.findings.filter((f) => severityRank(f.severity) < severityRank('info'))).toEqual([]);
    expect(out.checks.map((c) => [c.id, c.status])).toEqual([
      ['audit.chain', 'passed'],
      ['audit.hashes', 'passed'],
      ['audit.signatures', 'passed'],
      ['audit.keys', 'passed'],
      ['audit.head', 'passed'],
      ['audit.seal', 'passed'],
      ['audit.timestamps', 'passed'],
      ['audit.csv_jsonl', 'passed'],
      ['audit.policy', 'passed'],
    ]);
    const exp = EXPECTED[name];
    expect(out.stats).toMatchObject({ entries: exp.entries, first_seq: exp.first, last_seq: exp.last, signatures_verified: exp.entries });
    expect(out.stats.verifier).toMatch(name === 'full' ? /2 worker threads/ : /main thread/);
    expect(out.lastEntry?.seq).toBe(exp.last);
    expect(seen.length).toBe(exp.entries);
    expect(seen.every((s, i) => s === exp.first + i)).toBe(true);
  });

  it('verifies in fast mode with no finding above info and only the fast checks', async () => {
    const out = await verifyAuditLog(input({ mode: 'fast' }));
    expect(out.findings.filter((f) => f.severity !== 'info')).toEqual([]);
    expect(out.checks.map((c) => c.id)).toEqual(['audit.chain', 'audit.head', 'audit.seal', 'audit.timestamps', 'audit.policy']);
    expect(out.checks.every((c) => c.status === 'passed')).toBe(true);
    expect(out.stats.entries).toBe(EXPECTED[name].entries);
  });

  it('verifies from the JSON lines export alone', async () => {
    const out = await verifyAuditLog(input({ csv: undefined, signatureThreads: 0 }));
    expect(out.findings.filter((f) => f.severity !== 'info')).toEqual([]);
    expect(out.checks.find((c) => c.id === 'audit.csv_jsonl')?.status).toBe('not_provided');
    expect(out.stats.entries).toBe(EXPECTED[name].entries);
  });
});

describe('the full sample key schedule', () => {
  it('follows the rotation at seq 4300 and the renewal that licenses the new key', async () => {
    const bag = bagOf('full');
    const grants = grantsFromBag(bag, join(SAMPLES, 'full', 'trust-roots.json'));
    const out = await verifyAuditLog({
      bagRoot: bag,
      csv: CSV,
      seal: SEAL,
      grants,
      installationId: INSTALLATIONS.full,
      exportedAt: EXPORTED_AT,
      mode: 'full',
      signatureThreads: 0,
    });
    expect(out.findings).toEqual([]);
    // Each row carries the key itself (what a re-audit compares with): the key the kid names.
    for (const k of out.keySchedule.summary()) expect(importPublicKey(k.public_key!)).toMatchObject({ key: { kid: k.kid } });
    expect(out.keySchedule.summary().map(({ public_key: _k, ...rest }) => rest)).toEqual([
      { kid: '22f10f88c13366ce', source: 'LIC-2025-0145', not_before: '2025-08-09T00:00:00.000Z' },
      { kid: '22f10f88c13366ce', source: 'key.rotate seq 4300', not_before: '2025-07-30T03:00:00.000Z' },
      { kid: 'bcf35dc790956547', source: 'LIC-2024-0046', not_before: '2024-12-17T00:00:00.000Z', retired_at_seq: 4300 },
    ]);
    expect(out.keySchedule.current().map((k) => k.kid)).toEqual(['22f10f88c13366ce']);
    expect(out.keySchedule.inForceAt(EXPORTED_AT).map((k) => k.kid)).toEqual(['22f10f88c13366ce']);
    expect(out.checks.find((c) => c.id === 'audit.head')?.summary).toMatch(/seq 594, vouched for by the retention.purge entry at seq 8894/);
  });

  it('without the history license, the old key is not allowed and one finding says so for the whole run', async () => {
    const bag = bagOf('full');
    const grants = grantsFromBag(bag, join(SAMPLES, 'full', 'trust-roots.json')).filter((g) => g.licenseId !== 'LIC-2024-0046');
    const out = await verifyAuditLog({ bagRoot: bag, csv: CSV, seal: SEAL, grants, exportedAt: EXPORTED_AT, mode: 'full', signatureThreads: 0 });
    // The rotate itself is signed by the unlicensed key, so the new key is never introduced before its own license's not_before.
    const unknown = out.findings.filter((f) => f.code === 'audit.unknown_key');
    expect(unknown[0]).toMatchObject({ seq: 594, line: 2, file: CSV });
    expect(unknown[0]!.count).toBeGreaterThan(3000);
    expect(unknown.length).toBeLessThanOrEqual(3);
  });
});
