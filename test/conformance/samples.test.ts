// The reference exporter's bundles (../shared/samples, copied into
// test/fixtures/samples) are valid: a correct verifier reports no finding
// above info on them, in each of their three forms.
import { generateKeyPairSync } from 'node:crypto';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { verifyBundle } from '../../shared/engine/verify/verify-bundle.js';
import { CHECK_IDS } from '../../shared/model/verification.js';
import { importPublicKey } from '../../shared/engine/crypto/ed25519.js';

const SAMPLES = join(import.meta.dirname, '../fixtures/samples');
const CASES = [
  { dir: 'minimal', bundle: 'natalia-evidence-NAT-EC94-0782-20260302T091407Z', form: 'directory', entries: 130, first: 1, last: 130 },
  { dir: 'full', bundle: 'natalia-evidence-NAT-CE90-8A2C-20260302T091407Z.zip', form: 'zip', entries: 8333, first: 594, last: 8926 },
  { dir: 'inserts', bundle: 'natalia-evidence-NAT-0DF2-67CD-20260302T091407Z.tar.gz', form: 'tar.gz', entries: 128, first: 1, last: 128 },
] as const;

describe('reference samples verify with no finding above info', () => {
  for (const c of CASES) {
    it(`${c.dir} (${c.form})`, async () => {
      const r = await verifyBundle(join(SAMPLES, c.dir, c.bundle), { trustPath: join(SAMPLES, c.dir, 'trust-roots.json') });
      expect(r.findings.filter((f) => f.severity !== 'info')).toEqual([]);
      expect(r.verdict).toBe('trusted');
      expect(r.bundle.form).toBe(c.form);
      expect(r.stats).toMatchObject({ audit_entries: c.entries, first_seq: c.first, last_seq: c.last });
      // Every check of the catalog ran and none failed: the samples carry every kind of evidence.
      expect(r.checks.map((x) => x.id).sort()).toEqual([...CHECK_IDS].sort());
      expect(r.checks.filter((x) => x.status !== 'passed')).toEqual([]);
    });
  }

  it('the full sample needs its license history: keys retired by key.rotate still sign what they signed before', async () => {
    const r = await verifyBundle(join(SAMPLES, 'full', CASES[1].bundle), { trustPath: join(SAMPLES, 'full', 'trust-roots.json') });
    const keys = r.audit_keys.map((k) => k.kid);
    expect(keys).toContain('bcf35dc790956547');
    expect(keys).toContain('22f10f88c13366ce');
    expect(r.audit_keys.find((k) => k.kid === 'bcf35dc790956547')?.retired_at_seq).toBe(4300);
  });

  it('without trust roots nothing is trusted, and the one root cause is said once', async () => {
    const r = await verifyBundle(join(SAMPLES, 'minimal', CASES[0].bundle), { trust: { source: 'empty test store', roots: [] } });
    expect(r.verdict).toBe('unverifiable');
    expect(r.findings.map((f) => f.code)).toEqual(['trust.no_trusted_roots']);
    expect(r.checks.find((c) => c.id === 'audit.signatures')?.status).toBe('failed');
  });

  it("another vendor's root does not vouch for the license", async () => {
    const foreign = importPublicKey(generateKeyPairSync('ed25519').publicKey.export({ format: 'der', type: 'spki' }).subarray(12).toString('base64'));
    if (!('key' in foreign)) throw new Error(foreign.error);
    const r = await verifyBundle(join(SAMPLES, 'minimal', CASES[0].bundle), {
      trust: { source: 'foreign vendor', roots: [{ kid: foreign.key.kid, key: foreign.key }] },
    });
    expect(r.verdict).toBe('unverifiable');
    expect(r.findings.map((f) => f.code)).toEqual(['license.untrusted_root']);
    expect(r.findings[0]).toMatchObject({ file: 'data/license/natalia.lic' });
  });

  it('the fast path checks chain and seal only, says what it skipped, and never calls the bundle trusted', async () => {
    const r = await verifyBundle(join(SAMPLES, 'full', CASES[1].bundle), { trustPath: join(SAMPLES, 'full', 'trust-roots.json'), mode: 'fast' });
    expect(r.verdict).toBe('partial');
    expect(r.findings).toEqual([]);
    expect(r.stats.mode).toBe('fast');
    const ids = r.checks.map((c) => c.id);
    expect(ids).toEqual(expect.arrayContaining(['audit.chain', 'audit.seal', 'audit.head', 'bundle.signature']));
    for (const skipped of ['audit.hashes', 'audit.signatures', 'audit.csv_jsonl', 'reveal.register', 'dump.parse']) expect(ids).not.toContain(skipped);
    expect(r.checks.find((c) => c.id === 'bundle.manifests')?.summary).toMatch(/payload hashes were not computed/);
  });
});
