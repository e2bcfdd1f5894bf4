// A row of the reveal register (spec §3, data/reveal/reveal-log.csv) as the
// case stores it: the cells as text, as read from the file, so an edited or
// malformed cell is shown and compared as it was written. Pure type: the API
// contract (and so the renderer) and the engine's cross-check share it.

/**
 * The register's cells but the two that link a row to its audit entry
 * (audit_seq, audit_hash): each reader keeps those in its own form (the
 * screen shows audit_seq as a number, the cross-check compares both as text).
 */
export interface RevealRegisterCells {
  reveal_id: string;
  ts: string;
  tenant: string;
  actor: string;
  role: string;
  cdr_id: string;
  extension_id: string;
  field: string;
  phone_pseudonym: string;
  last4: string;
  motive: string;
  alert_sent_to: string;
}
