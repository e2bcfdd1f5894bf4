// End to end: every tamper kind planted in a fresh copy of an exported bag,
// then the real verifier (verifyBundle) must report the expected finding at
// the expected place, the consequences it must report too, and nothing else
// blocking. The untouched bag must come out trusted.
import { cp, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyBundle } from '../../shared/engine/verify/verify-bundle.js';
import { FINDING_CATALOG, isBlocking } from '../../shared/model/findings.js';
import type { VerificationResult } from '../../shared/model/verification.js';
import { exportBundle } from '../exporter/export-bundle.js';
import type { ExportResult } from '../exporter/options.js';
import { applyTamper, TAMPER_KINDS, type TamperKind } from '../exporter/tamper.js';
import { tempDir } from './helpers.js';

let root: string;
let base: ExportResult & { bagDir: string };

beforeAll(async () => {
  root = tempDir('natalia-tamper-test-');
  base = await exportBundle({ outDir: join(root, 'base'), seed: 'tampers', entries: 400, erasures: 2, form: 'directory' });
});

afterAll(() => rm(root, { recursive: true, force: true }));

async function copyOfBase(name: string): Promise<string> {
  const dir = join(root, name.replace(/[^a-z0-9]+/gi, '-'), base.bagName);
  await cp(base.bagDir, dir, { recursive: true });
  await cp(`${base.bagDir}.exporter.json`, `${dir}.exporter.json`);
  return dir;
}

/**
 * Checks whose count of findings is not what the catalog (the one map from code to check) files
 * under them, or that hold a finding above low and did not fail: each stage summarises its own checks.
 */
function misfiled(r: VerificationResult): string[] {
  return r.checks.flatMap((c) => {
    const mine = r.findings.filter((f) => FINDING_CATALOG[f.code].check === c.id);
    const wrong: string[] = [];
    if (c.findings !== mine.length) wrong.push(`${c.id}: ${c.findings} findings, the catalog files ${mine.length} under it`);
    if (c.status !== 'failed' && mine.some((f) => f.severity !== 'low' && f.severity !== 'info')) wrong.push(`${c.id} is ${c.status} with a finding above low`);
    return wrong;
  });
}

describe('the untampered bag', () => {
  it('is trusted by the verifier, with no finding above info', async () => {
    const r = await verifyBundle(base.bagDir, { trustPath: base.trustRootsPath });
    expect(r.findings.filter((f) => f.severity !== 'info')).toEqual([]);
    expect(r.verdict).toBe('trusted');
    expect(misfiled(r)).toEqual([]);
  });
});

describe('tampers', () => {
  it.each(TAMPER_KINDS.map((k) => [k]))('%s is reported where it was planted', async (kind: TamperKind) => {
    const dir = await copyOfBase(kind);
    const expected = await applyTamper(dir, kind);
    const r = await verifyBundle(dir, { trustPath: base.trustRootsPath });
    const at = r.findings.filter(
      (f) =>
        f.code === expected.code &&
        f.file === expected.file &&
        (expected.line === undefined || f.line === expected.line) &&
        (expected.seq === undefined || f.seq === expected.seq) &&
        (expected.certificate_id === undefined || f.certificate_id === expected.certificate_id) &&
        (expected.reveal_id === undefined || f.reveal_id === expected.reveal_id),
    );
    const summary = r.findings.map((f) => `${f.code} ${f.file ?? ''}:${f.line ?? ''} seq ${f.seq ?? ''}`).join('\n');
    expect(at.length, `${expected.description}\nexpected ${JSON.stringify(expected)}\ngot:\n${summary}`).toBeGreaterThan(0);
    const codes = new Set(r.findings.map((f) => f.code));
    for (const c of expected.alsoExpected ?? []) expect(codes.has(c), `${c} missing; got:\n${summary}`).toBe(true);
    const allowed = new Set([expected.code, ...(expected.alsoExpected ?? []), ...(expected.tolerated ?? [])]);
    const unexpected = r.findings.filter((f) => isBlocking(f.severity) && !allowed.has(f.code));
    expect(unexpected.map((f) => `${f.code}: ${f.message}`)).toEqual([]);
    expect(r.verdict).not.toBe('trusted');
    expect(misfiled(r)).toEqual([]);
  });

  it('refuses to touch the reference samples', async () => {
    const sample = join(import.meta.dirname, '../fixtures/samples/minimal/natalia-evidence-NAT-EC94-0782-20260302T091407Z');
    await expect(applyTamper(sample, 'audit.hash_mismatch')).rejects.toThrow(/samples/);
  });
});
