// The findings report end to end on a case holding a tampered export: what
// it states (scope, checks, findings with place and decision, the
// undecided, reveals, erasures, custody, limits), in both languages; the
// same files when made again; signatures verify-report accepts; refused when
// the case's custody or its review was edited behind the workstation.
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { applyTamper, exportBundle } from '../exporter/index.js';
import { importBundle } from '../../shared/engine/case/import-bundle.js';
import { CaseFile, CaseIntegrityError } from '../../shared/engine/case/case-file.js';
import { reviewSubjects } from '../../shared/engine/review/case-subjects.js';
import { annotate } from '../../shared/engine/review/review-log.js';
import { produceAuditReport } from '../../shared/engine/reports/audit-report.js';
import type { AuditReportFacts } from '../../shared/engine/reports/audit/facts-types.js';
import { runAuditReport } from '../../shared/cli/commands/audit-report.js';
import { runVerifyReport } from '../../shared/cli/commands/verify-report.js';
import { pdfText } from './helpers/pdf-text.js';

const dir = mkdtempSync(join(tmpdir(), 'natalia-audit-report-'));
const casePath = join(dir, 'case.natalia-case');
const savedHome = process.env.NATALIA_AUDIT_HOME;
let findingKey = '';

async function run(fn: (argv: string[]) => Promise<number>, argv: string[]): Promise<{ code: number; out: string }> {
  let out = '';
  const o = vi.spyOn(process.stdout, 'write').mockImplementation((s) => ((out += String(s)), true));
  try {
    return { code: await fn(argv), out };
  } finally {
    o.mockRestore();
  }
}

beforeAll(async () => {
  process.env.NATALIA_AUDIT_HOME = join(dir, 'home');
  const r = await exportBundle({ outDir: join(dir, 'bag'), seed: 'audit-report', entries: 400, cdrs: 300, reveals: 12, erasures: 1 });
  await applyTamper(r.bagDir!, 'audit.hash_mismatch');
  await importBundle(casePath, r.bagDir!, { trustPath: r.trustRootsPath });
  const c = CaseFile.open(casePath);
  const finding = reviewSubjects(c.store, { kinds: ['finding'] }).find((s) => s.code === 'audit.hash_mismatch')!;
  findingKey = finding.subject;
  annotate(c.db, findingKey, { kind: 'decision', decision: 'accepted' }, { reviewer: 'auditor.claire', at: '2026-03-05T10:00:00.000Z' });
  annotate(c.db, findingKey, { kind: 'comment', text: 'Entry edited after signing: ask the vendor for the original export.' }, { reviewer: 'auditor.claire', at: '2026-03-05T10:05:00.000Z' });
  const erasure = reviewSubjects(c.store, { kinds: ['erasure'] })[0]!;
  annotate(c.db, erasure.subject, { kind: 'tag', tag: 'annex' }, { reviewer: 'auditor.claire', at: '2026-03-05T10:06:00.000Z' });
  c.close();
}, 120_000);

afterAll(() => {
  if (savedHome === undefined) delete process.env.NATALIA_AUDIT_HOME;
  else process.env.NATALIA_AUDIT_HOME = savedHome;
  rmSync(dir, { recursive: true, force: true });
});

