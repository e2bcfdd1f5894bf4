// Deterministic Ed25519 keys: every key of a generated bundle (vendor root,
// audit keys, the rogue keys tampering uses) comes from the seed, so the same
// seed gives the same signatures (Ed25519 signing is deterministic).
// libsodium signs about twice as fast as node:crypto, which matters for a
// million entries; node:crypto is the fallback and gives the same bytes.
import { createHash, createPrivateKey, createPublicKey, sign, type KeyObject } from 'node:crypto';
import { createRequire } from 'node:module';
import { kidOf, signedMessage } from '../../shared/engine/crypto/ed25519.js';

const PKCS8_ED25519_PREFIX = Buffer.from('302e020100300506032b657004220420', 'hex');

interface SodiumSign {
  crypto_sign_seed_keypair(pk: Buffer, sk: Buffer, seed: Buffer): void;
  crypto_sign_detached(sig: Buffer, message: Buffer, sk: Buffer): void;
}

const sodium: SodiumSign | null = (() => {
  try {
    return createRequire(import.meta.url)('sodium-native') as SodiumSign;
  } catch {
    return null;
  }
})();

export interface SigningKey {
  /** Spec key id: hex of the first 8 bytes of SHA-256 of the raw public key. */
  kid: string;
  /** Raw 32-byte public key, standard base64. */
  publicKey: string;
  raw: Uint8Array;
  /** Ed25519 signature over UTF-8(`<domain>:` + text), standard base64. */
  signText(domain: string, text: string): string;
}

export function deriveKey(seed: string, label: string): SigningKey {
  const secret = createHash('sha256').update(`natalia-exporter/${seed}/${label}`, 'utf8').digest();
  const priv: KeyObject = createPrivateKey({
    key: Buffer.concat([PKCS8_ED25519_PREFIX, secret]),
    format: 'der',
    type: 'pkcs8',
  });
  const spki = createPublicKey(priv).export({ format: 'der', type: 'spki' });
  const raw = new Uint8Array(spki.subarray(spki.length - 32));
  let signText: SigningKey['signText'] = (domain, text) => sign(null, signedMessage(domain, text), priv).toString('base64');
  if (sodium) {
    const pk = Buffer.alloc(32);
    const sk = Buffer.alloc(64);
    sodium.crypto_sign_seed_keypair(pk, sk, secret);
    const sig = Buffer.alloc(64);
    signText = (domain, text) => {
      sodium.crypto_sign_detached(sig, signedMessage(domain, text), sk);
      return sig.toString('base64');
    };
  }
  return { kid: kidOf(raw), publicKey: Buffer.from(raw).toString('base64'), raw, signText };
}

/** The labels of the keys a bundle uses; tampering derives the same keys from the seed. */
export const KEY_LABELS = {
  vendorRoot: 'vendor-root',
  rogueVendorRoot: 'rogue-vendor-root',
  audit: (n: number) => `audit-key-${n}`,
  rogueAudit: 'rogue-audit-key',
} as const;
