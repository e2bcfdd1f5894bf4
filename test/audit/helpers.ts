// Test helpers for the audit log verifier: sample bags, license grants, and a
// small chain writer that signs entries with throwaway keys so tampers can be
// made valid-but-wrong (a forged entry that verifies under a key nobody allowed).
import { execFileSync } from 'node:child_process';
import { createHash, generateKeyPairSync, sign, type KeyObject } from 'node:crypto';
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AUDIT_FIELDS, type AuditEntry } from '../../shared/model/audit-entry.js';
import { canonicalize } from '../../shared/engine/crypto/jcs.js';
import { importPublicKey, signedMessage, verifySignature, type VerifyingKey } from '../../shared/engine/crypto/ed25519.js';
import type { LicenseKeyGrant } from '../../shared/engine/audit/keys.js';

export const SAMPLES = join(import.meta.dirname, '../fixtures/samples');
export const MINIMAL_BAG = join(SAMPLES, 'minimal/natalia-evidence-NAT-EC94-0782-20260302T091407Z');
export const CSV = 'data/audit/audit-log.csv';
export const JSONL = 'data/audit/audit-log.jsonl';
export const SEAL = 'data/audit/seal.json';
export const EXPORTED_AT = '2026-03-02T09:14:07.512Z';

export function tempDir(prefix = 'natalia-audit-test-'): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

/** Extracts the zip or tar.gz sample of `folder` into a fresh temp dir; returns the bag root. */
export function extractSample(folder: 'full' | 'inserts'): { bag: string; dir: string } {
  const dir = tempDir();
  const src = join(SAMPLES, folder);
  const archive = readdirSync(src).find((f) => f.endsWith('.zip') || f.endsWith('.tar.gz'))!;
  if (archive.endsWith('.zip')) execFileSync('unzip', ['-q', join(src, archive), '-d', dir]);
  else execFileSync('tar', ['xzf', join(src, archive), '-C', dir]);
  const bagName = readdirSync(dir)[0]!;
  return { bag: join(dir, bagName), dir };
}

/** A private copy of the minimal bag's audit folder (and licenses) to tamper with. */
export function copyMinimal(): { bag: string; dir: string } {
  const dir = tempDir();
  const bag = join(dir, 'bag');
  cpSync(MINIMAL_BAG, bag, { recursive: true });
  return { bag, dir };
}

export function cleanup(dir: string): void {
  rmSync(dir, { recursive: true, force: true });
}

function licensePayload(path: string): any {
  const body = readFileSync(path, 'utf8').split('\n').filter((l) => l && !l.startsWith('-----')).join('');
  const envelope = JSON.parse(Buffer.from(body, 'base64').toString('utf8'));
  return { envelope, payload: JSON.parse(Buffer.from(envelope.enc, 'base64').toString('utf8')) };
}

/** Grants from every license of the bag (natalia.lic and history/), each checked against the sample's vendor root. */
export function grantsFromBag(bag: string, trustRootsPath: string): LicenseKeyGrant[] {
  const trust = JSON.parse(readFileSync(trustRootsPath, 'utf8'));
  const root = importPublicKey(trust.roots[0].public_key);
  if (!('key' in root)) throw new Error(root.error);
  const files = [join(bag, 'data/license/natalia.lic')];
  try {
    for (const f of readdirSync(join(bag, 'data/license/history'))) files.push(join(bag, 'data/license/history', f));
  } catch {
    /* no history */
  }
  const grants: LicenseKeyGrant[] = [];
  for (const f of files) {
    const { envelope, payload } = licensePayload(f);
    if (!verifySignature(root.key, signedMessage('natalia.license.v1', envelope.enc), envelope.sig)) {
      throw new Error(`license ${f} does not verify under the sample root`);
    }
    for (const k of payload.audit_keys) {
      const imported = importPublicKey(k.public_key);
      if (!('key' in imported)) throw new Error(imported.error);
      grants.push({ key: imported.key, notBefore: k.not_before, licenseId: payload.license_id });
    }
  }
  return grants;
}

export interface TestKey {
  key: VerifyingKey;
  priv: KeyObject;
  publicB64: string;
}

