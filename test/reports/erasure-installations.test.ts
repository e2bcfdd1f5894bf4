// Certificate ids are an installation's own: two appliances in one case (the
// minimal and inserts samples) both hold ERC-2026-000017. A report for that id
// must say which installation it is for, never pick one silently.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { importBundle } from '../../shared/engine/case/import-bundle.js';
import { CaseFile } from '../../shared/engine/case/case-file.js';
import { AmbiguousErasureTargetError, erasureEvidenceFromCase } from '../../shared/engine/reports/case-source.js';
import { erasureReportFiles } from '../../shared/api/binding/erasure-report.js';
import { runErasureReport } from '../../shared/cli/commands/erasure-report.js';

const SAMPLES = join(import.meta.dirname, '../fixtures/samples');
const MINIMAL = join(SAMPLES, 'minimal/natalia-evidence-NAT-EC94-0782-20260302T091407Z');
const INSERTS = join(SAMPLES, 'inserts/natalia-evidence-NAT-0DF2-67CD-20260302T091407Z.tar.gz');
const CERT = 'ERC-2026-000017';

const dir = mkdtempSync(join(tmpdir(), 'natalia-erasure-installations-'));
const casePath = join(dir, 'two.case');
const savedHome = process.env.NATALIA_AUDIT_HOME;

beforeAll(async () => {
  process.env.NATALIA_AUDIT_HOME = join(dir, 'workstation');
  await importBundle(casePath, MINIMAL, { trustPath: join(SAMPLES, 'minimal/trust-roots.json') });
  await importBundle(casePath, INSERTS, { trustPath: join(SAMPLES, 'inserts/trust-roots.json') });
});

afterAll(() => {
  if (savedHome === undefined) delete process.env.NATALIA_AUDIT_HOME;
  else process.env.NATALIA_AUDIT_HOME = savedHome;
  rmSync(dir, { recursive: true, force: true });
});

function withCase<T>(fn: (c: CaseFile) => T): T {
  const c = CaseFile.open(casePath);
  try {
    return fn(c);
  } finally {
    c.close();
  }
}

describe('an erasure report in a case of two installations with the same certificate id', () => {
  it('refuses to choose, naming both installations; with one named, reads that installation only', () => {
    withCase((c) => {
      expect(() => erasureEvidenceFromCase(c, { certificateId: CERT })).toThrow(AmbiguousErasureTargetError);
      expect(() => erasureEvidenceFromCase(c, { certificateId: CERT })).toThrow(`${CERT} is in 2 installations of this case (NAT-0DF2-67CD, NAT-EC94-0782)`);
      for (const installationId of ['NAT-0DF2-67CD', 'NAT-EC94-0782']) {
        const ev = erasureEvidenceFromCase(c, { certificateId: CERT, installationId });
        expect(ev.map((e) => e.verification.installation_id)).toEqual([installationId]);
        expect(ev[0]!.certificate.json.installation_id).toBe(installationId);
      }
    });
  });

  it('the command says to give --installation, and makes the report of the one given', async () => {
    const out = join(dir, 'report.pdf');
    await expect(runErasureReport([casePath, CERT, '--lang', 'en', '--out', out])).rejects.toThrow(
      /is in 2 installations of this case \(NAT-0DF2-67CD, NAT-EC94-0782\): say which one the report is for with --installation NAT-0DF2-67CD \(or NAT-EC94-0782\)/,
    );
    const write = vi.spyOn(process.stdout, 'write').mockImplementation(() => true);
    try {
      expect(await runErasureReport([casePath, CERT, '--lang', 'en', '--out', out, '--installation', 'NAT-EC94-0782'])).toBeLessThan(2);
    } finally {
      write.mockRestore();
    }
    expect(JSON.parse(readFileSync(join(dir, 'report.json'), 'utf8'))).toMatchObject({ erasures: [{ installation_id: 'NAT-EC94-0782' }] });
  });

  it("the app's report is the one of the bundle it was asked from", async () => {
    const keyHome = join(dir, 'workstation');
    for (const [bundleId, installation] of [
      ['1', 'NAT-EC94-0782'],
      ['2', 'NAT-0DF2-67CD'],
    ] as const) {
      const c = CaseFile.open(casePath);
      try {
        const r = await erasureReportFiles(c, { caseId: 'x', certificateId: CERT, lang: 'en', bundleId }, `report-${bundleId}.pdf`, keyHome, '2026-12-01');
        const twin = r.files.find((f) => f.role === 'twin')!;
        expect(JSON.parse(twin.content.toString('utf8'))).toMatchObject({ erasures: [{ installation_id: installation }] });
      } finally {
        c.close();
      }
    }
  });

  it('never uses a review or extension recorded for the other installation, nor records one under the shared id', async () => {
    const review = ['--reviewer', 'dpo.a', '--reviewed-at', '2026-03-03T10:00:00Z'];
    const extension = ['--extension-notified-at', '2026-02-20T09:00:00Z', '--extension-reason', 'Backups', '--extension-by', 'dpo.a', '--extension-to', '2026-04-30T21:59:59Z'];
    let out = '';
    const write = vi.spyOn(process.stdout, 'write').mockImplementation((s) => ((out += String(s)), true));
    try {
      await runErasureReport([casePath, CERT, '--lang', 'en', '--out', join(dir, 'a.pdf'), '--installation', 'NAT-EC94-0782', ...review, ...extension]);
      await runErasureReport([casePath, CERT, '--lang', 'en', '--out', join(dir, 'b.pdf'), '--installation', 'NAT-0DF2-67CD']);
    } finally {
      write.mockRestore();
    }
    expect(out).toContain('which several installations of this case share: none is used from the case or recorded in it for this report');
    expect(out).not.toContain('Recorded the review');
    const b = JSON.parse(readFileSync(join(dir, 'b.json'), 'utf8'));
    expect(b.review).toBeNull();
    expect(b.erasures[0].deadline.extension ?? null).toBeNull();
    // The first report still has what was given for it.
    expect(JSON.parse(readFileSync(join(dir, 'a.json'), 'utf8')).review).toMatchObject({ reviewer: 'dpo.a' });
  });
});
