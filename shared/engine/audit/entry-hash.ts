// The hash of an entry (spec §2): SHA-256 of UTF-8(JCS(core)), core being the
// entry without hash, kid and sig. The core's members are fixed, so JCS is
// written out directly in sorted member order instead of through the generic
// canonicalizer: this runs once per entry of logs with millions of entries.
import { createHash, hash as oneShotHash } from 'node:crypto';
import type { AuditEntry } from '../../model/audit-entry.js';
import { canonicalize } from '../crypto/jcs.js';

/** Core members in UTF-16 code unit order (checked against canonicalize in the tests). */
export const CORE_MEMBERS_SORTED = [
  'action',
  'actor',
  'details',
  'motive',
  'outcome',
  'prev_hash',
  'request_id',
  'role',
  'seq',
  'source_ip',
  'target',
  'tenant',
  'ts',
  'user_agent',
] as const;

const q = JSON.stringify;

/** JCS(core) given the JCS text of `details`. */
export function coreJcs(e: AuditEntry, detailsJcs: string): string {
  return (
    '{"action":' + q(e.action) +
    ',"actor":' + q(e.actor) +
    ',"details":' + detailsJcs +
    ',"motive":' + q(e.motive) +
    ',"outcome":' + q(e.outcome) +
    ',"prev_hash":' + q(e.prev_hash) +
    ',"request_id":' + q(e.request_id) +
    ',"role":' + q(e.role) +
    ',"seq":' + String(e.seq) +
    ',"source_ip":' + q(e.source_ip) +
    ',"target":' + q(e.target) +
    ',"tenant":' + q(e.tenant) +
    ',"ts":' + q(e.ts) +
    ',"user_agent":' + q(e.user_agent) +
    '}'
  );
}

// crypto.hash (Node >= 20.12) skips the Hash object: measurably faster per entry.
const sha256Hex: (text: string) => string =
  typeof oneShotHash === 'function'
    ? (text) => oneShotHash('sha256', text, 'hex')
    : (text) => createHash('sha256').update(text).digest('hex');

/** JCS of the details object, or null when it holds a value JCS cannot write (a float, say). */
export function detailsJcs(details: Record<string, unknown>): string | null {
  try {
    return canonicalize(details);
  } catch {
    return null;
  }
}

/** The hash the entry should carry, or null when its details cannot be canonicalized. */
export function computeEntryHash(e: AuditEntry): string | null {
  const d = detailsJcs(e.details);
  return d === null ? null : sha256Hex(coreJcs(e, d));
}

/**
 * True when the stored hash recomputes. `detailsText` is the details cell as
 * written in the CSV, which the format says is already JCS: hashing it
 * verbatim saves re-canonicalizing; a match proves it (SHA-256 is collision
 * resistant), and a miss falls back to canonicalizing the parsed object.
 */
export function entryHashMatches(e: AuditEntry, detailsText?: string): boolean {
  return entryHashCheck(e, detailsText) !== 'mismatch';
}

/**
 * As entryHashMatches, saying how: `verbatim` when the CSV's details cell is
 * the JCS text the format asks for, `canonical` when the hash only matched
 * once the parsed details were canonicalized (the cell is not JCS: a format
 * deviation, not an alteration), `mismatch` otherwise.
 */
export function entryHashCheck(e: AuditEntry, detailsText?: string): 'verbatim' | 'canonical' | 'mismatch' {
  if (detailsText !== undefined && sha256Hex(coreJcs(e, detailsText)) === e.hash) return 'verbatim';
  if (computeEntryHash(e) !== e.hash) return 'mismatch';
  return detailsText === undefined ? 'verbatim' : 'canonical';
}
