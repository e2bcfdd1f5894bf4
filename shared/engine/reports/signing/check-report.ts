// Whether a received report can be relied on: the one judgement behind
// `verify-report` and the screens' "Check a report". A signature says who
// signed only if the checker knows the key (anyone can change a report and
// sign it again with their own key, which the signature file then carries),
// so VALID needs an intact file signed by a key the user vouches for (a
// public key they were given, else this workstation's own); intact under an
// unknown key is UNKNOWN SIGNER; anything else is INVALID.
import { importPublicKey, keyFingerprint, type VerifyingKey } from '../../crypto/ed25519.js';
import { verifyReportSignature, type ReportSignature } from './report-signature.js';
import { PUBLIC_KEY_FORMAT } from './workstation-key.js';

export type ReportVerdict = 'valid' | 'unknown_signer' | 'invalid';

export interface ReportJudgement {
  verdict: ReportVerdict;
  /** The signature verifies and covers these very bytes, whoever signed. */
  intact: boolean;
  /** Which known key signed: `key` (the one given), `workstation` (this workstation's own), or null. */
  signer: 'key' | 'workstation' | null;
  signature?: ReportSignature;
  /** SHA-256 of the signing public key (hex); the kid is its first 16 digits. */
  fingerprint: string | null;
  reason?: string;
  notes: string[];
}

function rawKey(b64: string): Uint8Array | null {
  const k = importPublicKey(b64);
  return 'error' in k ? null : k.key.raw;
}

/** The same key, compared on its bytes (a kid is only the first 64 bits of its hash). */
function sameKey(b64: string, raw: Uint8Array | null): boolean {
  const k = rawKey(b64);
  return k !== null && raw !== null && Buffer.from(k).equals(Buffer.from(raw));
}

/** A public key file (natalia-audit.workstation-public-key.v1) as the key it holds, its kid recomputed; a string says what is wrong. */
export function publicKeyFromFile(text: string): VerifyingKey | string {
  let doc: { format?: unknown; public_key?: unknown };
  try {
    doc = JSON.parse(text) as typeof doc;
  } catch (e) {
    return `not JSON (${(e as Error).message})`;
  }
  if (doc?.format !== PUBLIC_KEY_FORMAT || typeof doc.public_key !== 'string') return `not a ${PUBLIC_KEY_FORMAT} file`;
  const k = importPublicKey(doc.public_key);
  return 'error' in k ? k.error : k.key;
}

/**
 * Judges a report's bytes against its signature object. `vouched`: the key
 * the user was given for the signer; `ownKey`: this workstation's public key
 * (raw), if it has one; `vouchedName`: how to name the vouched key in a reason.
 */
export function judgeReport(
  content: Uint8Array,
  sigObj: unknown,
  opts: { vouched?: VerifyingKey; vouchedName?: string; ownKey: Uint8Array | null; fileName?: string },
): ReportJudgement {
  const v = verifyReportSignature(content, sigObj, { ...(opts.vouched ? { expectedKid: opts.vouched.kid } : {}), ...(opts.fileName ? { fileName: opts.fileName } : {}) });
  const s = v.signature;
  let signer: ReportJudgement['signer'] = null;
  if (s && opts.vouched) signer = sameKey(s.public_key, opts.vouched.raw) ? 'key' : null;
  else if (s && sameKey(s.public_key, opts.ownKey)) signer = 'workstation';
  let verdict: ReportVerdict;
  let reason: string | undefined;
  if (!v.valid) {
    verdict = 'invalid';
    reason = v.reason;
  } else if (opts.vouched && signer !== 'key') {
    // Same kid, another key: the kid is a 64-bit prefix, the key is what counts.
    verdict = 'invalid';
    reason = `signed by a key with the id ${s!.kid} that is not the key in ${opts.vouchedName ?? 'the public key given'}`;
  } else verdict = signer ? 'valid' : 'unknown_signer';
  const raw = s ? rawKey(s.public_key) : null;
  return {
    verdict,
    intact: v.valid,
    signer,
    ...(s ? { signature: s } : {}),
    fingerprint: raw ? keyFingerprint(raw) : null,
    ...(reason !== undefined ? { reason } : {}),
    notes: v.valid ? v.notes : [],
  };
}
