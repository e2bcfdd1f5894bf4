// A check that compared nothing is not provided, never passed (issue 12): each
// case below had its inputs present but nothing to compare, and used to pass.
// Through the real verifier (verify-bundle.ts) on copies of the minimal sample
// or on exports of the project's exporter.
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { verifyBundle } from '../../shared/engine/verify/verify-bundle.js';
import type { VerificationResult } from '../../shared/model/verification.js';
import { exportBundle } from '../exporter/index.js';
import { copyMinimal, MINIMAL_TRUST, scratch } from './pipeline.js';

const DUMP = 'data/db/natalia.sql';
let tmp: { dir: string; cleanup(): void };
let bag: string;
beforeEach(() => {
  tmp = scratch('natalia-nothing-');
  bag = copyMinimal(tmp.dir);
});
afterEach(() => tmp.cleanup());

const status = (r: VerificationResult, id: string) => r.checks.find((c) => c.id === id)!;
function editDump(fn: (t: string) => string) {
  const p = join(bag, DUMP);
  const before = readFileSync(p, 'utf8');
  const after = fn(before);
  if (after === before) throw new Error('the dump edit changed nothing');
  writeFileSync(p, after);
}

describe('checks that compared nothing', () => {
  it('dump.retention with every retention unusable (0 months) is not provided, and says why', async () => {
    editDump((t) => t.replace('acme\tAcme Contact SAS\t13\t', 'acme\tAcme Contact SAS\t0\t'));
    const r = await verifyBundle(bag, { trustPath: MINIMAL_TRUST });
    expect(status(r, 'dump.retention').status).toBe('not_provided');
    expect(status(r, 'dump.retention').summary).toMatch(/No tenant has a usable retention.*tenants without a usable retention: acme/);
  });

  it('CDRs of a tenant missing from the tenants table: dump.unknown_tenant at the oldest of them, and retention not provided', async () => {
    editDump((t) => t.replace('acme\tAcme Contact SAS\t13\t', 'acne\tAcme Contact SAS\t13\t'));
    const r = await verifyBundle(bag, { trustPath: MINIMAL_TRUST });
    const f = r.findings.filter((x) => x.code === 'dump.unknown_tenant');
    expect(f).toHaveLength(1);
    expect(f[0]).toMatchObject({ severity: 'medium', file: DUMP, details: { tenant: 'acme' } });
    expect(f[0]!.line).toBeGreaterThan(0);
    expect(readFileSync(join(bag, DUMP), 'utf8').split('\n')[f[0]!.line! - 1]).toMatch(/\tacme\t/);
    expect(f[0]!.message).toMatch(/CDRs? of tenant "acme", which the tenants table does not list/);
    expect(status(r, 'dump.retention').status).toBe('failed');
  });

  it('license.clock with a dump but no license_state row and no audit log to read installs from is not provided', async () => {
    for (const p of ['data/audit/audit-log.csv', 'data/audit/audit-log.jsonl', 'data/audit/seal.json']) rmSync(join(bag, p));
    editDump((t) => t.replace(/\n1\tLIC-2026-0063\t[^\n]*\n/, '\n'));
    const r = await verifyBundle(bag, { trustPath: MINIMAL_TRUST });
    expect(status(r, 'license.clock').status).toBe('not_provided');
  });
});

describe('checks that compared nothing, on exports', () => {
  it('no successful reveal and no erasure: reveal.register and erasure.execution are not provided', async () => {
    const out = scratch('natalia-nothing-export-');
    try {
      const x = await exportBundle({ outDir: out.dir, seed: 'nothing-compared', entries: 200, cdrs: 100, reveals: 0, erasures: 0 });
      const r = await verifyBundle(x.bagDir!, { trustPath: x.trustRootsPath });
      expect(r.findings.filter((f) => f.severity !== 'info')).toEqual([]);
      expect(status(r, 'reveal.register')).toMatchObject({ status: 'not_provided', summary: expect.stringMatching(/nothing to match/) });
      expect(status(r, 'erasure.execution')).toMatchObject({ status: 'not_provided', summary: expect.stringMatching(/no erasure to follow/) });
      expect(r.verdict).toBe('trusted');
    } finally {
      out.cleanup();
    }
  });
});
