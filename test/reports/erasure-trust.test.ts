// A signed erasure report says what its verdict rests on: whether the vendor
// roots came from the workstation's trust store or from a file chosen with
// the import, and each root that vouched for the evidence by kid and
// fingerprint; or that none did. The same facts in the JSON twin and on the
// PDF page, in French and English.
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { importBundle } from '../../shared/engine/case/import-bundle.js';
import { runErasureReport } from '../../shared/cli/commands/erasure-report.js';
import { keyFingerprint } from '../../shared/engine/crypto/ed25519.js';
import { SAMPLE_BAG } from './helpers/sample-verification.js';
import { pdfText } from './helpers/pdf-text.js';

const dir = mkdtempSync(join(tmpdir(), 'natalia-erasure-trust-'));
const TRUST_FILE = join(SAMPLE_BAG, '../trust-roots.json');
const vendor = JSON.parse(readFileSync(TRUST_FILE, 'utf8')) as { roots: { kid: string; public_key: string; label: string }[] };
const root = vendor.roots[0]!;
const fingerprint = keyFingerprint(Buffer.from(root.public_key, 'base64'));
const savedHome = process.env.NATALIA_AUDIT_HOME;
const home = join(dir, 'workstation');
const cases = { file: join(dir, 'file.natalia'), store: join(dir, 'store.natalia'), none: join(dir, 'none.natalia') };

interface Report {
  json: { erasures: { trust: { source: string; location: string; anchors: { kid: string; label?: string; fingerprint?: string }[] } }[] };
  fr: string;
  en: string;
}

async function report(casePath: string, name: string): Promise<Report> {
  const quiet = [vi.spyOn(process.stdout, 'write').mockImplementation(() => true), vi.spyOn(process.stderr, 'write').mockImplementation(() => true)];
  try {
    for (const lang of ['fr', 'en']) await runErasureReport([casePath, 'ERC-2026-000017', '--lang', lang, '--out', join(dir, `${name}-${lang}.pdf`)]);
  } finally {
    for (const s of quiet) s.mockRestore();
  }
  const text = async (lang: string) => (await pdfText(readFileSync(join(dir, `${name}-${lang}.pdf`)))).flat;
  return { json: JSON.parse(readFileSync(join(dir, `${name}-en.json`), 'utf8')), fr: await text('fr'), en: await text('en') };
}

const noSpace = (s: string) => s.replace(/\s+/g, '');

beforeAll(async () => {
  process.env.NATALIA_AUDIT_HOME = home;
  mkdirSync(home, { recursive: true });
  // Nothing in the workstation store yet: an import with the vendor's file, and one that nothing anchors.
  await importBundle(cases.file, SAMPLE_BAG, { trustPath: TRUST_FILE });
  await importBundle(cases.none, SAMPLE_BAG);
  copyFileSync(TRUST_FILE, join(home, 'trust-roots.json'));
  await importBundle(cases.store, SAMPLE_BAG);
}, 300_000);

afterAll(() => {
  if (savedHome === undefined) delete process.env.NATALIA_AUDIT_HOME;
  else process.env.NATALIA_AUDIT_HOME = savedHome;
  rmSync(dir, { recursive: true, force: true });
});

describe('the trust an erasure report rests on', () => {
  it('names a file chosen with the import, and the root that vouched, with its fingerprint', async () => {
    const r = await report(cases.file, 'file');
    expect(r.json.erasures[0]!.trust).toEqual({ source: 'file', location: TRUST_FILE, anchors: [{ kid: root.kid, label: root.label, fingerprint }] });
    expect(noSpace(r.en)).toContain(noSpace(`Vendor roots from a file chosen with the import: ${TRUST_FILE}`));
    expect(noSpace(r.en)).toContain(noSpace(`Vendor root these checks rest on SHA-256 fingerprint of its public key ${root.kid} ${root.label} ${fingerprint}`));
    expect(noSpace(r.fr)).toContain(noSpace(`Racines de confiance un fichier choisi à l'import : ${TRUST_FILE}`));
    expect(noSpace(r.fr)).toContain(noSpace(`Racine du fournisseur qui fonde ces vérifications Empreinte SHA-256 de sa clé publique ${root.kid} ${root.label} ${fingerprint}`));
  });

  it("names the workstation's trust store when the import used it", async () => {
    const r = await report(cases.store, 'store');
    const store = join(home, 'trust-roots.json');
    expect(r.json.erasures[0]!.trust).toEqual({ source: 'workstation_store', location: `${store} (workstation trust store)`, anchors: [{ kid: root.kid, label: root.label, fingerprint }] });
    expect(noSpace(r.en)).toContain(noSpace(`Vendor roots from the audit workstation's trust store: ${store}`));
    expect(noSpace(r.fr)).toContain(noSpace(`le magasin de confiance du poste d'audit : ${store}`));
    expect(noSpace(r.en)).toContain(fingerprint);
  });

  it('says when no vendor root vouched for anything', async () => {
    const r = await report(cases.none, 'none');
    expect(r.json.erasures[0]!.trust).toMatchObject({ source: 'workstation_store', anchors: [] });
    expect(r.en).toContain('no vendor root: nothing in this bundle is anchored to the vendor');
    expect(r.fr).toContain("aucune racine du fournisseur : rien dans ce lot n'est rattaché au fournisseur");
    expect(noSpace(r.en)).not.toContain(fingerprint);
  });
});
