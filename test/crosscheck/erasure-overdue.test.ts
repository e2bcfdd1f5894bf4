// erasure.overdue (spec clarification 2026-12-07, GDPR art. 12(3)): a request
// no execution answers by the export, received more than one month before it.
// The project's exporter plants one (a request received 40 days before the
// export, never executed); the deadline is the one erasure.late uses
// (calendar.ts gdprDeadlineMs), checked here at its boundary.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyBundle } from '../../shared/engine/verify/verify-bundle.js';
import { checkOverdue } from '../../shared/engine/crosscheck/erasure-execution-check.js';
import { loadErasureFacts } from '../../shared/engine/crosscheck/erasure-facts.js';
import { FindingList } from '../../shared/engine/crosscheck/finding-list.js';
import { gdprDeadlineMs } from '../../shared/engine/crosscheck/calendar.js';
import type { VerificationResult } from '../../shared/model/verification.js';
import { exportBundle, type ExpectedFinding } from '../exporter/index.js';
import { runPipeline } from './pipeline.js';

let dir: string;
let bag: string;
let trust: string;
let expected: ExpectedFinding;
let result: VerificationResult;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'natalia-overdue-'));
  const r = await exportBundle({ outDir: dir, seed: 'erasure-overdue', entries: 400, cdrs: 300, fault: 'erasure.overdue' });
  bag = r.bagDir!;
  trust = r.trustRootsPath;
  expected = r.fault!;
  result = await verifyBundle(bag, { trustPath: trust });
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('erasure.overdue', () => {
  it('a request received 40 days before the export and never executed: one medium finding at the request entry', () => {
    const serious = result.findings.filter((f) => f.severity !== 'info');
    expect(serious.map((f) => [f.code, f.severity, f.file, f.line, f.seq])).toEqual([['erasure.overdue', 'medium', expected.file, expected.line, expected.seq]]);
    expect(serious[0]!.message).toMatch(/was still not executed when the bundle was exported \(.*\), 40 days later; GDPR art\. 12\(3\) allowed one month, until /);
    expect(result.verdict).toBe('problems');
    const check = result.checks.find((c) => c.id === 'erasure.execution')!;
    expect(check.status).toBe('failed');
    expect(check.summary).toMatch(/1 request\(s\) not executed by the export \(1 past the deadline then\)/);
  });

  it('the deadline is the one erasure.late uses: pending but not overdue until the first instant past one month', async () => {
    const { store, bundleId } = await runPipeline(bag, trust);
    try {
      const facts = loadErasureFacts(store.db, bundleId);
      const received = result.findings.find((f) => f.code === 'erasure.overdue')!.details!.received_at as string;
      const due = gdprDeadlineMs(Date.parse(received));
      const at = (exportedMs: number) => {
        const out = new FindingList();
        const stats = checkOverdue({ db: store.db, bundleId, range: store.auditRange(bundleId), exportedMs, installationId: undefined, files: { certificates: [] } }, facts, out);
        return { stats, codes: out.list().map((f) => f.code) };
      };
      expect(at(due - 1)).toEqual({ stats: { pending: 1, overdue: 0 }, codes: [] });
      expect(at(due)).toEqual({ stats: { pending: 1, overdue: 1 }, codes: ['erasure.overdue'] });
    } finally {
      store.close();
    }
  });

  it('executed requests are never pending: the valid export of the same options has none', async () => {
    const clean = await exportBundle({ outDir: join(dir, 'clean'), seed: 'erasure-overdue', entries: 400, cdrs: 300, erasures: 2 });
    const r = await verifyBundle(clean.bagDir!, { trustPath: clean.trustRootsPath });
    expect(r.findings.filter((f) => f.code === 'erasure.overdue')).toEqual([]);
    expect(r.checks.find((c) => c.id === 'erasure.execution')!.summary).not.toMatch(/not executed by the export/);
  });
});
