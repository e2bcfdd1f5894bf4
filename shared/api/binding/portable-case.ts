// A portable case from the screens: "Export this case for a colleague" and
// "Open a case from a colleague" on the Cases screen, through the same engine
// functions as `case-export` and `case-receive` (engine/portable). The file
// grows with the evidence (every bundle's bytes), so it is written to disk,
// never held in memory: where the user chose (desktop), or in a private
// folder the download store then takes over (web mode).
import { rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CaseFile } from '../../engine/case/case-file.js';
import { sha256Hex } from '../../engine/crypto/hash.js';
import { keyFingerprint } from '../../engine/crypto/ed25519.js';
import { InputFileError, readInputFileSync } from '../../engine/input-file.js';
import { exportPortableCase, PortableCaseError, receivePortableCase, type ExportedCase } from '../../engine/portable/portable-case.js';
import { makePrivateTemp } from '../../engine/private-temp.js';
import { publicKeyFromFile } from '../../engine/reports/signing/check-report.js';
import { loadOrCreateWorkstationKey } from '../../engine/reports/signing/workstation-key.js';
import type { PortablePartView, PortableReceiptView } from '../contract.js';
import type { OutputFile, StagedFile } from '../delivery.js';
import { ApiFailure, capitalise } from '../result.js';
import { MEDIA_TYPES } from './report-files.js';

export const PORTABLE_EXTENSION = '.natalia-case';
const PORTABLE_MEDIA_TYPE = 'application/vnd.sqlite3';

/** The file name proposed for the colleague's copy: the case's name, and the tag when only its part goes. */
export function portableFileName(caseName: string, tag?: string): string {
  const t = tag ? `-${tag.replace(/[^\p{L}\p{N}_.-]+/gu, '-')}` : '';
  return `${caseName}${t}-for-a-colleague${PORTABLE_EXTENSION}`;
}

function said(e: unknown): never {
  if (e instanceof PortableCaseError) throw new ApiFailure('invalid_request', `${capitalise(e.message)}.`);
  throw e;
}

function partView(r: { part?: { tag: string; subjects: readonly string[]; withheld: readonly number[] } }): { part?: PortablePartView } {
  return r.part ? { part: { tag: r.part.tag, subjects: r.part.subjects.length, withheld: r.part.withheld.length } } : {};
}

export interface WrittenPortable {
  /** The case file handed on. */
  file: StagedFile;
  /** Its signature, small: held in memory like a report's. */
  signature: OutputFile;
  signedBy: string;
  part?: PortablePartView;
  /** Removes the private folder the file was staged in (once the download store took the file over, or failed to). */
  discard(): void;
}

function described(r: ExportedCase, name: string): Omit<WrittenPortable, 'signature' | 'discard'> & { signaturePath: string } {
  return {
    file: { name, role: 'case', mediaType: PORTABLE_MEDIA_TYPE, path: r.path, bytes: r.bytes, sha256: r.sha256 },
    signaturePath: r.signaturePath,
    signedBy: r.signature.kid,
    ...partView(r),
  };
}

/**
 * Writes the portable case at `out` (the path the save dialog gave, which the
 * user confirmed replacing), or, without it, in a private temporary folder
 * under the name `fileName` for the download store to take over.
 */
export async function writePortable(c: CaseFile, opts: { out?: string; fileName: string; tag?: string; keyHome: string }): Promise<WrittenPortable> {
  const folder = opts.out === undefined ? await makePrivateTemp(tmpdir(), 'natalia-export-') : undefined;
  const out = opts.out ?? join(folder!, opts.fileName);
  try {
    const r = await exportPortableCase(c, out, {
      keyHome: opts.keyHome,
      overwrite: opts.out !== undefined,
      signedName: opts.fileName,
      recordedAs: opts.out ?? opts.fileName,
      ...(opts.tag !== undefined ? { tag: opts.tag } : {}),
    }).catch(said);
    const d = described(r, opts.fileName);
    const sigBytes = readInputFileSync(d.signaturePath, { what: 'signature', maxBytes: 1 << 20 });
    const signature: OutputFile = { name: `${opts.fileName}.sig.json`, role: 'signature', mediaType: MEDIA_TYPES.json, content: sigBytes, sha256: sha256Hex(sigBytes) };
    // In a private folder only the case file is taken over; its signature travels in memory.
    if (folder) rmSync(d.signaturePath, { force: true });
    const discard = () => {
      if (folder) rmSync(folder, { recursive: true, force: true });
    };
    return { file: d.file, signature, signedBy: d.signedBy, ...(d.part ? { part: d.part } : {}), discard };
  } catch (e) {
    if (folder) rmSync(folder, { recursive: true, force: true });
    throw e;
  }
}

export interface ReceiveInput {
  path: string;
  /** The file as the user knows it. */
  name: string;
  signaturePath?: string;
  signatureName?: string;
  keyPath?: string;
  keyName?: string;
}

function vouchedKey(path: string, name: string): string {
  let text: string;
  try {
    text = readInputFileSync(path, { what: 'public key', maxBytes: 1 << 20 }).toString('utf8');
  } catch (e) {
    throw new ApiFailure('unreadable_evidence', e instanceof InputFileError ? e.message : `The public key ${name} could not be read.`);
  }
  const k = publicKeyFromFile(text);
  if (typeof k === 'string') throw new ApiFailure('invalid_request', `The public key ${name} is ${k.startsWith('not a ') ? k : `unusable: ${k}`}.`);
  return Buffer.from(k.raw).toString('base64');
}

/** Opens the colleague's file into the new case file `dest`, checked first; nothing is kept when a check fails. */
export async function receivePortable(r: ReceiveInput, dest: string, keyHome: string): Promise<Omit<PortableReceiptView, 'caseId' | 'name'>> {
  const vouched = r.keyPath !== undefined ? vouchedKey(r.keyPath, r.keyName ?? 'given') : undefined;
  const got = await receivePortableCase(r.path, dest, {
    keyHome,
    label: r.name,
    ...(r.signaturePath !== undefined ? { signature: r.signaturePath, signatureLabel: r.signatureName ?? r.signaturePath } : {}),
    ...(vouched !== undefined ? { vouchedKey: vouched } : {}),
  }).catch(said);
  const own = loadOrCreateWorkstationKey(keyHome).publicKey;
  return {
    file: r.name,
    sha256: got.sha256,
    signer: {
      kid: got.signer.kid,
      fingerprint: keyFingerprint(Buffer.from(got.signer.publicKey, 'base64')),
      known: got.signer.known,
      vouchedBy: !got.signer.known ? null : got.signer.publicKey === vouched ? 'key' : got.signer.publicKey === own ? 'workstation' : null,
    },
    signedAt: got.signedAt,
    custodyEntries: got.custodyEntries,
    bundles: got.bundles,
    verifications: got.verifications,
    reviewEvents: got.reviewEvents,
    filesChecked: got.filesChecked,
    ...partView(got),
  };
}
