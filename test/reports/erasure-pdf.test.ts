// The erasure report PDF, read back as text: every fact a DPO needs is on
// the page, in French and in English, and the same facts give the same bytes.
import { describe, expect, it } from 'vitest';
import { erasureFacts } from '../../shared/engine/reports/erasure/build-facts.js';
import { renderErasurePdf } from '../../shared/engine/reports/erasure/render-pdf.js';
import { sampleErasureEvidence } from './helpers/sample-erasure.js';
import { sampleManifest, sampleVerification } from './helpers/sample-verification.js';
import { pdfText } from './helpers/pdf-text.js';

const review = { reviewer: 'dpo.claire', reviewed_at: '2026-03-03T10:00:00.000Z', note: 'Checked with HR — 中文 note' };
const facts = erasureFacts({
  case: { id: 'case-7', name: 'Acme DSAR 2026' },
  scope: { kind: 'certificate', certificate_id: 'ERC-2026-000017' },
  erasures: [sampleErasureEvidence()],
  review,
  signer: { kid: '0123456789abcdef' },
  workstation_version: '0.1.0',
});
const noSpace = (s: string) => s.replace(/\s+/g, '');

describe('renderErasurePdf', async () => {
  const fr = await renderErasurePdf(facts, 'fr', { signatureFile: 'dsar-239.pdf.sig.json' });
  const en = await renderErasurePdf(facts, 'en');
  const tFr = await pdfText(fr);
  const tEn = await pdfText(en);

  it('is byte-identical for the same facts, with its dates taken from them', async () => {
    expect((await renderErasurePdf(facts, 'fr', { signatureFile: 'dsar-239.pdf.sig.json' })).equals(fr)).toBe(true);
    expect(tFr.info.CreationDate).toBe('D:20260303100000Z');
    expect(tFr.info.ModDate).toBe('D:20260303100000Z');
    expect(tFr.info.Language).toBe('fr-FR');
    expect(tEn.info.Language).toBe('en-GB');
    expect(fr.toString('latin1')).not.toContain(String(new Date().getUTCFullYear() + 1));
  });

  it('states the request, the actions with their times and seqs, and what was deleted (French)', () => {
    const t = tFr.flat;
    expect(t).toContain("Rapport d'effacement de données personnelles");
    expect(t).toContain('Toutes les vérifications sont concluantes.');
    expect(t).toContain('Référence DSAR-2026-239');
    expect(t).toContain('Canal courrier postal');
    expect(t).toContain('Reçue le 2026-02-16 03:00:00 UTC');
    expect(t).toContain('2026-02-21 10:00:00 UTC — admin.ines (Admin), seq 62');
    expect(t).toContain('Effacement exécuté');
    expect(t).toContain('12 jour(s) après réception');
    expect(t).toMatch(/Enregistrements d'appel \(CDR\) 40/);
    expect(t).toContain('suppression définitive des lignes (hard-delete)');
    expect(noSpace(t)).toContain('4e119e8c5a475effe9f16f34ea4908ec93dec1a0eb4c3249cfe4f80e7ca87d62');
  });

  it('lists every check with its result, the deadline, the evidence hashes, the review and the limits (French)', () => {
    const t = tFr.flat;
    for (const label of ['Signature du certificat', "Intégrité du journal d'audit", 'Absence des données dans la base exportée', 'Registre des effacements de la base']) {
      expect(t).toContain(label);
    }
    expect(t.match(/Conforme/g)?.length).toBe(7);
    expect(t).toContain('Échéance (un mois, heure de Paris) 2026-03-16 23:59 (heure de Paris)');
    expect(t).toContain('Conclusion : Dans le délai');
    for (const file of ['data/erasure/ERC-2026-000017.json', 'data/audit/audit-log.csv', 'data/db/natalia.sql']) {
      expect(noSpace(t)).toContain(sampleManifest()[file]!);
    }
    expect(noSpace(t)).toContain('a43f678662ed49117f97d2ec2e682d96cb810f319660eb160b8fcd3f47800215');
    expect(t).toContain('Revu par dpo.claire le 3 mars 2026.');
    expect(t).toContain('Les sauvegardes de la base');
    expect(t).toContain("hors de l'appliance");
    expect(t).toContain('identifiant 0123456789abcdef');
    expect(t).toContain('dsar-239.pdf.sig.json');
    // A character the font lacks is shown by its code point, never dropped.
    expect(t).toContain('[U+4E2D][U+6587]');
    expect(tFr.pages.at(-1)).toContain(`page ${tFr.pages.length} / ${tFr.pages.length}`);
  });

  it('says the same in English', () => {
    const t = tEn.flat;
    expect(t).toContain('Personal data erasure report');
    expect(t).toContain('Every check passed.');
    expect(t).toContain('Channel postal letter');
    expect(t).toContain('Deadline (one month, Paris time) 2026-03-16 23:59 (Paris time)');
    expect(t.match(/Passed/g)?.length).toBe(7);
    expect(t).toContain('Backups of the database made before the erasure');
    expect(t).toContain('Reviewed by dpo.claire on 3 March 2026.');
    expect(tEn.pages.length).toBe(tFr.pages.length);
  });

  it('shows failures as failures, with the finding that located them', async () => {
    const v = sampleVerification({ 'erasure.execution': 'failed' });
    v.findings.push({
      code: 'erasure.incomplete',
      severity: 'critical',
      message: 'the dump still holds 3 CDR rows of extension 107',
      certificate_id: 'ERC-2026-000017',
      file: 'data/db/natalia.sql',
      line: 301,
      seq: 129,
    });
    const e = sampleErasureEvidence(v);
    e.dump = { remaining: { extension: 0, cdr: 3, reveals: 0 }, register_row: e.dump!.register_row };
    const bad = erasureFacts({ case: { id: 'case-7' }, scope: { kind: 'certificate', certificate_id: 'ERC-2026-000017' }, erasures: [e] });
    const t = (await pdfText(await renderErasurePdf(bad, 'en'))).flat;
    expect(t).toContain('At least one check failed');
    expect(t).toContain('Failed');
    expect(t).toContain('The exported database still holds: extension 0, CDRs 3, reveals 0.');
    expect(t).toContain('Finding erasure.incomplete — data/db/natalia.sql:301 (seq 129): the dump still holds 3 CDR rows of extension 107');
    expect(t).toContain('This report has not been reviewed yet.');
  });
});
