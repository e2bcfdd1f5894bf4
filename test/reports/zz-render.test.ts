import { it } from 'vitest';
import { writeFileSync } from 'node:fs';
import { erasureFacts, serializeFacts } from '../../shared/engine/reports/erasure/build-facts.js';
import { renderErasurePdf } from '../../shared/engine/reports/erasure/render-pdf.js';
import { sampleErasureEvidence } from './helpers/sample-erasure.js';
it('render', async () => {
  const facts = erasureFacts({ case: { id: 'case-7', name: 'Acme DSAR 2026' }, scope: { kind: 'certificate', certificate_id: 'ERC-2026-000017' }, erasures: [sampleErasureEvidence()], review: { reviewer: 'dpo.claire', reviewed_at: '2026-03-03T10:00:00.000Z', note: 'Vérifié avec le registre RH — 😀 中文' }, signer: { kid: '0123456789abcdef' }, workstation_version: '0.1.0' });
  writeFileSync('/tmp/rp/facts.json', serializeFacts(facts));
  for (const lang of ['fr', 'en'] as const) writeFileSync(`/tmp/rp/er-${lang}.pdf`, await renderErasurePdf(facts, lang));
});
