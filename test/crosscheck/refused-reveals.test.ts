// Refused reveals (spec clarification 2026-12-07): a phone.reveal the appliance
// refused (outcome denied or failure, details {}) has no register row and breaks
// no rule. The project's exporter writes such attempts in its valid bundles (a
// Viewer denied three times within minutes, an Admin's attempt without a motive
// that failed): the bundle must verify trusted with nothing above info, and the
// attempts are listed for review, the repeated ones standing out.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyBundle } from '../../shared/engine/verify/verify-bundle.js';
import { computeReviewItems } from '../../shared/engine/replay/review-items.js';
import type { VerificationResult } from '../../shared/model/verification.js';
import { exportBundle } from '../exporter/index.js';
import { jsonlEntries } from '../exporter/bag-edit.js';
import { runPipeline } from './pipeline.js';
import type { AuditEntry } from '../../shared/model/audit-entry.js';

let dir: string;
let bag: string;
let trust: string;
let result: VerificationResult;
let refused: AuditEntry[];

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'natalia-refused-'));
  const r = await exportBundle({ outDir: dir, seed: 'refused-reveals', entries: 400, cdrs: 300 });
  bag = r.bagDir!;
  trust = r.trustRootsPath;
  refused = [];
  for await (const { entry } of jsonlEntries(join(bag, 'data/audit/audit-log.jsonl'))) {
    if (entry.action === 'phone.reveal' && entry.outcome !== 'success') refused.push(entry);
  }
  result = await verifyBundle(bag, { trustPath: trust });
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('refused reveal attempts in a valid bundle', () => {
  it('the exporter wrote them: a Viewer denied three times, an Admin failing with an empty motive, all with details {}', () => {
    expect(refused.map((e) => [e.role, e.outcome])).toEqual([
      ['Viewer', 'denied'],
      ['Viewer', 'denied'],
      ['Viewer', 'denied'],
      ['Admin', 'failure'],
    ]);
    expect(refused[3]!.motive).toBe('');
    for (const e of refused) expect(e.details).toEqual({});
  });

  it('verifies trusted, nothing above info: no policy finding, no missing register row', () => {
    expect(result.verdict).toBe('trusted');
    expect(result.findings.filter((f) => f.severity !== 'info')).toEqual([]);
    expect(result.checks.find((c) => c.id === 'audit.policy')!.status).toBe('passed');
    expect(result.checks.find((c) => c.id === 'reveal.register')!.status).toBe('passed');
  });

  it('the attempts are info findings at their entries, consecutive ones by one actor as one with a count', () => {
    const info = result.findings.filter((f) => f.code === 'audit.refused_reveal');
    expect(refused.slice(0, 3).map((e) => e.seq - refused[0]!.seq)).toEqual([0, 1, 2]);
    expect(info.map((f) => [f.seq, f.severity, f.count])).toEqual([
      [refused[0]!.seq, 'info', 3],
      [refused[3]!.seq, 'info', undefined],
    ]);
    expect(info[0]!.file).toBe('data/audit/audit-log.csv');
    expect(info[0]!.line).toBeGreaterThan(1);
    expect(info[0]!.message).toMatch(/tried to reveal a phone number .* and was refused \(outcome "denied"\): nothing was revealed/);
  });

  it('review lists them by actor; the Viewer who tried three times stands out', async () => {
    const { store } = await runPipeline(bag, trust);
    try {
      const items = computeReviewItems(store).filter((i) => i.kind === 'refused_reveal');
      expect(items.map((i) => [i.actor, i.severity, i.relatedSeqs])).toEqual([
        [refused[0]!.actor, 'low', refused.slice(0, 3).map((e) => e.seq)],
        [refused[3]!.actor, 'info', [refused[3]!.seq]],
      ]);
      expect(items[0]!.message).toMatch(/3 times and was refused each time \(denied\)/);
    } finally {
      store.close();
    }
  });
});
