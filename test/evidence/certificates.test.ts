// Erasure certificates: the samples' parse and verify under their licensed
// audit keys; altered or malformed ones give located findings.
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importPublicKey, type VerifyingKey } from '../../shared/engine/crypto/ed25519.js';
import {
  certificateProblem,
  readCertificates,
  verifyCertificate,
  type LocatedCertificate,
} from '../../shared/engine/evidence/certificates.js';
import { fullBag, insertsBag, licensePayload, minimalBag, type SampleBag } from '../dump/sample-bags.js';

/** Audit keys of every license file in the bag (current and history), by kid. */
function licensedKeys(bagRoot: string): Map<string, VerifyingKey> {
  const files = [join(bagRoot, 'data/license/natalia.lic')];
  try {
    for (const f of readdirSync(join(bagRoot, 'data/license/history'))) files.push(join(bagRoot, 'data/license/history', f));
  } catch {
    // no history
  }
  const keys = new Map<string, VerifyingKey>();
  for (const f of files) {
    for (const k of licensePayload(readFileSync(f, 'utf8')).audit_keys) {
      const imported = importPublicKey(k.public_key);
      if (!('key' in imported)) throw new Error(imported.error);
      keys.set(imported.key.kid, imported.key);
    }
  }
  return keys;
}

const resolverFor = (keys: Map<string, VerifyingKey>) => (kid: string) => {
  const key = keys.get(kid);
  return key ? { key } : { reason: 'no trusted license or rotation grants it' };
};

const erasureFiles = (root: string) => readdirSync(join(root, 'data/erasure')).map((f) => `data/erasure/${f}`);

describe('sample certificates', () => {
  const bags: Record<string, SampleBag> = {};
  beforeAll(async () => {
    bags.minimal = minimalBag();
    bags.inserts = insertsBag();
    bags.full = await fullBag();
  });
  afterAll(() => Object.values(bags).forEach((b) => b.cleanup()));

  it.each([
    ['minimal', ['ERC-2026-000017']],
    ['inserts', ['ERC-2026-000017']],
    ['full', ['ERC-2025-000017', 'ERC-2025-000018', 'ERC-2025-000019', 'ERC-2026-000020']],
  ])('%s: parse strictly and verify under the licensed audit keys', async (name, ids) => {
    const root = bags[name]!.root;
    const { certificates, findings } = await readCertificates(root, erasureFiles(root));
    expect(findings).toEqual([]);
    expect(certificates.map((c) => c.certificate.certificate_id)).toEqual(ids);
    const resolve = resolverFor(licensedKeys(root));
    for (const c of certificates) expect(verifyCertificate(c, resolve)).toBeNull();
  });

  it('full: certificates signed before and after the key rotation use different keys', async () => {
    const root = bags.full!.root;
    const { certificates } = await readCertificates(root, erasureFiles(root));
    expect(new Set(certificates.map((c) => c.certificate.kid)).size).toBe(2);
    expect(certificates[0]!.certificate.request.channel).toBe('portal');
    expect(certificates[0]!.certificate.execution.deleted).toEqual(expect.objectContaining({ extension: 1 }));
  });

  it('an altered member, a key not allowed, or another key: erasure.signature_invalid', async () => {
    const root = bags.minimal!.root;
    const [located] = (await readCertificates(root, erasureFiles(root))).certificates as [LocatedCertificate];
    const keys = licensedKeys(root);
    const resolve = resolverFor(keys);
    const altered: LocatedCertificate = {
      ...located,
      certificate: { ...located.certificate, execution: { ...located.certificate.execution, deleted: { cdr: 39, reveals: 0, extension: 1 } } },
    };
    expect(verifyCertificate(altered, resolve)).toMatchObject({
      code: 'erasure.signature_invalid',
      severity: 'critical',
      file: 'data/erasure/ERC-2026-000017.json',
      certificate_id: 'ERC-2026-000017',
    });
    const refused = verifyCertificate(located, () => ({ reason: 'the key was retired at seq 12' }));
    expect(refused?.code).toBe('erasure.signature_invalid');
    expect(refused?.message).toMatch(/not allowed to sign at 2026-02-28T14:00:01.000Z: the key was retired at seq 12/);
    const otherKey = licensedKeys(bags.full!.root).values().next().value!;
    expect(verifyCertificate(located, () => ({ key: otherKey }))?.message).toMatch(/was offered/);
  });
});