export function newKey(): TestKey {
  const { publicKey, privateKey } = generateKeyPairSync('ed25519');
  const raw = publicKey.export({ format: 'der', type: 'spki' }).subarray(12);
  const publicB64 = Buffer.from(raw).toString('base64');
  const k = importPublicKey(publicB64);
  if (!('key' in k)) throw new Error(k.error);
  return { key: k.key, priv: privateKey, publicB64 };
}

export function grant(k: TestKey, notBefore = '2000-01-01T00:00:00.000Z', licenseId = 'LIC-TEST'): LicenseKeyGrant {
  return { key: k.key, notBefore, licenseId };
}

/** Recomputes the hash of `e` from its core. */
export function hashOf(e: AuditEntry): string {
  const { hash: _h, kid: _k, sig: _s, ...core } = e;
  return createHash('sha256').update(canonicalize(core)).digest('hex');
}

/** Sets hash, kid and sig of `e` as the appliance would with `k`. */
export function seal(e: AuditEntry, k: TestKey): AuditEntry {
  e.hash = hashOf(e);
  e.kid = k.key.kid;
  e.sig = sign(null, signedMessage('natalia.audit.v1', e.hash), k.priv).toString('base64');
  return e;
}

/** Re-links and re-signs entries from index `from` on (prev_hash from the entry before). */
export function relink(entries: AuditEntry[], k: TestKey, from = 0): void {
  for (let i = from; i < entries.length; i++) {
    const e = entries[i]!;
    if (i > 0) e.prev_hash = entries[i - 1]!.hash;
    seal(e, k);
  }
}

export function readJsonl(path: string): AuditEntry[] {
  return readFileSync(path, 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l));
}

function csvCell(v: string): string {
  return /[",\r\n]/.test(v) ? '"' + v.replace(/"/g, '""') + '"' : v;
}

export function csvLine(e: AuditEntry): string {
  return AUDIT_FIELDS.map((f) => (f === 'details' ? csvCell(canonicalize(e.details)) : f === 'seq' ? String(e.seq) : csvCell(e[f] as string))).join(',');
}

/** Writes both exports of `entries` into the bag (CSV with CRLF, JSON lines with LF). */
export function writeLog(bag: string, entries: AuditEntry[]): void {
  writeFileSync(join(bag, CSV), [AUDIT_FIELDS.join(','), ...entries.map(csvLine)].map((l) => l + '\r\n').join(''));
  writeFileSync(join(bag, JSONL), entries.map((e) => JSON.stringify(e) + '\n').join(''));
}

/** Writes a seal for the last entry of `entries`, signed with `k`. */
export function writeSeal(bag: string, entries: AuditEntry[], k: TestKey, installationId = 'NAT-EC94-0782', exportedAt = EXPORTED_AT): void {
  const last = entries[entries.length - 1]!;
  const obj: Record<string, unknown> = {
    format: 'natalia.audit-seal.v1',
    installation_id: installationId,
    first_seq: entries[0]!.seq,
    last_seq: last.seq,
    last_hash: last.hash,
    entry_count: entries.length,
    exported_at: exportedAt,
    kid: k.key.kid,
  };
  obj.sig = sign(null, signedMessage('natalia.seal.v1', canonicalize(obj)), k.priv).toString('base64');
  writeFileSync(join(bag, SEAL), JSON.stringify(obj, null, 2));
}

/** Physical line (1-based) of each seq in a CSV file, found by a plain scan (test oracle, not the parser under test). */
export function csvLineOfSeq(path: string): Map<number, number> {
  const text = readFileSync(path, 'utf8');
  const out = new Map<number, number>();
  let line = 1;
  let inQuote = false;
  let atRecordStart = true;
  for (let i = 0; i < text.length; i++) {
    if (atRecordStart) {
      const m = /^(\d+),/.exec(text.slice(i, i + 20));
      if (m) out.set(Number(m[1]), line);
      atRecordStart = false;
    }
    const ch = text[i];
    if (ch === '"') inQuote = !inQuote;
    else if (ch === '\n') {
      line++;
      if (!inQuote) atRecordStart = true;
    }
  }
  return out;
}
