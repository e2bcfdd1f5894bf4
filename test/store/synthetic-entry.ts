// Audit entries for storage and replay tests: well-formed cells, one minute
// apart, unsigned (the store and the replay queries do not verify). Each test
// sets what it is about.
import type { AuditEntry } from '../../shared/model/audit-entry.js';

export function syntheticEntry(seq: number, fields: Partial<AuditEntry> = {}): AuditEntry {
  return {
    seq,
    ts: new Date(Date.UTC(2026, 0, 1) + seq * 60_000).toISOString(),
    tenant: 'acme',
    actor: 'admin.a',
    role: 'Admin',
    action: 'auth.login',
    target: '',
    outcome: 'success',
    motive: '',
    source_ip: '',
    user_agent: '',
    request_id: '',
    details: {},
    prev_hash: '0'.repeat(64),
    hash: seq.toString(16).padStart(64, '0'),
    kid: '0'.repeat(16),
    sig: '',
    ...fields,
  };
}
