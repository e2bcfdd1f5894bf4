// "Check a report" in the screens: a received report and its signature
// (and the signer's public key, when the recipient has it) judged by the
// same engine function as `verify-report` (engine/reports/signing/check-report.ts).
import { importPublicKey } from '../../engine/crypto/ed25519.js';
import { InputFileError, readInputFileSync } from '../../engine/input-file.js';
import { judgeReport, publicKeyFromFile } from '../../engine/reports/signing/check-report.js';
import { loadWorkstationKey } from '../../engine/reports/signing/workstation-key.js';
import type { ReportCheckView } from '../contract.js';
import { ApiFailure } from '../result.js';

const LIMITS = { report: 256 << 20, signature: 1 << 20, key: 1 << 20 };

function read(path: string, what: keyof typeof LIMITS): Buffer {
  try {
    return readInputFileSync(path, { what: what === 'key' ? 'public key' : what, maxBytes: LIMITS[what] });
  } catch (e) {
    throw new ApiFailure('unreadable_evidence', e instanceof InputFileError ? e.message : `The ${what} could not be read: ${(e as Error).message}.`);
  }
}

function ownKey(keyHome: string): Uint8Array | null {
  try {
    const own = loadWorkstationKey(keyHome);
    if (!own) return null;
    const k = importPublicKey(own.publicKey);
    return 'error' in k ? null : k.key.raw;
  } catch {
    return null;
  }
}

export interface ReportCheckInput {
  reportPath: string;
  /** The report's name as the user knows it (an upload's temporary path is not). */
  reportName: string;
  signaturePath: string;
  keyPath?: string;
  keyName?: string;
}

export function checkReport(r: ReportCheckInput, keyHome: string): ReportCheckView {
  const content = read(r.reportPath, 'report');
  let sigObj: unknown;
  try {
    sigObj = JSON.parse(read(r.signaturePath, 'signature').toString('utf8'));
  } catch (e) {
    if (e instanceof ApiFailure) throw e;
    throw new ApiFailure('unreadable_evidence', `The signature file is not JSON: ${(e as Error).message}.`);
  }
  let vouched;
  if (r.keyPath !== undefined) {
    const k = publicKeyFromFile(read(r.keyPath, 'key').toString('utf8'));
    if (typeof k === 'string') throw new ApiFailure('invalid_request', `The public key ${r.keyName ?? ''} is ${k.startsWith('not a ') ? k : `unusable: ${k}`}.`.replace('  ', ' '));
    vouched = k;
  }
  const j = judgeReport(content, sigObj, { ...(vouched ? { vouched, vouchedName: r.keyName ?? 'the public key given' } : {}), ownKey: ownKey(keyHome), fileName: r.reportName });
  const s = j.signature;
  return {
    verdict: j.verdict,
    intact: j.intact,
    signer: j.signer,
    file: r.reportName,
    kid: s?.kid ?? null,
    fingerprint: j.fingerprint,
    kind: s?.kind ?? null,
    sha256: s?.sha256 ?? null,
    signedAt: s?.signed_at ?? null,
    signedAs: s?.file ?? null,
    ...(j.reason !== undefined ? { reason: j.reason } : {}),
    notes: j.notes,
  };
}
