// dump.retention_exceeded and the nightly purge's lag (spec §5: CDRs past
// retention are purged nightly at 02:00 UTC, "so at export time the oldest
// CDR may be up to one day past the boundary"). The floor is the export time
// counted back the retention in calendar months, less that one day; near
// month ends, no later than what the last purge run kept. Reproduces the
// audit finding: in the minimal sample (13 months, exported
// 2026-03-02T09:14:07.512Z) a CDR started 2025-02-01T05:00Z, 1 day 4 h past
// the boundary, gave nothing.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { retentionFloorMs } from '../../shared/engine/crosscheck/calendar.js';
import { verifyBundle } from '../../shared/engine/verify/verify-bundle.js';
import type { Finding } from '../../shared/model/findings.js';
import { addMonths, DAY, HOUR } from '../exporter/time.js';
import { copyMinimal, MINIMAL_TRUST, runPipeline, scratch, type PipelineResult } from './pipeline.js';

const DUMP = 'data/db/natalia.sql';
const ms = (s: string) => Date.parse(s);
const iso = (n: number) => new Date(n).toISOString();

describe('retention floor: one day past the boundary, never stricter than the last purge', () => {
  it('is the export counted back in calendar months, less one day', () => {
    // Boundary 2025-02-02T09:14:07.512Z; the spec allows one day past it.
    expect(iso(retentionFloorMs(ms('2026-03-02T09:14:07.512Z'), 13))).toBe('2025-02-01T09:14:07.512Z');
    expect(iso(retentionFloorMs(ms('2026-01-15T12:00:00.000Z'), 13))).toBe('2024-12-14T12:00:00.000Z');
    // An export right after 02:00, while that night's purge may still run: the day of tolerance holds.
    expect(iso(retentionFloorMs(ms('2026-03-02T02:00:05.000Z'), 1))).toBe('2026-02-01T02:00:05.000Z');
  });

  it('near month ends, is what the last purge kept when that is earlier', () => {
    // 2026-03-01T01:00 minus one month is February 1st, but the run of February 28th kept calls from January 28th.
    expect(iso(retentionFloorMs(ms('2026-03-01T01:00:00.000Z'), 1))).toBe('2026-01-28T02:00:00.000Z');
    for (const day of ['29', '30', '31']) {
      expect(iso(retentionFloorMs(ms(`2026-03-${day}T09:00:00.000Z`), 1))).toBe('2026-02-27T09:00:00.000Z');
    }
    expect(iso(retentionFloorMs(ms('2024-03-31T09:00:00.000Z'), 1))).toBe('2024-02-28T09:00:00.000Z');
  });

  it("is never stricter than the reference exporter's appliance, nor than the spec's day, over two years of export times", () => {
    // test/exporter: purge nights at 02:00 UTC strictly before the export, each deleting
    // calls started before addMonths(night, -months) (calendar months, UTC, clamped).
    for (let t = ms('2024-01-01T00:00:00.000Z'); t < ms('2026-01-01T00:00:00.000Z'); t += 5 * HOUR + 1_234_567) {
      let night = Math.floor(t / DAY) * DAY + 2 * HOUR;
      if (night >= t) night -= DAY;
      for (const months of [1, 6, 13, 24]) {
        const floor = retentionFloorMs(t, months);
        expect(floor).toBeLessThanOrEqual(addMonths(night, -months));
        expect(floor).toBeLessThanOrEqual(addMonths(t, -months) - DAY);
      }
    }
  });
});

describe('dump.retention_exceeded on the minimal sample (13 months, exported 2026-03-02T09:14:07.512Z)', () => {
  let tmp: { dir: string; cleanup(): void };
  let bag: string;
  let result: PipelineResult | undefined;

  beforeEach(() => {
    tmp = scratch('natalia-cc-lag-');
    bag = copyMinimal(tmp.dir);
  });
  afterEach(() => {
    result?.store.close();
    result = undefined;
    tmp.cleanup();
  });

  /** Puts a CDR of acme started at `when` (dump text, Paris offset) before the dump's first CDR row (line 151). */
  function addCdr(when: string) {
    const p = join(bag, DUMP);
    const lines = readFileSync(p, 'utf8').split('\n');
    const row = `1000900\tacme\t101\t${when}\t60\tin\t${'cd'.repeat(32)}\t1111\t${'ef'.repeat(32)}\t2222\tanswered\t\\N`;
    lines.splice(150, 0, row);
    writeFileSync(p, lines.join('\n'));
  }

  async function run(): Promise<Finding[]> {
    result = await runPipeline(bag, MINIMAL_TRUST);
    return result.serious;
  }

  const place = (f: Finding) => ({ code: f.code, severity: f.severity, file: f.file, line: f.line, seq: f.seq, count: f.count });

  it('a CDR 1 day 4 h past the boundary, deleted by the 2026-03-02 02:00 run, is a finding at its row', async () => {
    addCdr('2025-02-01 06:00:00+01'); // 2025-02-01T05:00Z
    const f = await run();
    expect(f.map(place)).toEqual([{ code: 'dump.retention_exceeded', severity: 'medium', file: DUMP, line: 151, seq: undefined, count: 1 }]);
    expect(f[0]!.details).toEqual({
      tenant: 'acme',
      retention_months: 13,
      older_than: '2025-02-01T09:14:07.512Z',
      oldest_started_at: '2025-02-01T05:00:00.000Z',
    });
    // The floor falls inside a purge day: the count is a lower bound, and the message says so.
    expect(f[0]!.message).toContain('holds at least 1 CDR older than that (before 2025-02-01T09:14:07.512Z');
  });

  it('a CDR less than one day past the boundary is not a finding, even one the last purge should have deleted', async () => {
    addCdr('2025-02-02 02:00:00+01'); // 2025-02-02T01:00Z: 8 h past the boundary, before the 02:00 run's cut
    expect(await run()).toEqual([]);
  });

  it('one millisecond before the floor is a finding; the floor itself is not', async () => {
    addCdr('2025-02-01 10:14:07.511+01'); // 2025-02-01T09:14:07.511Z
    expect((await run()).map(place)).toEqual([{ code: 'dump.retention_exceeded', severity: 'medium', file: DUMP, line: 151, seq: undefined, count: 1 }]);
    result!.store.close();
    result = undefined;
    const p = join(bag, DUMP);
    writeFileSync(p, readFileSync(p, 'utf8').replace('2025-02-01 10:14:07.511+01', '2025-02-01 10:14:07.512+01'));
    expect(await run()).toEqual([]);
  });

  it('the real verifier reports it at the same place (besides the manifest mismatch of the edited dump)', async () => {
    addCdr('2025-02-01 06:00:00+01');
    const r = await verifyBundle(bag, { trustPath: MINIMAL_TRUST });
    expect(r.findings.filter((x) => x.code === 'dump.retention_exceeded').map(place)).toEqual([
      { code: 'dump.retention_exceeded', severity: 'medium', file: DUMP, line: 151, seq: undefined, count: 1 },
    ]);
  });
});
