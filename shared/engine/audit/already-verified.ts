// The audit-log verifier's one hook for re-audits: "entries already verified
// in this case". A case that holds an earlier export of the installation
// (case/earlier-verification.ts) offers its verified entries; the verifier
// consults them where it would send a signature to be verified, after the
// entry's hash has been recomputed from the new export's own content and its
// key found allowed at that point of the chain. An entry the earlier
// verification found authentic, with that same hash (so the same content),
// signature and key, is matched to it: verifying its signature again could
// only give the same answer. Everything else about the entry (chain, time,
// policy, the two exports compared) is judged as for any entry.
import type { AuditEntry } from '../../model/audit-entry.js';
import type { VerifyingKey } from '../crypto/ed25519.js';

export interface AlreadyVerified {
  /** Which verification the matches rest on, in the user's words (the signatures check's summary names it). */
  readonly label: string;
  /**
   * True when the earlier verification found this very entry authentic: same
   * seq, hash, signature and key id, signed by the same public key `key`.
   * Called in chain order; the caller has recomputed the entry's hash.
   */
  matches(entry: AuditEntry, key: VerifyingKey): boolean;
}

/** The entry's signature was not verified again: it is the one an earlier verification in the case verified. */
export const SIG_MATCHED = 12;