describe('audit-report', () => {
  it('states the scope, checks, findings with place and decision, and the rest, in English', async () => {
    const out = join(dir, 'en', 'findings.pdf');
    rmSync(join(dir, 'en'), { recursive: true, force: true });
    mkdirSync(join(dir, 'en'), { recursive: true });
    const r = await run(runAuditReport, [casePath, '--lang', 'en', '--out', out, '--annex-tag', 'annex']);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/^AUD-[0-9A-F]{12}: 1 bundle\(s\), \d+ finding\(s\) above info, 1 decided, \d+ undecided\.\n/);
    const facts = JSON.parse(readFileSync(join(dir, 'en', 'findings.json'), 'utf8')) as AuditReportFacts;
    const b = facts.bundles[0]!;
    expect(b.tagmanifest_sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(b.installation_id).toMatch(/^NAT-/);
    expect(b.trust.roots.length).toBeGreaterThan(0);
    expect(b.checks.find((k) => k.id === 'audit.hashes')?.status).toBe('failed');
    const f = b.findings.find((x) => x.subject === findingKey)!;
    expect(f).toMatchObject({ code: 'audit.hash_mismatch', severity: 'critical', file: 'data/audit/audit-log.csv', decision: { decision: 'accepted', reviewer: 'auditor.claire' } });
    expect(f.meaning).not.toBe('');
    expect(b.findings.every((x) => x.severity !== 'info')).toBe(true);
    expect(facts.review.decided.map((i) => i.subject)).toEqual([findingKey]);
    expect(facts.review.undecided.every((i) => i.decision === undefined)).toBe(true);
    expect(facts.annex!.items.map((i) => i.kind)).toEqual(['erasure']);
    expect(facts.erasures).toHaveLength(1);
    expect(facts.custody).toMatchObject({ intact: true });
    // The latest input: the import's custody entry (made now) is later than the review times given.
    expect(facts.as_of).toBe(facts.custody.last_at > '2026-03-05T10:06:00.000Z' ? facts.custody.last_at : '2026-03-05T10:06:00.000Z');

    const text = await pdfText(readFileSync(out));
    for (const s of [
      'Audit findings report',
      b.tagmanifest_sha256!.slice(0, 32),
      'audit.hash_mismatch',
      'Accepted by auditor.claire',
      'Entry edited after signing: ask the vendor for the original export.',
      'Left undecided',
      'Phone-number reveals',
      'Reveals per actor',
      'Erasures (GDPR art. 17)',
      'License status',
      'Chain of custody',
      facts.custody.last_hash.slice(0, 32),
      'What this evidence does not show',
      'Annex: tagged items',
      'Tags: annex',
      facts.report_id,
    ]) {
      expect(text.flat, s).toContain(s);
    }
  });

  it('is byte-identical when made again (the first report in custody changes nothing) and signed so verify-report says VALID', async () => {
    const c = CaseFile.open(casePath);
    try {
      const a = await produceAuditReport(c, { lang: 'fr', fileName: 'rapport.pdf', keyHome: join(dir, 'home') });
      c.recordReport({ kind: 'audit-pdf', file: 'rapport.pdf', sha256: a.files[0].signature.sha256 });
      const b = await produceAuditReport(c, { lang: 'fr', fileName: 'rapport.pdf', keyHome: join(dir, 'home') });
      expect(b.files[0].content.equals(a.files[0].content)).toBe(true);
      expect(b.files[1].content.equals(a.files[1].content)).toBe(true);
      expect(b.files[0].signature).toEqual(a.files[0].signature);
      const text = await pdfText(a.files[0].content);
      expect(text.flat).toContain("Rapport de constats d'audit");
      expect(text.flat).toContain('Ce que ces preuves ne montrent pas');
      expect(text.flat).toContain('Retenu par auditor.claire');
    } finally {
      c.close();
    }
    const out = join(dir, 'en', 'findings.pdf');
    for (const file of [out, join(dir, 'en', 'findings.json')]) {
      const v = await run(runVerifyReport, [file, '--json']);
      expect(JSON.parse(v.out), file).toMatchObject({ verdict: 'valid', kind: file.endsWith('.pdf') ? 'audit-pdf' : 'audit-json' });
    }
  });

  it('holds in its annex exactly the items tagged so, and no annex without a tag', async () => {
    const c = CaseFile.open(casePath);
    try {
      const tagged = reviewSubjects(c.store).filter((s) => s.review?.tags.includes('annex')).map((s) => s.subject);
      expect(tagged).toHaveLength(1);
      const withAnnex = await produceAuditReport(c, { lang: 'en', fileName: 'a.pdf', keyHome: join(dir, 'home'), annexTag: 'annex' });
      expect(withAnnex.facts.annex).toMatchObject({ tag: 'annex' });
      expect(withAnnex.facts.annex!.items.map((i) => i.subject)).toEqual(tagged);
      // The decided finding carries no such tag: it is in the review sections, not in the annex.
      expect(withAnnex.facts.annex!.items.map((i) => i.subject)).not.toContain(findingKey);
      const other = await produceAuditReport(c, { lang: 'en', fileName: 'a.pdf', keyHome: join(dir, 'home'), annexTag: 'nobody' });
      expect(other.facts.annex).toEqual({ tag: 'nobody', items: [] });
      for (const lang of ['en', 'fr'] as const) {
        const none = await produceAuditReport(c, { lang, fileName: 'a.pdf', keyHome: join(dir, 'home') });
        expect(none.facts.annex).toBeUndefined();
        const text = (await pdfText(none.files[0].content)).flat;
        expect(text).not.toContain(lang === 'en' ? 'Annex' : 'Annexe');
      }
      expect((await pdfText(withAnnex.files[0].content)).flat).toContain('Annex: tagged items');
    } finally {
      c.close();
    }
  });

  it('names each check in words of its language, with its id beside them', async () => {
    const c = CaseFile.open(casePath);
    try {
      for (const [lang, words] of [
        ['en', ['Bundle layout', 'Audit log chain', 'Erased data gone from the dump']],
        ['fr', ['Structure du lot', 'Chaînage du journal d’audit', 'Données effacées absentes de l’export']],
      ] as const) {
        const r = await produceAuditReport(c, { lang, fileName: 'findings.pdf', keyHome: join(dir, 'home') });
        const text = (await pdfText(r.files[0].content)).flat;
        for (const s of [...words, 'bundle.structure', 'audit.chain', 'dump.erasures']) expect(text, `${lang}: ${s}`).toContain(s);
      }
    } finally {
      c.close();
    }
  });

  it('tells the recipient how to check its signature in plain words, with the key fingerprint, and no command to run', async () => {
    const c = CaseFile.open(casePath);
    try {
      for (const [lang, steps] of [
        ['en', ['How to check', 'Check a report you received', "The key's fingerprint, to compare when it is read out to you"]],
        ['fr', ['Comment vérifier ce rapport', 'Vérifier un rapport reçu', 'Empreinte de la clé, à comparer']],
      ] as const) {
        const r = await produceAuditReport(c, { lang, fileName: 'findings.pdf', keyHome: join(dir, 'home') });
        const text = (await pdfText(r.files[0].content)).flat;
        for (const s of steps) expect(text, `${lang}: ${s}`).toContain(s);
        expect(text).toContain('findings.pdf.sig.json');
        expect(text).toContain(r.facts.signer.fingerprint!.slice(0, 4) + ' ' + r.facts.signer.fingerprint!.slice(4, 8));
        expect(text, lang).not.toMatch(/natalia-audit [a-z]|--key|--deep/);
      }
    } finally {
      c.close();
    }
  });

  it('is refused when a decision was edited in the case file, and when custody was', async () => {
    const copy = join(dir, 'edited.natalia-case');
    copyFileSync(casePath, copy);
    const db = new Database(copy);
    db.exec('DROP TRIGGER review_events_no_update');
    db.prepare("UPDATE review_events SET value = 'false_positive', reason = 'nothing to see' WHERE kind = 'decision'").run();
    db.close();
    const c = CaseFile.open(copy);
    expect(c.checkCustody().problems.map((p) => p.message)).toEqual([expect.stringMatching(/^review event #\d+ is not what custody entry \d+ recorded: the case file was edited$/)]);
    await expect(produceAuditReport(c, { lang: 'en', fileName: 'x.pdf', keyHome: join(dir, 'home') })).rejects.toThrow(CaseIntegrityError);
    c.close();
    const out = join(dir, 'refused.pdf');
    await expect(run(runAuditReport, [copy, '--lang', 'en', '--out', out])).rejects.toThrow(/the case file does not hold/);
    expect(existsSync(out)).toBe(false);
  });
});
