// An audit log entry as spec §2 defines it. Pure type: shared by the engine,
// the case store and the renderer.

export const AUDIT_FIELDS = [
  'seq',
  'ts',
  'tenant',
  'actor',
  'role',
  'action',
  'target',
  'outcome',
  'motive',
  'source_ip',
  'user_agent',
  'request_id',
  'details',
  'prev_hash',
  'hash',
  'kid',
  'sig',
] as const;

export type AuditField = (typeof AUDIT_FIELDS)[number];

export interface AuditEntry {
  seq: number;
  ts: string;
  tenant: string;
  actor: string;
  role: string;
  action: string;
  target: string;
  outcome: string;
  motive: string;
  source_ip: string;
  user_agent: string;
  request_id: string;
  details: Record<string, unknown>;
  prev_hash: string;
  hash: string;
  kid: string;
  sig: string;
}

/** Where an entry was read: bag-relative file and 1-based physical line where its record starts. */
export interface EntryLocation {
  file: string;
  line: number;
}

export const KNOWN_ACTIONS = new Set([
  'auth.login',
  'auth.logout',
  'auth.lockout',
  'phone.reveal',
  'cdr.export',
  'audit.export',
  'config.change',
  'user.create',
  'user.disable',
  'user.role_change',
  'erasure.request',
  'erasure.execute',
  'retention.purge',
  'license.install',
  'license.warning',
  'license.grace',
  'license.lockout',
  'key.rotate',
  'clock.anomaly',
]);
