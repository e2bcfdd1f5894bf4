// Every reveal.*, erasure.* and dump.* tamper of the project's exporter
// (test/exporter/tamper.ts), plus the dump side of license.clock_tampering,
// verified through the whole pipeline (verify-bundle → cross-checks): the
// expected code at the expected place, and its expected consequences.
import { cp, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Finding } from '../../shared/model/findings.js';
import { verifyBundle } from '../../shared/engine/verify/verify-bundle.js';
import { applyTamper, exportBundle, sidecarPath, TAMPER_KINDS, type TamperKind } from '../exporter/index.js';

const KINDS = TAMPER_KINDS.filter(
  (k) => k.startsWith('reveal.') || k.startsWith('erasure.') || k.startsWith('dump.') || k === 'license.clock_tampering:high_water',
);

let dir: string;
let base: { bagDir: string; trust: string };
let n = 0;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'natalia-cc-exporter-'));
  const r = await exportBundle({ outDir: join(dir, 'base'), seed: 'crosscheck-tampers', entries: 400, cdrs: 300, erasures: 2 });
  base = { bagDir: r.bagDir!, trust: r.trustRootsPath };
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** A fresh copy of the base bag (with the exporter's sidecar, which appliance faults regenerate from). */
async function copyBase(): Promise<string> {
  const into = join(dir, `t${++n}`);
  const bag = join(into, basename(base.bagDir));
  await cp(base.bagDir, bag, { recursive: true });
  await cp(sidecarPath(base.bagDir), sidecarPath(bag));
  return bag;
}

function at(f: Finding) {
  return { code: f.code, file: f.file, line: f.line, seq: f.seq, certificate_id: f.certificate_id, reveal_id: f.reveal_id };
}

describe('exporter tampers through the cross-checks', () => {
  it('the untampered export is trusted', async () => {
    const r = await verifyBundle(base.bagDir, { trustPath: base.trust });
    expect(r.findings.filter((f) => f.severity !== 'info')).toEqual([]);
  });

  for (const kind of KINDS as TamperKind[]) {
    it(`${kind}`, async () => {
      const bag = await copyBase();
      const expected = await applyTamper(bag, kind);
      const r = await verifyBundle(bag, { trustPath: base.trust });
      const code = expected.code;
      const found = r.findings.filter((f) => f.code === code);
      expect(found.length, `${kind}: ${expected.description}; got ${r.findings.map((f) => f.code).join(', ')}`).toBeGreaterThan(0);
      // The expected place, to the precision the tamper states it.
      const want = Object.fromEntries(
        Object.entries({ code, file: expected.file, line: expected.line, seq: expected.seq, certificate_id: expected.certificate_id, reveal_id: expected.reveal_id }).filter(
          ([, v]) => v !== undefined,
        ),
      );
      const places = found.map(at);
      expect(places, `${kind}: ${expected.description}`).toContainEqual(expect.objectContaining(want));
      for (const also of expected.alsoExpected ?? []) expect(r.findings.map((f) => f.code), `${kind} also gives ${also}`).toContain(also);
      // Nothing else above info: a tamper is reported where it is, not as a cascade of false positives.
      const allowed = new Set([code, ...(expected.alsoExpected ?? []), ...(expected.tolerated ?? [])]);
      expect(r.findings.filter((f) => f.severity !== 'info' && !allowed.has(f.code)).map(at), `${kind}: unexpected findings`).toEqual([]);
    });
  }
});
