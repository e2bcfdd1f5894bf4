// Detached signature of a report file: `<report>.sig.json` next to it.
//
//   {"format":"natalia-audit.report-signature.v1","file":"<name>","kind":"...",
//    "sha256":"<hex>","bytes":N,"kid":"...","public_key":"<base64>",
//    "signed_at":"<RFC 3339>","sig":"<base64>"}
//
// `sig` is Ed25519 over UTF-8("natalia-audit.report.v1:" + JCS(the object
// without sig)), the same construction the appliance uses for its own signed
// objects. `signed_at` is the report's as-of time (the latest time among its
// inputs), not the wall clock: Ed25519 is deterministic, so the same report
// signed by the same workstation gives a byte-identical signature file. When
// the report was actually written is recorded in the case's custody log.
import { basename } from 'node:path';
import { canonicalize } from '../../crypto/jcs.js';
import { importPublicKey, signedMessage, verifySignature } from '../../crypto/ed25519.js';
import { isKid, isSha256Hex } from '../../crypto/encoding.js';
import { sha256Hex } from '../../crypto/hash.js';
import { isRfc3339Ms } from '../../time/rfc3339.js';
import type { WorkstationKey } from './workstation-key.js';

export const REPORT_SIGNATURE_FORMAT = 'natalia-audit.report-signature.v1';
export const REPORT_SIGNATURE_DOMAIN = 'natalia-audit.report.v1';
export const SIGNATURE_SUFFIX = '.sig.json';

export type ReportKind = 'caiq-workbook' | 'caiq-csv' | 'erasure-pdf' | 'erasure-json' | 'audit-pdf' | 'audit-json' | 'portable-case';
const KINDS: readonly ReportKind[] = ['caiq-workbook', 'caiq-csv', 'erasure-pdf', 'erasure-json', 'audit-pdf', 'audit-json', 'portable-case'];

export interface ReportSignature {
  format: typeof REPORT_SIGNATURE_FORMAT;
  /** File name (no directory) the report was written under; informative only. */
  file: string;
  kind: ReportKind;
  sha256: string;
  bytes: number;
  kid: string;
  public_key: string;
  signed_at: string;
  sig: string;
}

export function signatureFileFor(reportPath: string): string {
  return reportPath + SIGNATURE_SUFFIX;
}

export function signReport(
  /** The file, or (a big file hashed as a stream) its digest. */
  content: Uint8Array | { sha256: string; bytes: number },
  meta: { file: string; kind: ReportKind; signedAt: string },
  key: WorkstationKey,
): ReportSignature {
  const unsigned: Omit<ReportSignature, 'sig'> = {
    format: REPORT_SIGNATURE_FORMAT,
    file: basename(meta.file),
    kind: meta.kind,
    sha256: content instanceof Uint8Array ? sha256Hex(content) : content.sha256,
    bytes: content instanceof Uint8Array ? content.length : content.bytes,
    kid: key.kid,
    public_key: key.publicKey,
    signed_at: meta.signedAt,
  };
  const sig = key.sign(signedMessage(REPORT_SIGNATURE_DOMAIN, canonicalize(unsigned)));
  return { ...unsigned, sig };
}

/** The bytes written to `<report>.sig.json`: stable member order, trailing newline. */
export function serializeSignature(sig: ReportSignature): string {
  return JSON.stringify(sig, null, 2) + '\n';
}

export type SignatureVerdict =
  | { valid: true; signature: ReportSignature; notes: string[] }
  | { valid: false; reason: string; signature?: ReportSignature };

/**
 * Checks a report against its signature object. `expectedKid`, when given,
 * is the kid of the public key the checker trusts (from an exported key):
 * without it, a valid result only says the file is unchanged since someone
 * holding the named key signed it.
 */
export function verifyReportSignature(content: Uint8Array | { sha256: string; bytes: number }, sigObj: unknown, opts: { expectedKid?: string; fileName?: string } = {}): SignatureVerdict {
  if (typeof sigObj !== 'object' || sigObj === null || Array.isArray(sigObj)) {
    return { valid: false, reason: 'the signature file does not hold a JSON object' };
  }
  const s = sigObj as Record<string, unknown>;
  if (s.format !== REPORT_SIGNATURE_FORMAT) return { valid: false, reason: `format is not ${REPORT_SIGNATURE_FORMAT}` };
  const allowed = new Set(['format', 'file', 'kind', 'sha256', 'bytes', 'kid', 'public_key', 'signed_at', 'sig']);
  const extra = Object.keys(s).filter((k) => !allowed.has(k));
  if (extra.length > 0) return { valid: false, reason: `unexpected member(s): ${extra.join(', ')}` };
  if (typeof s.file !== 'string' || !KINDS.includes(s.kind as ReportKind) || !isSha256Hex(s.sha256)) {
    return { valid: false, reason: 'file, kind or sha256 is missing or malformed' };
  }
  if (typeof s.bytes !== 'number' || !Number.isSafeInteger(s.bytes) || !isKid(s.kid) || !isRfc3339Ms(s.signed_at)) {
    return { valid: false, reason: 'bytes, kid or signed_at is missing or malformed' };
  }
  if (typeof s.public_key !== 'string' || typeof s.sig !== 'string') return { valid: false, reason: 'public_key or sig is missing' };
  const signature = s as unknown as ReportSignature;
  const imported = importPublicKey(signature.public_key);
  if ('error' in imported) return { valid: false, reason: `public key: ${imported.error}`, signature };
  if (imported.key.kid !== signature.kid) return { valid: false, reason: 'kid is not the id of public_key', signature };
  if (opts.expectedKid !== undefined && signature.kid !== opts.expectedKid) {
    return { valid: false, reason: `signed by key ${signature.kid}, not by the expected key ${opts.expectedKid}`, signature };
  }
  const { sig, ...unsigned } = signature;
  let message: Buffer;
  try {
    message = signedMessage(REPORT_SIGNATURE_DOMAIN, canonicalize(unsigned));
  } catch {
    return { valid: false, reason: 'the signature object cannot be canonicalized', signature };
  }
  if (!verifySignature(imported.key, message, sig)) return { valid: false, reason: 'the signature does not verify', signature };
  // The signature is genuine; now the file must be the one it covers.
  // A big file (a portable case) is hashed as a stream by the caller: its digest stands for its bytes.
  const digest = content instanceof Uint8Array ? { bytes: content.length, sha256: sha256Hex(content) } : content;
  if (digest.bytes !== signature.bytes || digest.sha256 !== signature.sha256) {
    return { valid: false, reason: 'the file was changed after it was signed (SHA-256 differs)', signature };
  }
  const notes: string[] = [];
  if (opts.fileName !== undefined && basename(opts.fileName) !== signature.file) {
    notes.push(`the file was renamed: it was signed as "${signature.file}"`);
  }
  return { valid: true, signature, notes };
}
