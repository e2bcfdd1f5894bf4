// Reading a license file (spec §6): armour → envelope → payload. Strict: the
// appliance writes exactly one form, so any other form is a finding, and the
// signed text (`enc`) must be the JCS of the payload it carries.
import { finding, type Finding } from '../../model/findings.js';
import { IJsonError, parseStrictJson } from '../crypto/strict-json.js';
import { canonicalize } from '../crypto/jcs.js';
import { decodeBase64Strict, isKid } from '../crypto/encoding.js';
import { isRfc3339Ms } from '../time/rfc3339.js';

export interface LicenseAuditKey {
  kid: string;
  public_key: string;
  not_before: string;
}

export interface LicensePayload {
  format: 'natalia.license.v1';
  license_id: string;
  customer: string;
  installation_id: string;
  contract_mode: string;
  tenants: string[];
  features: string[];
  seats: number;
  issued_at: string;
  not_before: string;
  expires_at: string;
  grace_days: number;
  audit_keys: LicenseAuditKey[];
}

export interface LicenseEnvelope {
  enc: string;
  sig: string;
  alg: string;
  kid: string;
}

export type ParsedLicense = { ok: true; envelope: LicenseEnvelope; payload: LicensePayload } | { ok: false; finding: Finding };

const BEGIN = '-----BEGIN NATALIA LICENSE FILE-----';
const END = '-----END NATALIA LICENSE FILE-----';

export function parseLicenseFile(text: string, file: string): ParsedLicense {
  const bad = (message: string, line?: number): ParsedLicense => ({
    ok: false,
    finding: finding({ code: 'license.malformed', file, line, message: `${file}: ${message}` }),
  });
  const lines = text.replace(/\r?\n$/, '').split(/\r?\n/);
  if (lines[0] !== BEGIN) return bad(`the first line must be "${BEGIN}"`, 1);
  const endAt = lines.indexOf(END);
  if (endAt < 0) return bad(`no "${END}" line`);
  if (endAt !== lines.length - 1) return bad('text after the END line', endAt + 2);
  const body = lines.slice(1, endAt);
  for (let i = 0; i < body.length; i++) {
    const l = body[i]!;
    const last = i === body.length - 1;
    if (!/^[A-Za-z0-9+/=]+$/.test(l) || l.length > 64 || (!last && l.length !== 64)) {
      return bad('the armoured body must be base64 wrapped at 64 columns', i + 2);
    }
  }
  const envBytes = decodeBase64Strict(body.join(''));
  if (!envBytes) return bad('the armoured body is not valid base64', 2);
  let env: unknown;
  try {
    env = parseStrictJson(Buffer.from(envBytes).toString('utf8'));
  } catch (e) {
    return bad(e instanceof IJsonError ? `the envelope is not I-JSON: ${e.message}` : 'the envelope is not JSON', 2);
  }
  if (!isObject(env) || typeof env.enc !== 'string' || typeof env.sig !== 'string' || typeof env.kid !== 'string' || typeof env.alg !== 'string') {
    return bad('the envelope must hold string members enc, sig, alg and kid', 2);
  }
  if (env.alg !== 'base64+ed25519') return bad(`unsupported envelope alg "${env.alg}"`, 2);
  if (!isKid(env.kid)) return bad('the envelope kid is not 16 lowercase hex characters', 2);
  const payloadBytes = decodeBase64Strict(env.enc);
  if (!payloadBytes) return bad('the envelope enc member is not standard base64', 2);
  const payloadText = Buffer.from(payloadBytes).toString('utf8');
  let payload: unknown;
  try {
    payload = parseStrictJson(payloadText);
  } catch (e) {
    return bad(e instanceof IJsonError ? `the license payload is not I-JSON: ${e.message}` : 'the license payload is not JSON', 2);
  }
  const problem = payloadProblem(payload);
  if (problem) return bad(`license payload: ${problem}`, 2);
  let canonical: string | null;
  try {
    canonical = canonicalize(payload);
  } catch {
    canonical = null; // a value JCS cannot write, or nesting past its bound
  }
  if (canonical !== payloadText) return bad('the license payload is not in canonical (JCS) form', 2);
  return { ok: true, envelope: env as unknown as LicenseEnvelope, payload: payload as LicensePayload };
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

const isStringArray = (v: unknown): boolean => Array.isArray(v) && v.every((x) => typeof x === 'string');

function payloadProblem(p: unknown): string | null {
  if (!isObject(p)) return 'not an object';
  if (p.format !== 'natalia.license.v1') return `format must be "natalia.license.v1"`;
  for (const k of ['license_id', 'customer', 'installation_id', 'contract_mode'] as const) {
    if (typeof p[k] !== 'string' || p[k] === '') return `${k} must be a non-empty string`;
  }
  for (const k of ['issued_at', 'not_before', 'expires_at'] as const) {
    if (!isRfc3339Ms(p[k])) return `${k} must be an RFC 3339 UTC time with milliseconds`;
  }
  if (!isStringArray(p.tenants)) return 'tenants must be an array of strings';
  if (!isStringArray(p.features)) return 'features must be an array of strings';
  if (!Number.isSafeInteger(p.seats) || (p.seats as number) < 0) return 'seats must be a non-negative integer';
  if (!Number.isSafeInteger(p.grace_days) || (p.grace_days as number) < 0) return 'grace_days must be a non-negative integer';
  if (!Array.isArray(p.audit_keys)) return 'audit_keys must be an array';
  for (const [i, k] of p.audit_keys.entries()) {
    if (!isObject(k) || !isKid(k.kid) || typeof k.public_key !== 'string' || !isRfc3339Ms(k.not_before)) {
      return `audit_keys[${i}] must hold kid, public_key and not_before`;
    }
  }
  return null;
}
