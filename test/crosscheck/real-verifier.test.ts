// The hand-made tampers of tampers.test.ts that leave the audit log alone,
// run through the real verifier (verify-bundle.ts) as well as through the
// cross-check harness (pipeline.ts): the verifier reports the same
// cross-check findings at the same places, plus the manifest mismatch of the
// edited file (and of bag-info.txt's Payload-Oxum when its size changed), and
// nothing else above info. One difference is expected: the harness reads the
// JSON lines log, the verifier reads the CSV when the bundle has both (spec
// §2), so an entry the harness places at audit-log.jsonl line N the verifier
// places at audit-log.csv line N + 1 (the minimal sample's CSV has a header
// line and one record per line). Together with
// exporter-tampers.test.ts, this keeps the harness honest: what the unit tests
// assert on it is what an auditor gets.
import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Finding } from '../../shared/model/findings.js';
import { verifyBundle } from '../../shared/engine/verify/verify-bundle.js';
import { copyMinimal, MINIMAL_TRUST, runPipeline, scratch } from './pipeline.js';

const AUDIT = 'data/audit/audit-log.jsonl';
const AUDIT_CSV = 'data/audit/audit-log.csv';
const REGISTER = 'data/reveal/reveal-log.csv';
const DUMP = 'data/db/natalia.sql';
const CERT = 'data/erasure/ERC-2026-000017.json';

let tmp: { dir: string; cleanup(): void };
let bag: string;
let payloadBytes: number;

