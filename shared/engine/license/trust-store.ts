// Vendor root keys the workstation trusts (spec §8). They never come from the
// bundle: either a file the user names (--trust) or the workstation's own
// store, which starts empty so that nothing is trusted by accident.
import { homedir } from 'node:os';
import { IJsonError, parseStrictJson } from '../crypto/strict-json.js';
import { join } from 'node:path';
import { importPublicKey, keyFingerprint, type VerifyingKey } from '../crypto/ed25519.js';
import { InputFileError, readInputFileSync } from '../input-file.js';
import { EngineError } from '../engine-error.js';
import type { TrustSourceKind } from '../../model/verification.js';

export interface TrustRoot {
  kid: string;
  label?: string;
  key: VerifyingKey;
}

export interface TrustStore {
  /** Where the roots came from, for the report ("--trust file" or the workstation store). */
  source: string;
  /** Which of the two it is (loadTrustStore sets it; a store made in code may leave it out). */
  kind?: TrustSourceKind;
  roots: TrustRoot[];
}

export class TrustStoreError extends EngineError {
  constructor(message: string, options?: { cause?: unknown }) {
    super('TRUST_STORE', message, options);
    this.name = 'TrustStoreError';
  }
}

export const TRUST_STORE_FORMAT = 'natalia.trust-roots.v1';

/** A trust store lists a few vendor root keys: a few KB. */
const TRUST_STORE_LIMITS = { what: 'trust store', maxBytes: 1 << 20 };

/** The workstation's own data folder: NATALIA_AUDIT_HOME, else $XDG_CONFIG_HOME/natalia-audit, else ~/.config/natalia-audit. */
export function workstationHome(env: NodeJS.ProcessEnv = process.env): string {
  if (env.NATALIA_AUDIT_HOME) return env.NATALIA_AUDIT_HOME;
  return join(env.XDG_CONFIG_HOME || join(homedir(), '.config'), 'natalia-audit');
}

export function defaultTrustStorePath(env: NodeJS.ProcessEnv = process.env): string {
  return join(workstationHome(env), 'trust-roots.json');
}

export function parseTrustStore(text: string, source: string): TrustStore {
  let doc: unknown;
  try {
    doc = parseStrictJson(text);
  } catch (e) {
    throw new TrustStoreError(`${source} is not JSON${e instanceof IJsonError ? `: ${e.message}` : ''}`);
  }
  const d = doc as { format?: unknown; roots?: unknown };
  if (typeof doc !== 'object' || doc === null || d.format !== TRUST_STORE_FORMAT || !Array.isArray(d.roots)) {
    throw new TrustStoreError(`${source} is not a trust store (expected {"format":"natalia.trust-roots.v1","roots":[...]})`);
  }
  const roots: TrustRoot[] = [];
  d.roots.forEach((r: unknown, i: number) => {
    const root = r as { kid?: unknown; public_key?: unknown; label?: unknown };
    if (typeof root?.public_key !== 'string') throw new TrustStoreError(`${source}: roots[${i}] has no public_key`);
    const imported = importPublicKey(root.public_key);
    if ('error' in imported) throw new TrustStoreError(`${source}: roots[${i}]: ${imported.error}`);
    if (root.kid !== undefined && root.kid !== imported.key.kid) {
      throw new TrustStoreError(`${source}: roots[${i}] kid ${String(root.kid)} does not match its public key (${imported.key.kid})`);
    }
    roots.push({ kid: imported.key.kid, label: typeof root.label === 'string' ? root.label : undefined, key: imported.key });
  });
  return { source, roots };
}

function readTrustStoreText(path: string): string {
  try {
    return readInputFileSync(path, TRUST_STORE_LIMITS).toString('utf8');
  } catch (e) {
    throw new TrustStoreError((e as Error).message, { cause: e });
  }
}

/**
 * Loads `path` when given (a missing or invalid file is an error: the user
 * asked for it), else the workstation store (a missing store is simply empty).
 */
export async function loadTrustStore(path?: string, env: NodeJS.ProcessEnv = process.env): Promise<TrustStore> {
  if (path) return { ...parseTrustStore(readTrustStoreText(path), path), kind: 'file' };
  const storePath = defaultTrustStorePath(env);
  let text: string;
  try {
    text = readTrustStoreText(storePath);
  } catch (e) {
    // No store yet is the normal first state; a store that is there but unreadable is said, not taken for empty.
    if (e instanceof TrustStoreError && e.cause instanceof InputFileError && e.cause.code === 'ENOENT') {
      return { source: `${storePath} (workstation trust store, empty)`, kind: 'workstation_store', roots: [] };
    }
    throw e;
  }
  return { ...parseTrustStore(text, `${storePath} (workstation trust store)`), kind: 'workstation_store' };
}

/**
 * A trust roots file the user chose, read and checked whole before anything
 * uses it, every message naming it as `shownAs` (the name they chose it
 * under) rather than by where the workstation keeps it.
 */
export function readTrustFile(path: string, shownAs: string): TrustStore {
  let text: string;
  try {
    text = readTrustStoreText(path);
  } catch (e) {
    throw new TrustStoreError((e as Error).message.split(path).join(shownAs), { cause: e });
  }
  return { ...parseTrustStore(text, shownAs), kind: 'file' };
}

/** SHA-256 of the root's public key (hex): what a vendor reads out to confirm a root; the kid is its first 16 digits. */
export function rootFingerprint(root: TrustRoot): string {
  return keyFingerprint(root.key.raw);
}

/** The store's text (spec §8 form), roots in the given order. */
export function serializeTrustStore(roots: readonly TrustRoot[]): string {
  const doc = {
    format: TRUST_STORE_FORMAT,
    roots: roots.map((r) => ({ kid: r.kid, public_key: Buffer.from(r.key.raw).toString('base64'), ...(r.label !== undefined ? { label: r.label } : {}) })),
  };
  return JSON.stringify(doc, null, 2) + '\n';
}

/** `current` with the roots of `added` it does not hold yet (same key), in order; and which those were. */
export function mergeRoots(current: readonly TrustRoot[], added: readonly TrustRoot[]): { roots: TrustRoot[]; new: TrustRoot[] } {
  const have = new Set(current.map((r) => Buffer.from(r.key.raw).toString('hex')));
  const fresh: TrustRoot[] = [];
  for (const r of added) {
    const k = Buffer.from(r.key.raw).toString('hex');
    if (have.has(k)) continue;
    have.add(k);
    fresh.push(r);
  }
  return { roots: [...current, ...fresh], new: fresh };
}
