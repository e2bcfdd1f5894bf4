// What the CAIQ answers' evidence is trusted on: for each bundle that counts,
// the trust its licences were checked against (the `--trust` file or the
// workstation store) and the vendor roots that anchor it (those that signed
// a trusted licence), each by kid and fingerprint (SHA-256 of its public key,
// as crypto/ed25519.ts keyFingerprint gives it). A reader of the export can
// check the roots against the vendor's published ones.
import type { CaiqBundleEvidence } from './answer-types.js';

export interface TrustBasis {
  bundle: string;
  /** Where the roots came from, as the verification recorded it. */
  source: string;
  /** Roots that signed a trusted licence of the bundle; fingerprint null when the verification predates its recording. */
  roots: { kid: string; fingerprint: string | null; label?: string }[];
}

export function trustBasis(b: CaiqBundleEvidence): TrustBasis {
  const v = b.verification;
  const anchoring = new Set(v.licenses.filter((l) => l.trusted && l.signed_by_kid).map((l) => l.signed_by_kid!));
  return {
    bundle: v.bundle.name,
    source: v.trust.source,
    roots: v.trust.roots
      .filter((r) => anchoring.has(r.kid))
      .map((r) => ({ kid: r.kid, fingerprint: r.fingerprint ?? null, ...(r.label !== undefined ? { label: r.label } : {}) })),
  };
}

/** One line, e.g. `bundle X: trust store S; vendor root 3de8… (fingerprint …)`. */
export function trustLine(t: TrustBasis): string {
  const roots = t.roots.length
    ? t.roots.map((r) => `vendor root ${r.kid} (fingerprint ${r.fingerprint ?? 'not recorded by this verification'})`).join(', ')
    : 'no vendor root anchors a trusted licence';
  return `bundle ${t.bundle}: trust ${t.source}; ${roots}`;
}
