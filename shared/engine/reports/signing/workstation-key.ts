// The workstation's own Ed25519 key, made once per installation, that signs
// every report it writes. A recipient checks a report against the public key
// the auditor gave them (exportWorkstationPublicKey), not against whatever key
// a signature file names.
import { createPrivateKey, createPublicKey, generateKeyPairSync, sign, type KeyObject } from 'node:crypto';
import { chmodSync, closeSync, fstatSync, linkSync, mkdirSync, openSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { kidOf } from '../../crypto/ed25519.js';
import { decodeBase64Strict } from '../../crypto/encoding.js';
import { EngineError } from '../../engine-error.js';

export const KEY_FILE = 'workstation-key.json';
const KEY_FORMAT = 'natalia-audit.workstation-key.v1';
export const PUBLIC_KEY_FORMAT = 'natalia-audit.workstation-public-key.v1';

export interface WorkstationKey {
  kid: string;
  /** Raw 32-byte public key, standard base64 (the format's convention). */
  publicKey: string;
  createdAt: string;
  /** Ed25519 signature of `message`, standard base64. */
  sign(message: Uint8Array): string;
}

export interface ExportedPublicKey {
  format: typeof PUBLIC_KEY_FORMAT;
  kid: string;
  public_key: string;
  created_at: string;
}

interface KeyFile {
  format: typeof KEY_FORMAT;
  kid: string;
  public_key: string;
  private_key_pkcs8: string;
  created_at: string;
}

export class WorkstationKeyError extends EngineError {
  constructor(message: string, options?: { cause?: unknown }) {
    super('WORKSTATION_KEY', message, options);
    this.name = 'WorkstationKeyError';
  }
}

function rawPublicKey(priv: KeyObject): Uint8Array {
  const der = createPublicKey(priv).export({ format: 'der', type: 'spki' });
  return new Uint8Array(der.subarray(der.length - 32));
}

function fromFile(file: KeyFile, path: string): WorkstationKey {
  if (file.format !== KEY_FORMAT || typeof file.private_key_pkcs8 !== 'string') {
    throw new WorkstationKeyError(`${path}: not a workstation key file`);
  }
  const der = decodeBase64Strict(file.private_key_pkcs8);
  if (!der) throw new WorkstationKeyError(`${path}: private key is not base64`);
  let priv: KeyObject;
  try {
    priv = createPrivateKey({ key: Buffer.from(der), format: 'der', type: 'pkcs8' });
  } catch {
    throw new WorkstationKeyError(`${path}: private key cannot be read`);
  }
  if (priv.asymmetricKeyType !== 'ed25519') throw new WorkstationKeyError(`${path}: not an Ed25519 key`);
  const raw = rawPublicKey(priv);
  // The stored public half must be the private key's: a mismatch means the file was edited.
  if (Buffer.from(raw).toString('base64') !== file.public_key || kidOf(raw) !== file.kid) {
    throw new WorkstationKeyError(`${path}: public key or kid does not match the private key`);
  }
  return {
    kid: file.kid,
    publicKey: file.public_key,
    createdAt: file.created_at,
    sign: (message) => sign(null, message, priv).toString('base64'),
  };
}

/**
 * A private key that other accounts can read may already be copied: signing
 * with it would vouch for reports someone else could forge. POSIX mode bits
 * only (Windows keeps access in ACLs, which the profile folder already limits).
 */
export function keyFileExposure(mode: number, platform: NodeJS.Platform = process.platform): string | null {
  if (platform === 'win32' || (mode & 0o077) === 0) return null;
  return `mode ${(mode & 0o777).toString(8).padStart(4, '0')}`;
}

function readKeyFile(path: string): WorkstationKey | null {
  let text: string;
  let fd: number;
  try {
    fd = openSync(path, 'r');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw new WorkstationKeyError(`${path}: ${(e as Error).message}`);
  }
  try {
    // Checked on the descriptor that is read, so a swap between check and read changes nothing.
    const exposure = keyFileExposure(fstatSync(fd).mode);
    if (exposure) {
      throw new WorkstationKeyError(
        `${path}: other users can read the workstation key (${exposure}); restrict it with \`chmod 600 ${path}\` and, if anyone else may have copied it, rotate it (docs/security.md)`,
      );
    }
    text = readFileSync(fd, 'utf8');
  } catch (e) {
    if (e instanceof WorkstationKeyError) throw e;
    throw new WorkstationKeyError(`${path}: ${(e as Error).message}`);
  } finally {
    closeSync(fd);
  }
  let parsed: KeyFile;
  try {
    parsed = JSON.parse(text) as KeyFile;
  } catch {
    throw new WorkstationKeyError(`${path}: not JSON`);
  }
  return fromFile(parsed, path);
}

/** The key in `home`, or null when this installation has none yet. Never creates one. */
export function loadWorkstationKey(home: string): WorkstationKey | null {
  return readKeyFile(join(home, KEY_FILE));
}

/**
 * The key in `home`, made on first use. Creation is race-safe: the file is
 * written under a private temporary name, then hard-linked to its final name,
 * which fails if another process made the key first (we then use theirs).
 */
export function loadOrCreateWorkstationKey(home: string, now: () => Date = () => new Date()): WorkstationKey {
  const path = join(home, KEY_FILE);
  const existing = readKeyFile(path);
  if (existing) return existing;
  mkdirSync(home, { recursive: true, mode: 0o700 });
  const { privateKey } = generateKeyPairSync('ed25519');
  const raw = rawPublicKey(privateKey);
  const file: KeyFile = {
    format: KEY_FORMAT,
    kid: kidOf(raw),
    public_key: Buffer.from(raw).toString('base64'),
    private_key_pkcs8: privateKey.export({ format: 'der', type: 'pkcs8' }).toString('base64'),
    created_at: now().toISOString(),
  };
  const tmp = join(home, `.${KEY_FILE}.${process.pid}.${Date.now()}.tmp`);
  writeFileSync(tmp, JSON.stringify(file, null, 2) + '\n', { mode: 0o600, flag: 'wx' });
  try {
    chmodSync(tmp, 0o600);
    linkSync(tmp, path);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
  } finally {
    rmSync(tmp, { force: true });
  }
  const key = readKeyFile(path);
  if (!key) throw new WorkstationKeyError(`${path}: key file vanished after creation`);
  return key;
}

/** What the auditor hands to recipients so they can check the reports. */
export function exportWorkstationPublicKey(key: WorkstationKey): ExportedPublicKey {
  return { format: PUBLIC_KEY_FORMAT, kid: key.kid, public_key: key.publicKey, created_at: key.createdAt };
}
