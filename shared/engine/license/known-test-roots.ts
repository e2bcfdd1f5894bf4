// Vendor roots that are public test material: their private keys are derived
// from seeds written in source code (the conformance samples' reference
// exporter, the demo's exporter), so anyone can sign a license with them and
// a bundle under them proves nothing. Declared here once, by kid and public
// key; `trust add` refuses them without --force. test/license/known-test-roots.test.ts
// checks this list against the samples' trust-roots.json and the demo seed.
import type { TrustRoot } from './trust-store.js';

export interface KnownTestRoot {
  kid: string;
  /** Raw 32-byte Ed25519 public key, standard base64 (spec §8's form). */
  publicKey: string;
  /** Where it comes from, in the user's words. */
  what: string;
}

export const KNOWN_TEST_ROOTS: readonly KnownTestRoot[] = [
  { kid: '3de8b7b93e664e21', publicKey: 'lea/CmI9v19U8x9YqieZII+paCDQ3t5I71gX0ZP5u4M=', what: "the conformance samples' test vendor root" },
  { kid: 'ffc11a67422a453a', publicKey: '004k2vGHwuqAMdIwfHQcTxmELoCQ67RjVpYf7a/bpEM=', what: "the demo's test vendor root (natalia-audit demo, open --demo)" },
];

/** The known test root `root` is, compared by public key (a kid is only its first bytes), or undefined. */
export function knownTestRoot(root: TrustRoot): KnownTestRoot | undefined {
  const key = Buffer.from(root.key.raw).toString('base64');
  return KNOWN_TEST_ROOTS.find((t) => t.publicKey === key);
}
