// bundle-signature.json: valid on the three samples under their licensed audit
// key; each way it can fail is named in the finding.
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { checkBag } from '../../shared/engine/bundle/bagit.js';
import { verifyBundleSignature, type ResolveBundleKey } from '../../shared/engine/bundle/bundle-signature.js';
import { openBundle } from '../../shared/engine/bundle/open-bundle.js';
import type { BagHandle } from '../../shared/engine/bundle/types.js';
import { KeySchedule } from '../../shared/engine/audit/key-schedule.js';
import { importPublicKey, type VerifyingKey } from '../../shared/engine/crypto/ed25519.js';
import { deriveKey, KEY_LABELS } from '../exporter/keys.js';
import { prettyJson, signObject } from '../exporter/signed-files.js';
import { cleanup, copyMinimal, FULL_ZIP, INSERTS_TGZ, licenseAuditKeys, MINIMAL_BAG, scratch } from './helpers.js';

const dirs: string[] = [];
afterEach(() => cleanup(...dirs.splice(0)));

async function open(path: string): Promise<BagHandle> {
  const o = await openBundle(path);
  if (!o.ok) throw new Error(o.message);
  return o.bag;
}

function licensedKeys(bagRoot: string): ResolveBundleKey {
  const keys = licenseAuditKeys(bagRoot);
  return (kid) => {
    const key = keys.get(kid);
    return key ? { key } : { reason: 'no trusted license grants it' };
  };
}

/** Verifies a copy of the minimal sample after `tamper` edits its bundle-signature.json object. */
async function verifyTampered(tamper: (sig: Record<string, unknown>, bag: string) => Record<string, unknown> | null) {
  const d = scratch();
  dirs.push(d);
  const root = copyMinimal(d);
  const path = join(root, 'bundle-signature.json');
  const next = tamper(JSON.parse(readFileSync(path, 'utf8')), root);
  if (next === null) rmSync(path);
  else writeFileSync(path, JSON.stringify(next, null, 2));
  const bag = await open(root);
  const check = await checkBag(bag);
  return verifyBundleSignature(bag, check.tagManifestSha256, licensedKeys(root), check.bagInfo['Natalia-Installation-Id']);
}

describe('bundle signature on the samples', () => {
  it('verifies under the audit key of the license in force at export', async () => {
    for (const p of [MINIMAL_BAG, FULL_ZIP, INSERTS_TGZ]) {
      const bag = await open(p);
      const check = await checkBag(bag);
      const seen: string[] = [];
      const keys = licensedKeys(bag.root);
      const r = await verifyBundleSignature(bag, check.tagManifestSha256, (kid, at) => {
        seen.push(`${kid}@${at}`);
        return keys(kid, at);
      });
      await bag.close();
      expect(r.findings, p).toEqual([]);
      expect(r.check).toMatchObject({ id: 'bundle.signature', status: 'passed', findings: 0 });
      expect(seen).toHaveLength(1);
      expect(seen[0]).toMatch(/^[0-9a-f]{16}@2026-03-02T09:14:07\.512Z$/);
    }
  });
});

