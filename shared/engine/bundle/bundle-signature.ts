// bundle-signature.json (spec §1.2): the appliance's audit key signs the hash
// of the tag manifest, which hashes the payload manifest, which hashes every
// payload file. Without it nothing binds the bag to the appliance, so a
// missing signature fails the check.
import { finding, type Finding } from '../../model/findings.js';
import { IJsonError, parseStrictJson } from '../crypto/strict-json.js';
import type { CheckResult } from '../../model/verification.js';
import type { VerifyingKey } from '../crypto/ed25519.js';
import { isKid, isSha256Hex } from '../crypto/encoding.js';
import { verifySignedObject } from '../crypto/signed-object.js';
import { isRfc3339Ms } from '../time/rfc3339.js';
import { readTagText } from './bag-files.js';
import { parseBagInfo } from './tag-files.js';
import type { BagHandle } from './types.js';

const FILE = 'bundle-signature.json';
const MEMBERS = ['format', 'installation_id', 'tagmanifest_sha256', 'signed_at', 'kid', 'sig'] as const;

/** The audit key `kid` if it was allowed at `at` (the export time), or why not. */
export type ResolveBundleKey = (kid: string, at: string) => { key: VerifyingKey } | { reason: string };

/**
 * `resolveKey` names the audit key allowed at a time (the lead derives it
 * from the license and key rotations). Spec §1.2: the signature is made with
 * the key in force at export time, so the key is resolved at `exportedAt`,
 * not at the file's own `signed_at` (which the spec relates to nothing).
 * `expectInstallationId` and `exportedAt` default to bag-info.txt's
 * Natalia-Installation-Id and Natalia-Exported-At. Without a well-formed
 * export time (checkBag reports that as bundle.malformed) the key is resolved
 * at `signed_at`.
 */
export async function verifyBundleSignature(
  bag: BagHandle,
  tagManifestSha256: string | null,
  resolveKey: ResolveBundleKey,
  expectInstallationId?: string,
  exportedAt?: string,
): Promise<{ findings: Finding[]; check: CheckResult }> {
  const failures = await signatureFailures(bag, tagManifestSha256, resolveKey, expectInstallationId, exportedAt);
  if (failures.length === 0) {
    return {
      findings: [],
      check: {
        id: 'bundle.signature',
        status: 'passed',
        summary: `${FILE} verifies under the appliance audit key and binds tagmanifest-sha256.txt.`,
        files: [FILE, 'tagmanifest-sha256.txt'],
        findings: 0,
      },
    };
  }
  const message = `${FILE}: ${failures.join('; ')}.`;
  return {
    findings: [finding({ code: 'bundle.signature_invalid', message, file: FILE, details: { failures } })],
    check: {
      id: 'bundle.signature',
      status: 'failed',
      summary: `The bundle signature does not bind the bag to the appliance: ${failures[0]}.`,
      files: [FILE, 'tagmanifest-sha256.txt'],
      findings: 1,
    },
  };
}

/** Every reason the signature fails, in the order an auditor would check them; empty when it verifies. */
async function signatureFailures(
  bag: BagHandle,
  tagManifestSha256: string | null,
  resolveKey: ResolveBundleKey,
  expectInstallationId: string | undefined,
  expectExportedAt: string | undefined,
): Promise<string[]> {
  const read = await readTagText(bag.root, FILE);
  if ('missing' in read) return ['the bundle is not signed (bundle-signature.json is missing)'];
  if ('problem' in read) return [read.problem];
  let obj: unknown;
  try {
    obj = parseStrictJson(read.text);
  } catch (e) {
    return [e instanceof IJsonError ? `it is not valid I-JSON: ${e.message}` : 'it is not valid JSON'];
  }
  if (typeof obj !== 'object' || obj === null || Array.isArray(obj)) return ['it is not a JSON object'];
  const sig = obj as Record<string, unknown>;

  const out: string[] = [];
  for (const k of Object.keys(sig)) {
    if (!(MEMBERS as readonly string[]).includes(k)) out.push(`it has an unexpected member "${k}"`);
  }
  for (const k of MEMBERS) if (!(k in sig)) out.push(`member "${k}" is missing`);
  if ('format' in sig && sig.format !== 'natalia.bundle-signature.v1') {
    out.push(`format is ${JSON.stringify(sig.format)}, not "natalia.bundle-signature.v1"`);
  }
  if ('signed_at' in sig && !isRfc3339Ms(sig.signed_at)) out.push('signed_at is not an RFC 3339 UTC time with milliseconds');
  if ('kid' in sig && !isKid(sig.kid)) out.push('kid is not 16 lowercase hex characters');
  if ('sig' in sig && typeof sig.sig !== 'string') out.push('sig is not a string');

  const bagInfo = expectInstallationId === undefined || expectExportedAt === undefined ? await bagInfoLabels(bag) : undefined;
  const bagInstallation = expectInstallationId ?? bagInfo?.['Natalia-Installation-Id'];
  const exportedAt = expectExportedAt ?? bagInfo?.['Natalia-Exported-At'];
  if ('installation_id' in sig) {
    if (typeof sig.installation_id !== 'string') out.push('installation_id is not a string');
    else if (bagInstallation === undefined) out.push('bag-info.txt names no installation to compare installation_id with');
    else if (sig.installation_id !== bagInstallation) {
      out.push(`installation_id "${sig.installation_id}" is not the bag's installation "${bagInstallation}"`);
    }
  }

  if ('tagmanifest_sha256' in sig) {
    if (!isSha256Hex(sig.tagmanifest_sha256)) out.push('tagmanifest_sha256 is not a lowercase hex SHA-256');
    else if (tagManifestSha256 === null) out.push('tagmanifest-sha256.txt is missing, so the signature binds nothing');
    else if (sig.tagmanifest_sha256 !== tagManifestSha256) {
      out.push(`tagmanifest_sha256 ${sig.tagmanifest_sha256} is not the SHA-256 of tagmanifest-sha256.txt (${tagManifestSha256})`);
    }
  }

  // The key and the signature only mean something once the object is well formed.
  if (isKid(sig.kid) && isRfc3339Ms(sig.signed_at) && typeof sig.sig === 'string') {
    const at = isRfc3339Ms(exportedAt) ? exportedAt : sig.signed_at;
    const resolved = resolveKey(sig.kid, at);
    if ('reason' in resolved) out.push(`key ${sig.kid} is not the audit key in force at export (${at}): ${resolved.reason}`);
    else if (resolved.key.kid !== sig.kid) out.push(`key ${sig.kid} resolved to a different key (${resolved.key.kid})`);
    else if (!verifySignedObject('natalia.bundle.v1', sig, resolved.key)) {
      out.push(`the Ed25519 signature does not verify under key ${sig.kid}`);
    }
  }
  return out;
}

async function bagInfoLabels(bag: BagHandle): Promise<Record<string, string> | undefined> {
  const info = await readTagText(bag.root, 'bag-info.txt');
  return 'text' in info ? parseBagInfo(info.text).labels : undefined;
}