/** Bytes under data/, what Payload-Oxum declares. */
function payloadSize(): number {
  return readdirSync(join(bag, 'data'), { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .reduce((sum, e) => sum + statSync(join(e.parentPath, e.name)).size, 0);
}

beforeEach(() => {
  tmp = scratch('natalia-cc-real-');
  bag = copyMinimal(tmp.dir);
  payloadBytes = payloadSize();
});
afterEach(() => tmp.cleanup());

function edit(file: string, fn: (text: string) => string) {
  const p = join(bag, file);
  const before = readFileSync(p, 'utf8');
  const after = fn(before);
  if (after === before) throw new Error(`tamper of ${file} changed nothing`);
  writeFileSync(p, after);
}

function editLine(file: string, n: number, fn: (line: string) => string) {
  edit(file, (t) => {
    const lines = t.split('\n');
    lines[n - 1] = fn(lines[n - 1]!);
    return lines.join('\n');
  });
}

function place(f: Finding) {
  return { code: f.code, file: f.file, line: f.line, seq: f.seq, certificate_id: f.certificate_id, reveal_id: f.reveal_id, count: f.count };
}

const byPlace = (a: ReturnType<typeof place>, b: ReturnType<typeof place>) =>
  a.code.localeCompare(b.code) || (a.file ?? '').localeCompare(b.file ?? '') || (a.line ?? 0) - (b.line ?? 0) || (a.seq ?? 0) - (b.seq ?? 0);

/** A harness place as the verifier gives it: audit entries located in the CSV. */
function asVerifierPlace(p: ReturnType<typeof place>): ReturnType<typeof place> {
  return p.file === AUDIT ? { ...p, file: AUDIT_CSV, line: p.line! + 1 } : p;
}

/** Runs both, checks they agree, and returns the verifier's cross-check findings above info. */
async function both(edited: string[]): Promise<ReturnType<typeof place>[]> {
  const harness = await runPipeline(bag, MINIMAL_TRUST);
  const fromHarness = harness.serious.map(place).map(asVerifierPlace).sort(byPlace);
  harness.store.close();

  const r = await verifyBundle(bag, { trustPath: MINIMAL_TRUST });
  const serious = r.findings.filter((f) => f.severity !== 'info');
  const manifest = serious.filter((f) => f.code === 'bundle.manifest_mismatch');
  const oxum = payloadSize() !== payloadBytes ? ['bag-info.txt'] : [];
  expect(manifest.map((f) => f.file).sort()).toEqual([...edited, ...oxum].sort());
  // The bundle signature covers the tag manifest, not the payload: it still verifies.
  expect(r.checks.find((c) => c.id === 'bundle.signature')?.status).toBe('passed');
  const rest = serious.filter((f) => f.code !== 'bundle.manifest_mismatch').map(place).sort(byPlace);
  expect(rest).toEqual(fromHarness);
  expect(r.verdict).toBe('problems');
  return rest;
}

describe('hand-made tampers through the real verifier', () => {
  it('a changed register cell: reveal.field_mismatch at the row', async () => {
    editLine(REGISTER, 2, (l) => l.replace('Réclamation client n° 3752', 'Réclamation client n° 3753'));
    expect(await both([REGISTER])).toEqual([
      { code: 'reveal.field_mismatch', file: REGISTER, line: 2, seq: 46, certificate_id: undefined, reveal_id: 'RV-5C5D687834', count: undefined },
    ]);
  });

  it('a duplicated register row: reveal.orphan_row at the second copy', async () => {
    const line3 = readFileSync(join(bag, REGISTER), 'utf8').split('\n')[2]!;
    edit(REGISTER, (t) => t + line3 + '\n');
    expect(await both([REGISTER])).toEqual([
      { code: 'reveal.orphan_row', file: REGISTER, line: 15, seq: 56, certificate_id: undefined, reveal_id: 'RV-D015387E72', count: undefined },
    ]);
  });

  it("a certificate's changed deleted count: its signature, the audit log and the dump all disagree", async () => {
    edit(CERT, (t) => t.replace('"cdr": 40', '"cdr": 41'));
    expect(await both([CERT])).toEqual([
      { code: 'dump.erasure_mismatch', file: DUMP, line: 580, seq: undefined, certificate_id: 'ERC-2026-000017', reveal_id: undefined, count: undefined },
      { code: 'erasure.audit_mismatch', file: CERT, line: undefined, seq: 129, certificate_id: 'ERC-2026-000017', reveal_id: undefined, count: undefined },
      { code: 'erasure.signature_invalid', file: CERT, line: undefined, seq: undefined, certificate_id: 'ERC-2026-000017', reveal_id: undefined, count: undefined },
    ]);
  });

  it('a dump CDR of the erased extension: erasure.incomplete at that dump line', async () => {
    editLine(DUMP, 152, (l) => `1000999\tacme\t107\t2026-02-20 10:00:00+01\t60\tin\t${'cd'.repeat(32)}\t1111\t${'ef'.repeat(32)}\t2222\tanswered\t\\N\n` + l);
    expect(await both([DUMP])).toEqual([
      { code: 'erasure.incomplete', file: DUMP, line: 152, seq: 129, certificate_id: 'ERC-2026-000017', reveal_id: undefined, count: undefined },
    ]);
  });

  it('CDRs past retention: one dump.retention_exceeded with the count, at the oldest row', async () => {
    const row = (id: number, when: string) => `${id}\tacme\t101\t${when}\t60\tin\t${'cd'.repeat(32)}\t1111\t${'ef'.repeat(32)}\t2222\tanswered\t\\N`;
    editLine(DUMP, 151, (l) => [row(1000900, '2025-01-10 10:00:00+01'), row(1000901, '2024-12-24 10:00:00+01'), l].join('\n'));
    expect(await both([DUMP])).toEqual([
      { code: 'dump.retention_exceeded', file: DUMP, line: 152, seq: undefined, certificate_id: undefined, reveal_id: undefined, count: 2 },
    ]);
  });

  it('a certificate that is not JSON: one erasure.malformed_certificate', async () => {
    writeFileSync(join(bag, CERT), '{"format": "natalia.erasure-certificate.v1", oops');
    const f = await both([CERT]);
    expect(f.map((x) => [x.code, x.file])).toEqual([['erasure.malformed_certificate', CERT]]);
  });

  it('a register that is not CSV: located reveal.malformed_row, and every reveal missing from it', async () => {
    writeFileSync(join(bag, REGISTER), 'reveal_id,ts\r\n"unterminated,2026\r\n');
    const f = await both([REGISTER]);
    expect(f.some((x) => x.code === 'reveal.malformed_row' && x.file === REGISTER)).toBe(true);
    const missing = f.filter((x) => x.code === 'reveal.missing_row');
    expect(missing.map((x) => [x.file, x.line, x.seq])).toEqual(
      [46, 56, 60, 63, 91, 93, 98, 99, 112, 123, 125, 126, 128].map((seq) => [AUDIT_CSV, seq + 1, seq]),
    );
  });
});

describe('manifest hashes of the audit exports, taken from the pass that parses them', () => {
  const manifestMismatches = (r: Awaited<ReturnType<typeof verifyBundle>>) =>
    r.findings.filter((f) => f.code === 'bundle.manifest_mismatch').map((f) => f.file).sort();

  it('an edited JSON lines export (same entries, other bytes) differs from the manifest, and nothing else', async () => {
    editLine(AUDIT, 1, (l) => l.replace('{"seq":', '{ "seq":'));
    const r = await verifyBundle(bag, { trustPath: MINIMAL_TRUST });
    expect(manifestMismatches(r)).toEqual(['bag-info.txt', AUDIT]); // bag-info.txt: its Payload-Oxum, one byte more
    expect(r.findings.filter((f) => f.severity !== 'info' && f.code !== 'bundle.manifest_mismatch')).toEqual([]);
  });

  it('a CSV the reader gives up on (no header) is still hashed, by reading it once more', async () => {
    editLine(AUDIT_CSV, 1, () => 'not,the,header\r');
    const r = await verifyBundle(bag, { trustPath: MINIMAL_TRUST });
    expect(manifestMismatches(r)).toEqual(['bag-info.txt', AUDIT_CSV]);
    expect(r.checks.find((c) => c.id === 'bundle.manifests')?.status).toBe('failed');
  });

  it('untouched exports match their manifest lines', async () => {
    const r = await verifyBundle(bag, { trustPath: MINIMAL_TRUST });
    expect(manifestMismatches(r)).toEqual([]);
    expect(r.checks.find((c) => c.id === 'bundle.manifests')?.status).toBe('passed');
  });
});