describe('malformed certificates', () => {
  const root = mkdtempSync(join(tmpdir(), 'natalia-erc-'));
  mkdirSync(join(root, 'data/erasure'), { recursive: true });
  afterAll(() => rmSync(root, { recursive: true, force: true }));
  const original = JSON.parse(readFileSync(join(minimalBag().root, 'data/erasure/ERC-2026-000017.json'), 'utf8'));

  async function readOne(content: string | Buffer, name = 'ERC-2026-000017.json') {
    writeFileSync(join(root, 'data/erasure', name), content);
    const r = await readCertificates(root, [`data/erasure/${name}`]);
    rmSync(join(root, 'data/erasure', name));
    return r;
  }

  const mutate = (f: (c: any) => void): string => {
    const c = structuredClone(original);
    f(c);
    return JSON.stringify(c);
  };

  it('reads the original copied elsewhere', async () => {
    const r = await readOne(JSON.stringify(original));
    expect(r.findings).toEqual([]);
    expect(r.certificates).toHaveLength(1);
  });

  it.each([
    ['not JSON', '{"format":', /not valid JSON/],
    ['an array', '[]', /must hold a JSON object/],
    ['a missing nested member', mutate((c) => delete c.execution.deleted.reveals), /member execution\.deleted\.reveals is missing/],
    ['a number as a string', mutate((c) => (c.subject.extension_id = '107')), /subject\.extension_id must be an integer >= 0, got "107"/],
    ['another channel', mutate((c) => (c.request.channel = 'phone')), /request\.channel must be one of "email", "letter", "portal"/],
    ['a time without milliseconds', mutate((c) => (c.issued_at = '2026-02-28T14:00:01Z')), /issued_at must be an RFC 3339/],
    ['a time with an offset', mutate((c) => (c.request.received_at = '2026-02-16T04:00:00.000+01:00')), /request\.received_at/],
    ['another format', mutate((c) => (c.format = 'natalia.erasure-certificate.v2')), /format must be "natalia\.erasure-certificate\.v1"/],
    ['another subject type', mutate((c) => (c.subject.type = 'user')), /subject\.type/],
    ['a member the format lacks', mutate((c) => (c.execution.note = 'x')), /member execution\.note is not part of the format/],
    ['a fractional count', mutate((c) => (c.execution.deleted.cdr = 40.5)), /execution\.deleted\.cdr/],
    ['an uppercase hash', mutate((c) => (c.execution.audit_hash = c.execution.audit_hash.toUpperCase())), /execution\.audit_hash/],
    ['a seq of 0', mutate((c) => (c.request.audit_seq = 0)), /request\.audit_seq must be an integer >= 1/],
    ['a short signature', mutate((c) => (c.sig = c.sig.slice(4))), /sig must be an Ed25519 signature/],
    ['a bad kid', mutate((c) => (c.kid = 'ZZ')), /kid must be a key id/],
  ])('%s: one erasure.malformed_certificate', async (_what, content, message) => {
    const r = await readOne(content);
    expect(r.certificates).toEqual([]);
    expect(r.findings).toHaveLength(1);
    expect(r.findings[0]).toMatchObject({ code: 'erasure.malformed_certificate', severity: 'high', file: 'data/erasure/ERC-2026-000017.json' });
    expect(r.findings[0]!.message).toMatch(message);
  });

  it('a file not named after its certificate_id', async () => {
    const r = await readOne(JSON.stringify(original), 'ERC-2026-000018.json');
    expect(r.findings.map((f) => [f.code, f.file, f.certificate_id])).toEqual([
      ['erasure.malformed_certificate', 'data/erasure/ERC-2026-000018.json', 'ERC-2026-000017'],
    ]);
    expect(r.findings[0]!.message).toMatch(/must be ERC-2026-000017\.json/);
  });

  it('bytes that are not UTF-8, a missing file, an oversized file', async () => {
    expect((await readOne(Buffer.from([0x7b, 0xff, 0x7d]))).findings[0]!.message).toMatch(/not valid UTF-8/);
    const missing = await readCertificates(root, ['data/erasure/ERC-2026-999999.json']);
    expect(missing.findings[0]!.message).toMatch(/missing/);
    expect((await readOne(' '.repeat(2 << 20))).findings[0]!.message).toMatch(/bytes, far more/);
  });

  it('certificateProblem accepts exactly the sample shape', () => {
    expect(certificateProblem(original)).toBeNull();
  });
});
