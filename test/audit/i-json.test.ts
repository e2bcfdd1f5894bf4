// I-JSON through the real verifier (spec clarification 2026-12-07): a JSON
// line, signed object, license or trust file with a duplicate member name or
// an unpaired surrogate is malformed, located, never read as its last value.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { verifyBundle } from '../../shared/engine/verify/verify-bundle.js';
import { parseTrustStore, TrustStoreError } from '../../shared/engine/license/trust-store.js';
import { copyMinimal, MINIMAL_TRUST, scratch } from '../crosscheck/pipeline.js';

const JSONL = 'data/audit/audit-log.jsonl';
let tmp: { dir: string; cleanup(): void };
let bag: string;
beforeEach(() => {
  tmp = scratch('natalia-ijson-');
  bag = copyMinimal(tmp.dir);
});
afterEach(() => tmp.cleanup());

const edit = (rel: string, fn: (t: string) => string) => {
  const p = join(bag, rel);
  const before = readFileSync(p, 'utf8');
  const after = fn(before);
  if (after === before) throw new Error(`edit of ${rel} changed nothing`);
  writeFileSync(p, after);
};

describe('I-JSON in the bundle', () => {
  it('a JSON line with a second "motive" before the real one: audit.malformed_entry at that line and seq, not read as the last value', async () => {
    edit(JSONL, (t) => {
      const lines = t.split('\n');
      lines[45] = lines[45]!.replace('"motive":', '"motive":"Nothing to see","motive":'); // seq 46, a reveal
      return lines.join('\n');
    });
    const r = await verifyBundle(bag, { trustPath: MINIMAL_TRUST });
    const f = r.findings.filter((x) => x.code === 'audit.malformed_entry' && x.file === JSONL);
    expect(f.map((x) => [x.line, x.seq])).toEqual([[46, 46]]);
    expect(f[0]!.message).toMatch(/"motive" appears twice in one object \(not I-JSON\)/);
    expect(r.verdict).toBe('problems');
  });

  it('a JSON line with an unpaired surrogate: audit.malformed_entry at that line', async () => {
    edit(JSONL, (t) => {
      const lines = t.split('\n');
      lines[9] = lines[9]!.replace(/"user_agent":"/, '"user_agent":"\\ud800');
      return lines.join('\n');
    });
    const r = await verifyBundle(bag, { trustPath: MINIMAL_TRUST });
    const f = r.findings.filter((x) => x.code === 'audit.malformed_entry' && x.file === JSONL);
    expect(f.map((x) => x.line)).toEqual([10]);
    expect(f[0]!.message).toMatch(/unpaired surrogate/);
  });

  it('a second kid in bundle-signature.json: bundle.signature_invalid, saying why', async () => {
    edit('bundle-signature.json', (t) => t.replace('"kid":', '"kid": "0000000000000000",\n  "kid":'));
    const r = await verifyBundle(bag, { trustPath: MINIMAL_TRUST });
    const f = r.findings.filter((x) => x.code === 'bundle.signature_invalid');
    expect(f).toHaveLength(1);
    expect(f[0]!.message).toMatch(/not valid I-JSON: member name "kid" appears twice/);
  });

  it('a second member in seal.json: audit.tail_mismatch on the seal', async () => {
    edit('data/audit/seal.json', (t) => t.replace('"last_seq":', '"last_seq": 1,\n  "last_seq":'));
    const r = await verifyBundle(bag, { trustPath: MINIMAL_TRUST });
    const f = r.findings.filter((x) => x.code === 'audit.tail_mismatch');
    expect(f.map((x) => x.file)).toEqual(['data/audit/seal.json']);
    expect(f[0]!.message).toMatch(/appears twice/);
  });

  it('a duplicate member in an erasure certificate: erasure.malformed_certificate', async () => {
    edit('data/erasure/ERC-2026-000017.json', (t) => t.replace('"certificate_id":', '"method": "soft-delete",\n  "certificate_id":'));
    const r = await verifyBundle(bag, { trustPath: MINIMAL_TRUST });
    const f = r.findings.filter((x) => x.code === 'erasure.malformed_certificate');
    expect(f.map((x) => x.file)).toEqual(['data/erasure/ERC-2026-000017.json']);
    expect(f[0]!.message).toMatch(/"method" appears twice/);
  });

  it('a license envelope with a duplicate member: license.malformed', async () => {
    edit('data/license/natalia.lic', (armour) => {
      const lines = armour.split('\n');
      const body = lines.filter((l) => l && !l.startsWith('-----'));
      const env = Buffer.from(body.join(''), 'base64').toString('utf8');
      const forged = env.replace('"alg":', '"alg":"none","alg":');
      if (forged === env) throw new Error('no alg member in the envelope');
      const b64 = Buffer.from(forged, 'utf8').toString('base64').match(/.{1,64}/g)!;
      return [lines[0], ...b64, ...lines.filter((l) => l.startsWith('-----END')), ''].join('\n');
    });
    const r = await verifyBundle(bag, { trustPath: MINIMAL_TRUST });
    const f = r.findings.filter((x) => x.code === 'license.malformed');
    expect(f.map((x) => x.file)).toEqual(['data/license/natalia.lic']);
    expect(f[0]!.message).toMatch(/envelope is not I-JSON: member name "alg" appears twice/);
  });

  it('a trust file with a root listed under a duplicate member is refused with the reason', () => {
    const text = readFileSync(MINIMAL_TRUST, 'utf8').replace('"format":', '"format": "x",\n  "format":');
    expect(() => parseTrustStore(text, 'trust-roots.json')).toThrow(TrustStoreError);
    expect(() => parseTrustStore(text, 'trust-roots.json')).toThrow(/is not JSON: member name "format" appears twice/);
  });
});
