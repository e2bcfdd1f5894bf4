// The known test roots are exactly the roots whose private keys anyone can
// derive from this source: the conformance samples' and the demo's. Checked
// against where they come from, so the list cannot drift from them.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { importPublicKey, kidOf } from '../../shared/engine/crypto/ed25519.js';
import { KNOWN_TEST_ROOTS, knownTestRoot } from '../../shared/engine/license/known-test-roots.js';
import { parseTrustStore } from '../../shared/engine/license/trust-store.js';
import { DEMO_SEED } from '../../shared/cli/commands/demo.js';
import { deriveKey, KEY_LABELS } from '../exporter/keys.js';

const SAMPLES = join(import.meta.dirname, '../fixtures/samples');

describe('known test roots', () => {
  it('hold every root of the conformance samples', () => {
    for (const folder of readdirSync(SAMPLES, { withFileTypes: true }).filter((d) => d.isDirectory())) {
      const path = join(SAMPLES, folder.name, 'trust-roots.json');
      for (const root of parseTrustStore(readFileSync(path, 'utf8'), path).roots) {
        expect(knownTestRoot(root), `${folder.name}: ${root.kid}`).toBeDefined();
      }
    }
  });

  it("hold the demo exporter's vendor root", () => {
    const demo = deriveKey(DEMO_SEED, KEY_LABELS.vendorRoot);
    expect(KNOWN_TEST_ROOTS.some((t) => t.publicKey === demo.publicKey && t.kid === demo.kid)).toBe(true);
  });

  it('are well-formed keys whose kid is their own, and not any other root', () => {
    for (const t of KNOWN_TEST_ROOTS) {
      const imported = importPublicKey(t.publicKey);
      expect('key' in imported, t.kid).toBe(true);
      expect(kidOf(Buffer.from(t.publicKey, 'base64'))).toBe(t.kid);
    }
    const vendor = deriveKey('a-real-vendor', KEY_LABELS.vendorRoot);
    const imported = importPublicKey(vendor.publicKey);
    if (!('key' in imported)) throw new Error('not a key');
    expect(knownTestRoot({ kid: vendor.kid, key: imported.key })).toBeUndefined();
    // A root is matched by its whole key, never by its kid alone.
    expect(knownTestRoot({ kid: KNOWN_TEST_ROOTS[0]!.kid, key: imported.key })).toBeUndefined();
  });
});
