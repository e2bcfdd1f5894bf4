// Erasure certificates (spec §4): one JSON file per executed erasure, named
// `<certificate_id>.json`, signed with the audit key in force at `issued_at`
// (domain natalia.erasure.v1). Reading is strict: every member the format
// lists, of its type and form, and no other member, so what is verified is
// exactly what the format defines. Whether a certificate agrees with the
// audit log and the dump is checked elsewhere.
import { readFile, stat } from 'node:fs/promises';
import { parseStrictJson } from '../crypto/strict-json.js';
import { basename, join } from 'node:path';
import { finding, type Finding } from '../../model/findings.js';
import type { VerifyingKey } from '../crypto/ed25519.js';
import { decodeBase64Strict, isKid, isSha256Hex } from '../crypto/encoding.js';
import { verifySignedObject } from '../crypto/signed-object.js';
import { isRfc3339Ms } from '../time/rfc3339.js';

export const CERTIFICATE_FORMAT = 'natalia.erasure-certificate.v1';
export const ERASURE_CHANNELS = ['email', 'letter', 'portal'] as const;
export type ErasureChannel = (typeof ERASURE_CHANNELS)[number];

export interface ErasureCertificate {
  format: typeof CERTIFICATE_FORMAT;
  certificate_id: string;
  installation_id: string;
  tenant: string;
  subject: { type: 'extension'; extension_id: number; ext_pseudonym: string; label: string; last4: string };
  request: { reference: string; received_at: string; requested_by: string; channel: ErasureChannel; audit_seq: number };
  execution: {
    executed_at: string;
    executed_by: string;
    motive: string;
    audit_seq: number;
    audit_hash: string;
    deleted: { cdr: number; reveals: number; extension: number };
  };
  method: string;
  issued_at: string;
  kid: string;
  sig: string;
}

export interface LocatedCertificate {
  /** Bag-relative path, e.g. `data/erasure/ERC-2026-000017.json`. */
  file: string;
  certificate: ErasureCertificate;
}

/** Certificates are small; anything larger is not one (and is not read into memory). */
const MAX_CERTIFICATE_BYTES = 1 << 20;

/**
 * Reads and strictly validates the certificate files (bag-relative paths
 * under `bagRoot`). Each file gives a certificate or one
 * erasure.malformed_certificate finding.
 */
export async function readCertificates(
  bagRoot: string,
  files: string[],
): Promise<{ certificates: LocatedCertificate[]; findings: Finding[] }> {
  const certificates: LocatedCertificate[] = [];
  const findings: Finding[] = [];
  for (const file of [...files].sort()) {
    const r = await readCertificate(bagRoot, file);
    if ('certificate' in r) certificates.push(r);
    else findings.push(r.finding);
  }
  return { certificates, findings };
}

export async function readCertificate(bagRoot: string, file: string): Promise<LocatedCertificate | { finding: Finding }> {
  const malformed = (message: string, certificate_id?: string): { finding: Finding } => ({
    finding: finding({
      code: 'erasure.malformed_certificate',
      message,
      file,
      ...(certificate_id ? { certificate_id } : {}),
    }),
  });
  const path = join(bagRoot, file);
  let text: string;
  try {
    const st = await stat(path);
    if (!st.isFile()) return malformed('The certificate is not a regular file.');
    if (st.size > MAX_CERTIFICATE_BYTES) return malformed(`The certificate is ${st.size} bytes, far more than a certificate holds; it was not read.`);
    const bytes = await readFile(path);
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return malformed('The certificate file is missing.');
    if (e instanceof TypeError) return malformed('The certificate is not valid UTF-8.');
    return malformed(`The certificate cannot be read: ${(e as Error).message}.`);
  }
  let value: unknown;
  try {
    value = parseStrictJson(text);
  } catch (e) {
    return malformed(`The certificate is not valid JSON: ${(e as Error).message}.`);
  }
  const problem = certificateProblem(value);
  const id = isObject(value) && typeof value.certificate_id === 'string' ? value.certificate_id : undefined;
  if (problem) return malformed(`The certificate does not follow the format: ${problem}.`, id);
  const cert = value as ErasureCertificate;
  if (basename(file) !== `${cert.certificate_id}.json`) {
    return malformed(`The file is named ${basename(file)} but holds certificate ${cert.certificate_id}; it must be ${cert.certificate_id}.json.`, id);
  }
  return { file, certificate: cert };
}

type KeyResolution = { key: VerifyingKey } | { reason: string };

/**
 * Verifies the certificate's signature with the audit key `resolveKey`
 * allows for its kid at its issued_at. Returns an erasure.signature_invalid
 * finding, or null when it verifies.
 */
