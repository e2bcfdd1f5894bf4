// bundle-signature.json: valid on the three samples under their licensed audit
// key; each way it can fail is named in the finding.
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { checkBag } from '../../shared/engine/bundle/bagit.js';
import { verifyBundleSignature, type ResolveBundleKey } from '../../shared/engine/bundle/bundle-signature.js';
import { openBundle } from '../../shared/engine/bundle/open-bundle.js';
import type { BagHandle } from '../../shared/engine/bundle/types.js';
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
    expect(f.message).toMatch(/key 0123456789abcdef is not allowed: no trusted license grants it/);
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