describe('bundle signature failures say which part failed', () => {
  const failure = async (r: Awaited<ReturnType<typeof verifyTampered>>) => {
    expect(r.check.status).toBe('failed');
    expect(r.findings).toHaveLength(1);
    const f = r.findings[0]!;
    expect(f.code).toBe('bundle.signature_invalid');
    expect(f.severity).toBe('critical');
    expect(f.file).toBe('bundle-signature.json');
    return f;
  };

  it('a tampered signature', async () => {
    const f = await failure(
      await verifyTampered((s) => {
        const sig = Buffer.from(s.sig as string, 'base64');
        sig[5]! ^= 1;
        return { ...s, sig: sig.toString('base64') };
      }),
    );
    expect(f.details!.failures).toEqual(['the Ed25519 signature does not verify under key 953ec542ed380ab0']);
  });

  it('a tagmanifest hash that is not the tag manifest', async () => {
    const f = await failure(await verifyTampered((s) => ({ ...s, tagmanifest_sha256: 'b'.repeat(64) })));
    // Changing a signed member also breaks the signature: both are named.
    expect(f.details!.failures).toEqual([
      expect.stringMatching(/^tagmanifest_sha256 b{64} is not the SHA-256 of tagmanifest-sha256\.txt/),
      'the Ed25519 signature does not verify under key 953ec542ed380ab0',
    ]);
  });

  it('a tag manifest edited after signing (the signature itself still verifies)', async () => {
    const f = await failure(
      await verifyTampered((s, bag) => {
        writeFileSync(join(bag, 'tagmanifest-sha256.txt'), readFileSync(join(bag, 'tagmanifest-sha256.txt'), 'utf8') + '\n');
        return s;
      }),
    );
    expect(f.details!.failures).toEqual([expect.stringMatching(/^tagmanifest_sha256 e9e6fe63.* is not the SHA-256/)]);
  });

  it('an unknown kid: resolveKey gives the reason', async () => {
    const f = await failure(await verifyTampered((s) => ({ ...s, kid: '0123456789abcdef' })));
    expect(f.message).toMatch(/key 0123456789abcdef is not the audit key in force at export \(2026-03-02T09:14:07\.512Z\): no trusted license grants it/);
  });

  it('another installation, another format, a missing or unexpected member', async () => {
    let f = await failure(await verifyTampered((s) => ({ ...s, installation_id: 'NAT-0000-0000' })));
    expect(f.message).toMatch(/installation_id "NAT-0000-0000" is not the bag's installation "NAT-EC94-0782"/);
    f = await failure(await verifyTampered((s) => ({ ...s, format: 'natalia.bundle-signature.v2' })));
    expect(f.message).toMatch(/format is "natalia.bundle-signature.v2"/);
    f = await failure(await verifyTampered(({ signed_at: _drop, ...s }) => s));
    expect(f.message).toMatch(/member "signed_at" is missing/);
    f = await failure(await verifyTampered((s) => ({ ...s, note: 'hi' })));
    expect(f.message).toMatch(/unexpected member "note"/);
  });

  it('not JSON, and not there at all', async () => {
    const d = scratch();
    dirs.push(d);
    const root = copyMinimal(d);
    writeFileSync(join(root, 'bundle-signature.json'), '{"format":');
    const bag = await open(root);
    let r = await verifyBundleSignature(bag, 'e'.repeat(64), licensedKeys(root));
    expect(r.findings[0]!.message).toMatch(/not valid JSON/);

    r = await verifyTampered(() => null);
    const f = await failure(r);
    expect(f.message).toMatch(/the bundle is not signed/);
    expect(r.check.summary).toMatch(/not signed/);
  });

  it('a missing tag manifest leaves nothing to bind', async () => {
    const f = await failure(
      await verifyTampered((s, bag) => {
        rmSync(join(bag, 'tagmanifest-sha256.txt'));
        return s;
      }),
    );
    expect(f.message).toMatch(/tagmanifest-sha256\.txt is missing/);
  });
});

// Spec §1.2: "Signed with the appliance audit key in force at export time". The key is resolved at
// bag-info.txt's Natalia-Exported-At, never at the file's own signed_at (which the spec relates to nothing).
describe('bundle signature key: the one in force at export time', () => {
  const EXPORTED_AT = '2026-03-02T09:14:07.512Z'; // the minimal sample's Natalia-Exported-At
  const signer = deriveKey('bundle-signature-test', KEY_LABELS.audit(1));
  const imported = importPublicKey(signer.publicKey);
  if (!('key' in imported)) throw new Error(imported.error);
  const verifying: VerifyingKey = imported.key;

  /** The minimal sample with bundle-signature.json signed again by `signer`, dated `signedAt`. */
  async function resigned(signedAt: string): Promise<{ bag: BagHandle; tagManifestSha256: string | null }> {
    const d = scratch();
    dirs.push(d);
    const root = copyMinimal(d);
    const bag = await open(root);
    const check = await checkBag(bag);
    const obj = signObject(
      'natalia.bundle.v1',
      { format: 'natalia.bundle-signature.v1', installation_id: 'NAT-EC94-0782', tagmanifest_sha256: check.tagManifestSha256!, signed_at: signedAt },
      signer,
    );
    writeFileSync(join(root, 'bundle-signature.json'), prettyJson(obj));
    return { bag, tagManifestSha256: check.tagManifestSha256 };
  }

  it('a key granted only after the export is refused, although signed_at (2031) says it was allowed then', async () => {
    const schedule = new KeySchedule([{ key: verifying, notBefore: '2030-01-01T00:00:00.000Z', licenseId: 'LIC-LATER' }]);
    const { bag, tagManifestSha256 } = await resigned('2031-06-01T00:00:00.000Z');
    const r = await verifyBundleSignature(bag, tagManifestSha256, (kid, at) => schedule.check(kid, at));
    expect(r.findings).toHaveLength(1);
    expect(r.findings[0]).toMatchObject({ code: 'bundle.signature_invalid', severity: 'critical', file: 'bundle-signature.json' });
    expect(r.findings[0]!.details!.failures).toEqual([
      `key ${signer.kid} is not the audit key in force at export (${EXPORTED_AT}): key ${signer.kid} is granted by license LIC-LATER only from 2030-01-01T00:00:00.000Z, after this entry's time ${EXPORTED_AT}`,
    ]);
    expect(r.check.status).toBe('failed');
  });

  it('asks for the key at the export time, whatever signed_at says; the key in force then verifies', async () => {
    const schedule = new KeySchedule([{ key: verifying, notBefore: '2026-01-01T00:00:00.000Z', licenseId: 'LIC-NOW' }]);
    // The spec does not say how signed_at relates to the export time, so a signed_at of 2031 is not itself a finding.
    const { bag, tagManifestSha256 } = await resigned('2031-06-01T00:00:00.000Z');
    const asked: string[] = [];
    const r = await verifyBundleSignature(bag, tagManifestSha256, (kid, at) => (asked.push(at), schedule.check(kid, at)));
    expect(r.findings).toEqual([]);
    expect(asked).toEqual([EXPORTED_AT]);
    // An explicit export time wins over bag-info.txt's.
    const later = await verifyBundleSignature(bag, tagManifestSha256, (kid, at) => schedule.check(kid, at), undefined, '2025-12-31T00:00:00.000Z');
    expect(later.findings[0]).toMatchObject({ code: 'bundle.signature_invalid', severity: 'critical', file: 'bundle-signature.json' });
    expect(later.findings[0]!.message).toMatch(/not the audit key in force at export \(2025-12-31T00:00:00\.000Z\)/);
  });
});