export function verifyCertificate(
  located: LocatedCertificate,
  resolveKey: (kid: string, issuedAt: string) => KeyResolution,
): Finding | null {
  const { certificate: cert, file } = located;
  const fail = (message: string, details?: Record<string, unknown>): Finding =>
    finding({ code: 'erasure.signature_invalid', message, file, certificate_id: cert.certificate_id, ...(details ? { details } : {}) });
  const resolved = resolveKey(cert.kid, cert.issued_at);
  if ('reason' in resolved) {
    return fail(`Certificate ${cert.certificate_id} is signed with key ${cert.kid}, which was not allowed to sign at ${cert.issued_at}: ${resolved.reason}.`, {
      kid: cert.kid,
      issued_at: cert.issued_at,
    });
  }
  if (resolved.key.kid !== cert.kid) {
    return fail(`Certificate ${cert.certificate_id} names key ${cert.kid} but key ${resolved.key.kid} was offered to verify it.`);
  }
  if (!verifySignedObject('natalia.erasure.v1', cert as unknown as Record<string, unknown>, resolved.key)) {
    return fail(`The signature of certificate ${cert.certificate_id} does not verify under key ${cert.kid}: it was altered after issue or not issued by the appliance.`, {
      kid: cert.kid,
    });
  }
  return null;
}

// ── strict shape check ──────────────────────────────────────────────────────

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

type Check = (v: unknown) => string | null;

const str: Check = (v) => (typeof v === 'string' ? null : 'a string');
const nonEmpty: Check = (v) => (typeof v === 'string' && v !== '' ? null : 'a non-empty string');
const time: Check = (v) => (isRfc3339Ms(v) ? null : 'an RFC 3339 UTC time with milliseconds and Z');
const count: Check = (v) => (Number.isSafeInteger(v) && (v as number) >= 0 ? null : 'an integer >= 0');
const seq: Check = (v) => (Number.isSafeInteger(v) && (v as number) >= 1 ? null : 'an integer >= 1');
const hash: Check = (v) => (isSha256Hex(v) ? null : 'a lowercase SHA-256 hex');
const hex: Check = (v) => (typeof v === 'string' && /^[0-9a-f]+$/.test(v) ? null : 'lowercase hex');
const literal =
  (...allowed: string[]): Check =>
  (v) =>
    typeof v === 'string' && allowed.includes(v) ? null : allowed.length === 1 ? `"${allowed[0]}"` : `one of ${allowed.map((a) => `"${a}"`).join(', ')}`;
const kid: Check = (v) => (isKid(v) ? null : 'a key id (16 lowercase hex)');
const sig: Check = (v) => (typeof v === 'string' && decodeBase64Strict(v, 64) ? null : 'an Ed25519 signature in standard base64 (88 characters)');
const certId: Check = (v) => (typeof v === 'string' && /^ERC-[A-Za-z0-9][A-Za-z0-9._-]*$/.test(v) ? null : 'an id "ERC-…" usable as a file name');

type Shape = { [member: string]: Check | Shape };

const SHAPE: Shape = {
  format: literal(CERTIFICATE_FORMAT),
  certificate_id: certId,
  installation_id: nonEmpty,
  tenant: nonEmpty,
  subject: { type: literal('extension'), extension_id: count, ext_pseudonym: hex, label: str, last4: str },
  request: { reference: str, received_at: time, requested_by: str, channel: literal(...ERASURE_CHANNELS), audit_seq: seq },
  execution: {
    executed_at: time,
    executed_by: nonEmpty,
    motive: str,
    audit_seq: seq,
    audit_hash: hash,
    deleted: { cdr: count, reveals: count, extension: count },
  },
  method: nonEmpty,
  issued_at: time,
  kid,
  sig,
};

function shortJson(v: unknown): string {
  const s = JSON.stringify(v) ?? String(v);
  return s.length > 80 ? `${s.slice(0, 77)}...` : s;
}

/** Why `value` is not a certificate of the format, or null. Names the first offending member by its path. */
export function certificateProblem(value: unknown, shape: Shape = SHAPE, path = ''): string | null {
  if (!isObject(value)) return path ? `${path} must be an object` : 'the file must hold a JSON object';
  for (const [member, check] of Object.entries(shape)) {
    const p = path ? `${path}.${member}` : member;
    if (!Object.prototype.hasOwnProperty.call(value, member)) return `member ${p} is missing`;
    const v = value[member];
    if (typeof check === 'function') {
      const expected = check(v);
      if (expected) return `${p} must be ${expected}, got ${shortJson(v)}`;
    } else {
      const inner = certificateProblem(v, check, p);
      if (inner) return inner;
    }
  }
  for (const member of Object.keys(value)) {
    if (!Object.prototype.hasOwnProperty.call(shape, member)) return `member ${path ? `${path}.` : ''}${member} is not part of the format`;
  }
  return null;
}
